import { describe, expect, it } from 'vitest'
import {
  APP_LOCATION,
  contentSecurityPolicy,
  isAllowedExternalUrl,
  isAppUrl,
  isTrustedSender,
  needsCsp,
  secureWebPreferences,
  type RendererLocation,
} from './policy'

const app = APP_LOCATION
const dev: RendererLocation = { kind: 'dev', url: 'http://localhost:5173/' }

describe('isAppUrl', () => {
  it('accepts our own origin, app://floorwalker/, with any path, query or hash, and nothing else', () => {
    expect(app.indexUrl).toBe('app://floorwalker/index.html')
    for (const url of [
      'app://floorwalker/index.html',
      'app://floorwalker/index.html#/agents',
      'app://floorwalker/',
      'app://FLOORWALKER/index.html?x=1',
    ]) {
      expect(isAppUrl(url, app), url).toBe(true)
    }
    for (const url of [
      'app://floorwalker.evil/index.html',
      'app://evil/index.html',
      'app://user:pw@floorwalker/index.html',
      'apps://floorwalker/index.html',
      'file:///opt/Floorwalker/resources/app.asar/out/renderer/index.html',
      'file:///etc/passwd',
      'https://floorwalker/index.html',
      'http://localhost:5173/',
      'not a url',
    ]) {
      expect(isAppUrl(url, app), url).toBe(false)
    }
    expect(isAppUrl(null, app)).toBe(false)
  })

  it('accepts the dev server origin only', () => {
    expect(isAppUrl('http://localhost:5173/#/queues', dev)).toBe(true)
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isAppUrl('https://localhost:5173/', dev)).toBe(false)
    expect(isAppUrl('http://localhost.evil.com:5173/', dev)).toBe(false)
  })
})

describe('isTrustedSender', () => {
  const expected = { webContentsId: 7, location: app }
  const ours = { webContentsId: 7, frameUrl: `${app.indexUrl}#/`, isMainFrame: true }

  it('trusts the main frame of our window on our page', () => {
    expect(isTrustedSender(ours, expected)).toBe(true)
  })

  it('rejects sub-frames, other windows, foreign pages, gone frames and a missing window', () => {
    expect(isTrustedSender({ ...ours, isMainFrame: false }, expected)).toBe(false)
    expect(isTrustedSender({ ...ours, webContentsId: 8 }, expected)).toBe(false)
    expect(isTrustedSender({ ...ours, frameUrl: 'https://evil.example/' }, expected)).toBe(false)
    expect(isTrustedSender({ ...ours, frameUrl: 'file:///tmp/evil.html' }, expected)).toBe(false)
    expect(isTrustedSender({ ...ours, frameUrl: 'app://elsewhere/index.html' }, expected)).toBe(false)
    expect(isTrustedSender({ ...ours, frameUrl: null }, expected)).toBe(false)
    expect(isTrustedSender(ours, { ...expected, webContentsId: null })).toBe(false)
  })

  it('in dev, trusts the dev server origin only', () => {
    const d = { webContentsId: 1, location: dev }
    expect(
      isTrustedSender({ webContentsId: 1, frameUrl: 'http://localhost:5173/', isMainFrame: true }, d),
    ).toBe(true)
    expect(
      isTrustedSender({ webContentsId: 1, frameUrl: 'http://127.0.0.1:5173/', isMainFrame: true }, d),
    ).toBe(false)
  })
})

describe('isAllowedExternalUrl', () => {
  it('allows https links only', () => {
    expect(isAllowedExternalUrl('https://docs.example.com/help')).toBe(true)
    for (const url of [
      'http://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      'ms-msdt:/id',
      'https://user:pass@example.com/',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false)
    }
  })
})

describe('contentSecurityPolicy', () => {
  it('is strict for the built app: own scripts only, no eval, no connections, no frames', () => {
    const csp = contentSecurityPolicy(app)
    expect(csp).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; media-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; " +
        "form-action 'none'; frame-src 'none'; frame-ancestors 'none'; worker-src 'none'",
    )
    expect(csp).not.toMatch(/unsafe-eval|ws:|wss:/)
  })

  it('lets the dev server’s hot-reload socket through in dev', () => {
    expect(contentSecurityPolicy(dev)).toContain("connect-src 'self' ws://localhost:5173")
  })

  it('is added by the session hook to dev server documents only (the app protocol sends its own)', () => {
    expect(needsCsp(app.indexUrl, app)).toBe(false)
    expect(needsCsp('https://vendor.example/api', app)).toBe(false)
    expect(needsCsp('http://localhost:5173/src/main.ts', dev)).toBe(true)
    expect(needsCsp('https://vendor.example/api', dev)).toBe(false)
  })
})

describe('secureWebPreferences', () => {
  it('keeps the sandbox, context isolation and web security on, Node off', () => {
    expect(secureWebPreferences('/app/out/preload/index.cjs')).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    })
  })
})
