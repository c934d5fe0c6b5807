/**
 * `npm start` where the Electron binary is missing (a fresh machine that cannot download it): one clear line and
 * no stack trace, then the board served to this computer only — loopback, with a one-time token in the printed
 * address that gives full control — and the runner's NDJSON kept off the terminal.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { appUserData, servedBoard } from './served-board.mjs'

const ROOT = join(import.meta.dirname, '..')

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

/** One bridge call, as the board makes it. */
function invoke(
  url: string,
  channel: string,
  args: unknown,
  token: string | null = null,
): Promise<{ ok: boolean; value?: unknown; error?: unknown }> {
  return new Promise((resolve, reject) => {
    // A script sends the token as a bearer header; the socket URL never carries it.
    const ws = new WebSocket(url, token ? { headers: { authorization: `Bearer ${token}` } } : {})
    ws.on('error', reject)
    ws.on('open', () => ws.send(JSON.stringify({ t: 'invoke', id: 1, channel, args })))
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { t: string; id?: number; envelope?: { ok: boolean } }
      if (m.t === 'result' && m.id === 1) {
        ws.close()
        resolve(m.envelope as { ok: boolean })
      }
    })
  })
}

describe('where the desktop app is expected (served-board.mjs)', () => {
  it("uses the app's user-data folder, so what is added there is the app's later", () => {
    expect(appUserData({ env: {}, platform: 'linux', home: '/home/ana' })).toBe(
      '/home/ana/.config/Floorwalker',
    )
    expect(appUserData({ env: { XDG_CONFIG_HOME: '/cfg' }, platform: 'linux', home: '/home/ana' })).toBe(
      '/cfg/Floorwalker',
    )
    expect(appUserData({ env: {}, platform: 'darwin', home: '/Users/ana' })).toBe(
      '/Users/ana/Library/Application Support/Floorwalker',
    )
    expect(appUserData({ env: { FLOORWALKER_USER_DATA: '/p' }, platform: 'linux', home: '/h' })).toBe('/p')
  })

  it('serves on loopback only with a fresh token that is never on the command line', () => {
    const a = servedBoard({ env: { FLOORWALKER_PORT: '5999' }, platform: 'linux', home: '/h' })
    const b = servedBoard({ env: {}, platform: 'linux', home: '/h' })
    expect(a.args).toEqual([
      ...['--demo', '--serve', '127.0.0.1:5999', '--state', '/h/.config/Floorwalker', '--public-read'],
    ])
    expect(a.token).not.toBe(b.token)
    expect(a.token.length).toBeGreaterThanOrEqual(32)
    expect(a.args.join(' ')).not.toContain(a.token)
    expect(a.url('http://127.0.0.1:5999/')).toBe(`http://127.0.0.1:5999/?token=${a.token}`)
  })
})

describe('npm start without the Electron binary', () => {
  const profile = mkdtempSync(join(tmpdir(), 'fw-start-'))
  let child: ChildProcess
  let stdout = ''
  let stderr = ''
  let address = ''

  beforeAll(async () => {
    const port = await freePort()
    child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: ROOT,
      env: {
        ...process.env,
        // Whatever this machine has, the binary is missing for this run.
        ELECTRON_OVERRIDE_DIST_PATH: join(profile, 'no-electron'),
        FLOORWALKER_USER_DATA: profile,
        FLOORWALKER_PORT: String(port),
        // The renderer is whatever out/ holds: serving it is the web bridge's own test.
        FLOORWALKER_START_NO_BUILD: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stderr?.on('data', (d) => (stderr += String(d)))
    address = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (d) => {
        stdout += String(d)
        const m = /^Open (\S+) /m.exec(stdout)
        if (m) resolve(m[1]!)
      })
      child.on('exit', (code) => reject(new Error(`npm start ended (${code}): ${stdout}${stderr}`)))
    })
  }, 90_000)

  afterAll(async () => {
    if (child.exitCode === null) {
      const ended = new Promise((r) => child.once('exit', r))
      child.kill('SIGINT')
      await ended
    }
    rmSync(profile, { recursive: true, force: true })
  })

  it('says so in one line, without a stack trace, then prints where to open the board', () => {
    const lines = stdout.trim().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(
      /^Floorwalker: the desktop app cannot start here \(the Electron binary is not installed/,
    )
    expect(stdout + stderr).not.toMatch(/^\s+at /m)
    const url = new URL(address)
    expect(url.hostname).toBe('127.0.0.1')
    expect(url.searchParams.get('token')?.length).toBeGreaterThanOrEqual(32)
  })

  it('keeps NDJSON off the terminal: it is in the log file in the profile', () => {
    expect(stdout).not.toMatch(/^\{/m)
    expect(stderr).toBe('')
    const log = join(profile, 'served-board.log')
    expect(existsSync(log)).toBe(true)
    expect(readFileSync(log, 'utf8')).toMatch(/^\{"type":/m)
  })

  it('gives the printed address full control, and anyone without its token only a view', async () => {
    const url = new URL(address)
    const bridge = `ws://${url.host}/bridge`
    const withToken = await invoke(bridge, 'app:info', null, url.searchParams.get('token'))
    expect(withToken).toMatchObject({ ok: true, value: { shell: 'web', readOnly: false } })
    const without = await invoke(bridge, 'app:info', null)
    expect(without).toMatchObject({ ok: true, value: { readOnly: true } })
  })

  it('adds a connection through the served board, kept in the profile, its secret for this session when there is no keychain', async () => {
    const url = new URL(address)
    const bridge = `ws://${url.host}/bridge`
    const token = url.searchParams.get('token')
    const info = (await invoke(bridge, 'app:info', null, token)) as {
      value: { keychain: { available: boolean } }
    }
    const saved = await invoke(
      bridge,
      'connections:save',
      {
        connection: {
          id: 'web-chat',
          label: 'Web chat',
          provider: 'giosg',
          pollSeconds: 15,
          enabled: true,
          options: {},
        },
        secret: 'giosg-token-for-the-test',
        sessionOnly: !info.value.keychain.available,
      },
      token,
    )
    expect(saved).toMatchObject({ ok: true, value: { id: 'web-chat' } })
    const settings = readFileSync(join(profile, 'settings.json'), 'utf8')
    expect(settings).toContain('"web-chat"')
    expect(settings).not.toContain('giosg-token-for-the-test')
  })
})
