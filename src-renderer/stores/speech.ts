import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { useRouter } from 'vue-router'
import {
  createSpeechQueue,
  pickVoice,
  type SpeechItem,
  type SpeechQueue,
  type SynthLike,
  type UtteranceLike,
  type VoiceLike,
} from '../composables/use-speech'
import { useAppStore } from './app'
import { loadObject, saveObject } from './local-storage'
import { usePrefsStore } from './prefs'

export const SPEECH_STORAGE_KEY = 'floorwalker.speech.v1'
/** The pauses a supervisor can pick between two utterances, seconds. */
export const SPEECH_GAPS = [5, 10, 20, 30, 60] as const
export const DEFAULT_SPEECH_GAP = 10

export interface SpeechSettings {
  /** Off unless the user (or a wallboard's `speak=1`) turns it on. */
  on: boolean
  /** 0–1. */
  volume: number
  /** 0.5–2 (1 = the voice's normal pace). */
  rate: number
  /** At most one utterance every this many seconds. */
  gapSec: number
}

const clamp = (v: unknown, lo: number, hi: number, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : fallback

/** The stored settings, each bad or missing value replaced by its default. */
export function speechSettingsOf(raw: Record<string, unknown> | null): SpeechSettings {
  const gap = SPEECH_GAPS.find((g) => g === raw?.gapSec) ?? DEFAULT_SPEECH_GAP
  return {
    on: raw?.on === true,
    volume: clamp(raw?.volume, 0, 1, 1),
    rate: clamp(raw?.rate, 0.5, 2, 1),
    gapSec: gap,
  }
}

/** The platform's synthesizer, or null (an old browser, a kiosk, tests). */
function platformSynth(): (SynthLike & { addEventListener?: SpeechSynthesis['addEventListener'] }) | null {
  const g = globalThis as { speechSynthesis?: unknown }
  if (g.speechSynthesis === undefined || typeof SpeechSynthesisUtterance === 'undefined') return null
  return g.speechSynthesis as SynthLike
}

/** Whether the user has interacted with this page yet (browsers speak only after that). */
function pageActivated(): boolean {
  const nav = typeof navigator === 'undefined' ? undefined : navigator
  const activation = (nav as { userActivation?: { hasBeenActive: boolean } } | undefined)?.userActivation
  return activation?.hasBeenActive ?? false
}

/**
 * The board's voice: its settings (this board's own, in localStorage — a TV and a desk speak differently), whether
 * the platform can speak and has a voice for the board's language, whether a browser holds speech back until a
 * click, and the queue (composables/use-speech.ts) everything said goes through. A wallboard's URL may turn it on
 * or off for that screen (`#/wallboard?…&speak=1`).
 */
export const useSpeechStore = defineStore('speech', () => {
  const app = useAppStore()
  const prefs = usePrefsStore()
  const router = useRouter()

  const settings = ref<SpeechSettings>(speechSettingsOf(loadObject(SPEECH_STORAGE_KEY)))
  const synth = platformSynth()
  const supported = synth !== null
  const voices = shallowRef<readonly VoiceLike[]>(synth?.getVoices() ?? [])
  // Chromium loads its voices after the page: the list arrives with 'voiceschanged'.
  synth?.addEventListener?.('voiceschanged', () => (voices.value = synth.getVoices()))

  /** This wallboard's URL says speak (true) or not (false); null: not a wallboard, or it does not say. */
  const wallboardSays = computed<boolean | null>(() => {
    const route = router.currentRoute.value
    if (route.name !== 'wallboard') return null
    const v = route.query.speak
    return v === '1' || v === 'true' ? true : v === '0' || v === 'false' ? false : null
  })
  /** A click on the wallboard's switch wins over its URL until the page is reloaded. */
  const wallboardChoice = ref<boolean | null>(null)
  const onHere = computed(() =>
    wallboardSays.value !== null ? (wallboardChoice.value ?? wallboardSays.value) : settings.value.on,
  )
  /** Speaking now: on here and the platform can. */
  const active = computed(() => supported && onHere.value)
  /** The board's language has an installed voice (else the system's default voice reads it, badly). */
  const hasVoice = computed(() => pickVoice(voices.value, prefs.language) !== null)
  /** A browser holds speech back until someone clicks the page. */
  const blocked = ref(app.info?.shell === 'web' && !pageActivated())
  /** The last thing said (the settings show it). */
  const lastSpoken = ref<string | null>(null)

  const queue: SpeechQueue = createSpeechQueue({
    synth: () => synth,
    utter: (text) => new SpeechSynthesisUtterance(text) as unknown as UtteranceLike,
    now: () => Date.now(),
    setTimer: (ms, run) => {
      const id = setTimeout(run, ms)
      return () => clearTimeout(id)
    },
    settings: () => ({ ...settings.value, language: prefs.language }),
    more: (kind, n) => moreText(kind, n),
    onBlocked: (b) => (blocked.value = b),
    onSpoken: (text) => (lastSpoken.value = text),
    blocked: blocked.value,
  })
  /** Set by the composable that knows the words ("3 more critical alerts."). */
  let moreText: (kind: SpeechItem['kind'], n: number) => string = (kind, n) => `+${n} ${kind}`
  function setMoreText(f: typeof moreText): void {
    moreText = f
  }

  watch(active, (on) => {
    if (!on) queue.clear()
  })
  // A served board learns it is one after the first answer: before its first click, it may not speak.
  watch(
    () => app.info?.shell,
    (shell) => {
      if (shell === 'web' && !pageActivated() && !blocked.value) blocked.value = true
    },
  )
  if (typeof window !== 'undefined') {
    const onGesture = () => {
      if (blocked.value) queue.resume()
      blocked.value = false
    }
    window.addEventListener('click', onGesture)
    window.addEventListener('keydown', onGesture)
  }

  function save(change: Partial<SpeechSettings>): void {
    settings.value = speechSettingsOf({ ...settings.value, ...change })
    saveObject(SPEECH_STORAGE_KEY, settings.value)
  }

  /**
   * The switch (Settings, the header, the wallboard). Called from a click, so a browser lets it speak: turning on
   * says `confirm` at once.
   */
  function setOn(on: boolean, confirm: string): void {
    if (wallboardSays.value !== null) wallboardChoice.value = on
    else save({ on })
    if (on && supported) queue.unlock(confirm)
  }

  /** Say `text` now, whatever waits (the settings' "Try the voice"; the wallboard's "Enable spoken alerts"). */
  function sayNow(text: string): void {
    if (supported) queue.unlock(text)
  }

  return {
    settings,
    supported,
    voices,
    active,
    hasVoice,
    blocked,
    lastSpoken,
    wallboardSays,
    save,
    setOn,
    sayNow,
    setMoreText,
    enqueue: (item: SpeechItem) => {
      if (active.value) queue.enqueue(item)
    },
    cancel: (key: string) => queue.cancel(key),
    pending: () => queue.pending(),
  }
})
