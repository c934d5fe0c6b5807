// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp } from '../testing/mount'
import { useAppStore } from './app'
import { PREFS_STORAGE_KEY, usePrefsStore } from './prefs'
import { appInfo } from '../testing/fixtures'

const info = appInfo

describe('usePrefsStore', () => {
  beforeEach(() => {
    localStorage.clear()
  })
  afterEach(() => {
    delete document.documentElement.dataset.theme
  })

  it('saves theme and language in the config through prefs:set in the desktop app', async () => {
    const { fake } = createTestApp()
    fake.handle('app:info', () => info())
    fake.handle('prefs:set', (args) => ({ theme: args.theme ?? 'system', language: args.language ?? 'en' }))
    const app = useAppStore()
    await app.load()
    const prefs = usePrefsStore()
    expect(prefs.theme).toBe('system')
    expect(document.documentElement.dataset.theme).toBeUndefined()

    await prefs.setTheme('dark')
    expect(fake.calls.at(-1)).toEqual({ channel: 'prefs:set', args: { theme: 'dark' } })
    expect(prefs.theme).toBe('dark')
    expect(prefs.effectiveTheme).toBe('dark')
    expect(document.documentElement.dataset.theme).toBe('dark')

    await prefs.setLanguage('pl')
    expect(prefs.language).toBe('pl')
    expect(JSON.parse(localStorage.getItem(PREFS_STORAGE_KEY) ?? '{}')).toEqual({
      theme: 'dark',
      language: 'pl',
    })
  })

  it("keeps each browser board's own choice, even with the token: one TV's theme is not everyone's", async () => {
    const { fake } = createTestApp()
    fake.handle('app:info', () => info({ shell: 'web', readOnly: false }))
    const app = useAppStore()
    await app.load()
    const prefs = usePrefsStore()
    await prefs.setTheme('dark')
    await prefs.setLanguage('pl')
    expect(fake.calls.filter((c) => c.channel === 'prefs:set')).toEqual([])
    expect(prefs.theme).toBe('dark')
    expect(prefs.language).toBe('pl')
    expect(JSON.parse(localStorage.getItem(PREFS_STORAGE_KEY) ?? '{}')).toEqual({
      theme: 'dark',
      language: 'pl',
    })
  })

  it('keeps the choice in this browser when the board is read-only', async () => {
    const { fake } = createTestApp()
    fake.handle('app:info', () =>
      info({ shell: 'web', readOnly: true, prefs: { theme: 'dark', language: 'en' } }),
    )
    const app = useAppStore()
    await app.load()
    const prefs = usePrefsStore()
    expect(prefs.theme).toBe('dark')
    await prefs.setTheme('light')
    await prefs.setLanguage('pl')
    expect(fake.calls.map((c) => c.channel)).toEqual(['app:info'])
    expect([prefs.theme, prefs.language]).toEqual(['light', 'pl'])
    expect(document.documentElement.dataset.theme).toBe('light')
    // a reload in the same browser keeps it
    createTestApp(fake)
    await useAppStore().load()
    expect([usePrefsStore().theme, usePrefsStore().language]).toEqual(['light', 'pl'])
  })

  it('follows the OS while the theme is "system"', async () => {
    createTestApp()
    const prefs = usePrefsStore()
    prefs.systemDark = true
    expect(prefs.effectiveTheme).toBe('dark')
    prefs.systemDark = false
    expect(prefs.effectiveTheme).toBe('light')
  })

  it('says so when the choice could not be saved, and keeps it here', async () => {
    const { fake } = createTestApp()
    fake.handle('app:info', () => info())
    fake.handle('prefs:set', () => {
      throw new Error('disk full')
    })
    await useAppStore().load()
    const prefs = usePrefsStore()
    await prefs.setTheme('light')
    expect(prefs.error).toBe('disk full')
    expect(prefs.theme).toBe('light')
  })
})
