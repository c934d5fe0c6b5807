import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { applyUserData } from './user-data'

function fakeApp() {
  const calls: string[] = []
  return {
    calls,
    setPath: (name: string, path: string) => void calls.push(`setPath ${name} ${path}`),
    setAppLogsPath: (path?: string) => void calls.push(`setAppLogsPath ${path ?? '(OS default)'}`),
  }
}

describe('FLOORWALKER_USER_DATA', () => {
  let root: string
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'fw-userdata-'))
  })
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  it('unset: the OS defaults for the profile and the logs', () => {
    const app = fakeApp()
    expect(applyUserData(app, {})).toBeNull()
    expect(applyUserData(app, { FLOORWALKER_USER_DATA: '  ' })).toBeNull()
    expect(app.calls).toEqual(['setAppLogsPath (OS default)', 'setAppLogsPath (OS default)'])
  })

  it('set: the profile folder (made private, relative to where the app was started) and its logs', () => {
    const app = fakeApp()
    const dir = applyUserData(app, { FLOORWALKER_USER_DATA: 'profiles/test' }, root)
    expect(dir).toBe(join(root, 'profiles', 'test'))
    expect(statSync(dir!).mode & 0o777).toBe(0o700)
    expect(app.calls).toEqual([`setPath userData ${dir}`, `setAppLogsPath ${join(dir!, 'logs')}`])
  })

  it('a folder that cannot be made: an error naming the variable and the folder, and nothing changed', () => {
    const app = fakeApp()
    writeFileSync(join(root, 'file'), '')
    expect(() => applyUserData(app, { FLOORWALKER_USER_DATA: join(root, 'file', 'x') })).toThrow(
      `FLOORWALKER_USER_DATA=${join(root, 'file', 'x')}: cannot use ${join(root, 'file', 'x')} as the profile folder: ENOTDIR`,
    )
    expect(app.calls).toEqual([])
    expect(existsSync(join(root, 'file', 'x'))).toBe(false)
  })
})
