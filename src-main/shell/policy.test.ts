import { describe, expect, it } from 'vitest'
import {
  contentSecurityPolicy,
  isAllowedExternalUrl,
  isAppUrl,
  isTrustedSender,
  needsCsp,
  secureWebPreferences,
  type RendererLocation,
} from './policy'

const file: RendererLocation = {
  kind: 'file',
  indexUrl: 'file:///opt/Floorwalker/resources/app.asar/out/renderer/index.html',
}
const dev: RendererLocation = { kind: 'dev', url: 'http://localhost:5173/' }

describe('isAppUrl', () => {
  it('accepts our index file with any hash or query, and nothing else on disk', () => {
    expect(isAppUrl('file:///opt/Floorwalker/resources/app.asar/out/renderer/index.html', file)).toBe(true)
    expect(isAppUrl('file:///opt/Floorwalker/resources/app.asar/out/renderer/index.html#/agents', file)).toBe(
      true,
    )
    expect(isAppUrl('file:///opt/Floorwalker/resources/app.asar/out/renderer/other.html', file)).toBe(false)
    expect(isAppUrl('file:///etc/passwd', file)).toBe(false)
    expect(
      isAppUrl('file:///opt/Floorwalker/resources/app.asar/out/renderer/../renderer/index.html', file),
    ).toBe(true)
    expect(
      isAppUrl('file://evil-host/opt/Floorwalker/resources/app.asar/out/renderer/index.html', file),
    ).toBe(false)
    expect(isAppUrl('http://localhost:5173/', file)).toBe(false)
    expect(isAppUrl(null, file)).toBe(false)
    expect(isAppUrl('not a url', file)).toBe(false)
  })

  it('accepts the dev server origin only', () => {
    expect(isAppUrl('http://localhost:5173/#/queues', dev)).toBe(true)
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isAppUrl('https://localhost:5173/', dev)).toBe(false)
    expect(isAppUrl('http://localhost.evil.com:5173/', dev)).toBe(false)
  })
})

describe('isTrustedSender', () => {
  const expected = { webContentsId: 7, location: file }
  const ours = { webContentsId: 7, frameUrl: `${file.indexUrl}#/`, isMainFrame: true }

  it('trusts the main frame of our window on our page', () => {
    expect(isTrustedSender(ours, expected)).toBe(true)
  })

  it('rejects sub-frames, other windows, foreign pages, gone frames and a missing window', () => {
    expect(isTrustedSender({ ...ours, isMainFrame: false }, expected)).toBe(false)
    expect(isTrustedSender({ ...ours, webContentsId: 8 }, expected)).toBe(false)
    expect(isTrustedSender({ ...ours, frameUrl: 'https://evil.example/' }, expected)).toBe(false)
    expect(isTrustedSender({ ...ours, frameUrl: 'file:///tmp/evil.html' }, expected)).toBe(false)
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
  it('is strict for the built app: own scripts only, no eval, no network, no frames', () => {
    const csp = contentSecurityPolicy(file)
    expect(csp).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; media-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
        "form-action 'none'; frame-src 'none'; frame-ancestors 'none'; worker-src 'none'",
    )
    expect(csp).not.toContain('unsafe-eval')
  })

  it('lets the dev server’s hot-reload socket through in dev', () => {
    expect(contentSecurityPolicy(dev)).toContain("connect-src 'self' ws://localhost:5173")
  })

  it('applies to our documents only', () => {
    expect(needsCsp(file.indexUrl, file)).toBe(true)
    expect(needsCsp('https://vendor.example/api', file)).toBe(false)
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
