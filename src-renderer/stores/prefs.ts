import { messageOf } from '../../src-shared/result'
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { Prefs } from '../../src-shared/config'
import { useClient } from '../api'
import { useAppStore } from './app'
import { loadObject, oneOf, saveObject } from './local-storage'

export const THEMES = ['system', 'light', 'dark'] as const
export type ThemePref = (typeof THEMES)[number]
export const LANGUAGES = ['en', 'pl'] as const
export type Language = (typeof LANGUAGES)[number]

export const PREFS_STORAGE_KEY = 'floorwalker.prefs.v1'

/** Concrete colours for canvases (charts cannot read CSS variables), resolved for the current theme. */
export interface ChartColors {
  text: string
  muted: string
  grid: string
  surface: string
  waiting: string
  longestWait: string
  /**
   * Colours for one line per queue, in order: the Okabe–Ito set as the theme tunes it
   * (docs/ARCHITECTURE.md §8).
   */
  series: string[]
}

function resolveColors(): ChartColors {
  const probe = document.createElement('span')
  probe.style.display = 'none'
  document.body.append(probe)
  const get = (name: string, fallback: string): string => {
    probe.style.color = `var(${name})`
    return getComputedStyle(probe).color || fallback
  }
  const colors: ChartColors = {
    text: get('--text', '#1a1f26'),
    muted: get('--text-2', '#4d5663'),
    grid: get('--border', '#dde1e7'),
    surface: get('--surface', '#ffffff'),
    waiting: get('--c-blue', '#0a5fa6'),
    longestWait: get('--c-vermillion', '#b84e00'),
    series: [
      get('--c-blue', '#0a5fa6'),
      get('--c-vermillion', '#b84e00'),
      get('--c-green', '#007a57'),
      get('--c-purple', '#a2487b'),
      get('--c-sky', '#2b7fb8'),
      get('--c-orange', '#9a6a00'),
      get('--text', '#1a1f26'),
      get('--c-grey', '#6b7480'),
    ],
  }
  probe.remove()
  return colors
}

/**
 * Theme and language. The desktop app keeps them in the config (`prefs:set`); every browser board (a wallboard or
 * a laptop through `--serve`) keeps its own in this browser, so a dark TV does not turn every other board dark.
 * Both are mirrored in
 * localStorage so the board opens in the right theme before main has answered. The theme follows the OS
 * unless the user picked one; the choice is applied to <html> at once.
 */
export const usePrefsStore = defineStore('prefs', () => {
  const client = useClient()
  const app = useAppStore()

  const saved = loadObject(PREFS_STORAGE_KEY) ?? {}
  const localTheme = ref<ThemePref | null>(THEMES.find((t) => t === saved.theme) ?? null)
  const localLanguage = ref<Language | null>(LANGUAGES.find((l) => l === saved.language) ?? null)
  const error = ref<string | null>(null)

  const media =
    typeof window !== 'undefined' && typeof window.matchMedia === 'function'
      ? window.matchMedia('(prefers-color-scheme: dark)')
      : null
  const systemDark = ref(media?.matches ?? false)
  media?.addEventListener('change', (e) => {
    systemDark.value = e.matches
  })

  /** What main says, once it has answered (null before). */
  const served = computed<Partial<Prefs>>(() => app.info?.prefs ?? {})
  /** This board's choice is its own: any browser board (read-only or not); the desktop app uses the config. */
  const ownChoice = computed(() => app.readOnly || app.info?.shell === 'web')
  const theme = computed<ThemePref>(() =>
    ownChoice.value
      ? (localTheme.value ?? oneOf(THEMES, served.value.theme, 'system'))
      : oneOf(THEMES, served.value.theme ?? localTheme.value, 'system'),
  )
  const language = computed<Language>(() =>
    ownChoice.value
      ? (localLanguage.value ?? oneOf(LANGUAGES, served.value.language, 'en'))
      : oneOf(LANGUAGES, served.value.language ?? localLanguage.value, 'en'),
  )
  const effectiveTheme = computed<'light' | 'dark'>(() =>
    theme.value === 'system' ? (systemDark.value ? 'dark' : 'light') : theme.value,
  )

  /** Bumped whenever the theme on <html> changed, so canvases re-read their colours. */
  const themeVersion = ref(0)
  watch(
    theme,
    (next) => {
      if (typeof document === 'undefined') return
      if (next === 'system') delete document.documentElement.dataset.theme
      else document.documentElement.dataset.theme = next
      themeVersion.value += 1
    },
    { immediate: true, flush: 'sync' },
  )
  watch(systemDark, () => (themeVersion.value += 1), { flush: 'sync' })

  const chartColors = computed<ChartColors>(() => {
    void themeVersion.value
    return resolveColors()
  })

  function persist(): void {
    saveObject(PREFS_STORAGE_KEY, { theme: localTheme.value, language: localLanguage.value })
  }

  async function save(change: { theme?: ThemePref; language?: Language }): Promise<void> {
    if (change.theme) localTheme.value = change.theme
    if (change.language) localLanguage.value = change.language
    persist()
    error.value = null
    const info = app.info
    if (ownChoice.value || !info) return
    // Shown at once; main's answer (the prefs as saved) replaces it.
    app.info = { ...info, prefs: { ...info.prefs, ...change } }
    try {
      const prefs = await client.invoke('prefs:set', change)
      if (app.info) app.info = { ...app.info, prefs }
    } catch (err) {
      // The choice still holds here (it is in localStorage); say why it was not saved for everyone.
      error.value = messageOf(err)
    }
  }

  /** The desktop app's "Start at login" (main turns the OS's switch and keeps the choice); rejects with why not. */
  const startAtLogin = computed(() => served.value.startAtLogin ?? false)
  async function setStartAtLogin(on: boolean): Promise<void> {
    const prefs = await client.invoke('prefs:set', { startAtLogin: on })
    if (app.info) app.info = { ...app.info, prefs }
  }

  return {
    theme,
    language,
    startAtLogin,
    setStartAtLogin,
    effectiveTheme,
    systemDark,
    themeVersion,
    chartColors,
    error,
    setTheme: (t: ThemePref) => save({ theme: t }),
    setLanguage: (l: Language) => save({ language: l }),
  }
})
