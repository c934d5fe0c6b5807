import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { contentSecurityPolicy } from '../../src-shared/renderer-csp'
import { memoryLogger } from '../core/runtime/logger'

type Handler = (request: Request) => Promise<Response>
const electron = vi.hoisted(() => ({
  privileged: [] as unknown[],
  handlers: new Map<string, Handler>(),
}))
vi.mock('electron', () => ({
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => electron.privileged.push(...schemes),
    handle: (scheme: string, h: Handler) => electron.handlers.set(scheme, h),
    unhandle: (scheme: string) => electron.handlers.delete(scheme),
  },
}))

const { registerAppScheme, rendererResponse, serveRendererFiles } = await import('./app-protocol')

let root: string
let outside: string
beforeAll(() => {
  const base = mkdtempSync(join(tmpdir(), 'app-protocol-'))
  root = join(base, 'renderer')
  outside = join(base, 'secret.txt')
  mkdirSync(join(root, 'assets'), { recursive: true })
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>board</title>')
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)')
  writeFileSync(outside, 'not for the page')
})
afterAll(() => rmSync(join(root, '..'), { recursive: true, force: true }))
beforeEach(() => {
  electron.privileged.length = 0
  electron.handlers.clear()
})

const get = (url: string, method = 'GET') => rendererResponse(new Request(url, { method }), root)

describe('app://floorwalker/', () => {
  it('registers a standard, secure scheme that supports fetch, before ready', () => {
    registerAppScheme()
    expect(electron.privileged).toEqual([
      {
        scheme: 'app',
        privileges: {
          standard: true,
          secure: true,
          supportFetchAPI: true,
          corsEnabled: true,
          codeCache: true,
        },
      },
    ])
  })

  it('serves the page and its assets with the desktop CSP as a header', async () => {
    for (const url of [
      'app://floorwalker/',
      'app://floorwalker/index.html',
      'app://floorwalker/index.html?x=1',
    ]) {
      const r = await get(url)
      expect(r.status, url).toBe(200)
      expect(await r.text()).toBe('<!doctype html><title>board</title>')
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(r.headers.get('content-security-policy')).toBe(contentSecurityPolicy({ kind: 'desktop' }))
      expect(r.headers.get('cache-control')).toBe('no-cache')
    }
    const js = await get('app://floorwalker/assets/index-abc.js')
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(js.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await js.text()).toBe('console.log(1)')
    const head = await get('app://floorwalker/index.html', 'HEAD')
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })

  it('the desktop CSP lets the page open no connection at all', () => {
    const csp = contentSecurityPolicy({ kind: 'desktop' })
    expect(csp).toContain("connect-src 'none'")
    expect(csp).not.toMatch(/ws:|wss:|unsafe-eval/)
  })

  it('reaches nothing outside the renderer folder, nothing on another host, and only reads', async () => {
    for (const url of [
      'app://floorwalker/..%2fsecret.txt',
      'app://floorwalker/%2e%2e/secret.txt',
      'app://floorwalker/assets/..%2f..%2fsecret.txt',
      'app://floorwalker/missing.js',
      'app://floorwalker/assets',
      'app://other/index.html',
    ]) {
      const r = await get(url)
      expect(r.status, url).toBe(404)
      expect(await r.text()).not.toContain('not for the page')
    }
    expect((await get('app://floorwalker/%E0%A4%A')).status).toBe(400)
    expect((await get('app://floorwalker/index.html', 'POST')).status).toBe(405)
  })

  it('handles the scheme until disposed, logging refused requests', async () => {
    const log = memoryLogger()
    const dispose = serveRendererFiles(root, log)
    const handler = electron.handlers.get('app')
    expect(handler).toBeDefined()
    expect((await handler?.(new Request('app://floorwalker/nope')))?.status).toBe(404)
    expect(log.lines.some((l) => l.includes('the page asked for a file it cannot have'))).toBe(true)
    dispose()
    expect(electron.handlers.size).toBe(0)
  })
})
