import { watch } from 'vue'
import { useI18n } from 'vue-i18n'
import type { AlertList, AlertView } from '../../src-shared/alerts'
import type { AlertPrefs } from '../../src-shared/config'
import type { ChatMessageRow } from '../../src-shared/live'
import { whoOf } from '../../src-shared/notify-text'
import { useAlertsStore } from '../stores/alerts'
import { useLiveStore } from '../stores/live'
import { useMessagesStore } from '../stores/messages'
import { usePrefsStore } from '../stores/prefs'
import { useSpeechStore } from '../stores/speech'

/**
 * A board that speaks (docs/ARCHITECTURE.md §3.6): critical alerts and urgent supervisor messages read aloud by
 * the platform's speech synthesis (window.speechSynthesis: Chromium's in the desktop app, the browser's on a
 * served board or wallboard), in the board's language, at most one utterance every few seconds. What piles up
 * meanwhile is collapsed into one utterance ("Critical: Longest wait, Support. 3 more critical alerts."). An
 * acknowledged alert, a resolved one or a message marked read is taken out of the queue (and stopped if it is
 * being spoken). This file holds the queue (no Vue, no globals: tests drive it with a stub synthesizer) and the
 * composable that feeds it from the alert list and the messages; stores/speech.ts keeps the settings.
 */

/** The parts of window.speechSynthesis the board uses. */
export interface SynthLike {
  speak(u: UtteranceLike): void
  cancel(): void
  getVoices(): readonly VoiceLike[]
}
export interface VoiceLike {
  name: string
  lang: string
  default?: boolean
  localService?: boolean
}
/** The parts of SpeechSynthesisUtterance the board sets. */
export interface UtteranceLike {
  text: string
  lang: string
  voice: VoiceLike | null
  volume: number
  rate: number
  onend: ((ev: unknown) => void) | null
  onerror: ((ev: { error?: string }) => void) | null
}

export type SpeechLanguage = 'en' | 'pl'
const BCP47: Record<SpeechLanguage, string> = { en: 'en-US', pl: 'pl-PL' }

/**
 * The voice for `language`: one whose `lang` is that language (`pl`, `pl-PL`, `pl_PL`), preferring the system's
 * default, then a local (offline) one; null when none is installed.
 */
export function pickVoice(voices: readonly VoiceLike[], language: SpeechLanguage): VoiceLike | null {
  const mine = voices.filter((v) => v.lang.toLowerCase().replace('_', '-').split('-')[0] === language)
  return mine.find((v) => v.default) ?? mine.find((v) => v.localService) ?? mine[0] ?? null
}

/** One thing to say: an alert (`alert:<id>`) or a message (`message:<key>`). */
export interface SpeechItem {
  key: string
  kind: 'alert' | 'message'
  text: string
}

export interface SpeechQueueDeps {
  /** The synthesizer, or null where the platform has none. */
  synth: () => SynthLike | null
  utter: (text: string) => UtteranceLike
  now: () => number
  setTimer: (ms: number, run: () => void) => () => void
  /** Read at each utterance: the settings may change between two. */
  settings: () => { volume: number; rate: number; gapSec: number; language: SpeechLanguage }
  /** "3 more critical alerts." / "2 more urgent messages." */
  more: (kind: SpeechItem['kind'], n: number) => string
  /** The platform refused to speak without a user gesture (true), or spoke again (false). */
  onBlocked: (blocked: boolean) => void
  /** Told of every utterance (tests, the settings' "last spoken"). */
  onSpoken?: (text: string) => void
  /** Start held back until {@link SpeechQueue.resume} or `unlock` (a browser page before its first gesture). */
  blocked?: boolean
}

export interface SpeechQueue {
  /** Say `item` when the rate limit allows; an item already waiting under the same key is replaced. */
  enqueue(item: SpeechItem): void
  /** Drop `key` from the queue, and stop it if it is being said now (acknowledged, resolved, read). */
  cancel(key: string): void
  /** Drop everything and stop speaking (the voice was switched off). */
  clear(): void
  /**
   * Called from a click (a browser speaks only after a user gesture): say `text` now (a confirmation), then
   * what waits, at the usual pace.
   */
  unlock(text: string): void
  /** The page has had its user gesture: say what waits, at the usual pace. */
  resume(): void
  /** Keys waiting, oldest first. */
  pending(): string[]
  dispose(): void
}

export function createSpeechQueue(d: SpeechQueueDeps): SpeechQueue {
  let queue: SpeechItem[] = []
  /** What is being said now (its keys) or null. */
  let current: { items: SpeechItem[]; utterance: UtteranceLike } | null = null
  let lastAt: number | null = null
  let timer: (() => void) | null = null
  let blocked = d.blocked ?? false

  const setBlocked = (on: boolean) => {
    if (blocked === on) return
    blocked = on
    d.onBlocked(on)
  }

  const stopTimer = () => {
    timer?.()
    timer = null
  }

  const schedule = () => {
    if (timer !== null || current !== null || blocked || queue.length === 0) return
    const gapMs = d.settings().gapSec * 1000
    const wait = lastAt === null ? 0 : Math.max(0, lastAt + gapMs - d.now())
    timer = d.setTimer(wait, () => {
      timer = null
      speakNext()
    })
  }

  const say = (text: string, items: SpeechItem[]): boolean => {
    const synth = d.synth()
    if (synth === null) return false
    const s = d.settings()
    const u = d.utter(text)
    u.lang = BCP47[s.language]
    u.voice = pickVoice(synth.getVoices(), s.language)
    u.volume = s.volume
    u.rate = s.rate
    const done = () => {
      if (current?.utterance !== u) return
      current = null
      schedule()
    }
    u.onend = done
    u.onerror = (ev) => {
      if (current?.utterance !== u) return
      if (ev.error === 'not-allowed') {
        // No user gesture yet: keep what was to be said for the click that allows it.
        queue = [...items.filter((i) => !queue.some((q) => q.key === i.key)), ...queue]
        current = null
        lastAt = null
        setBlocked(true)
        return
      }
      // Interrupted (cancelled), or the synthesizer failed on this text: go on with the rest.
      done()
    }
    current = { items, utterance: u }
    lastAt = d.now()
    synth.speak(u)
    d.onSpoken?.(text)
    return true
  }

  const speakNext = () => {
    if (current !== null || blocked) return
    const [first, ...rest] = queue
    if (first === undefined) return
    queue = []
    const parts = [first.text]
    for (const kind of ['alert', 'message'] as const) {
      const n = rest.filter((i) => i.kind === kind).length
      if (n > 0) parts.push(d.more(kind, n))
    }
    if (!say(parts.join(' '), [first, ...rest])) queue = []
  }

  return {
    enqueue(item) {
      const i = queue.findIndex((q) => q.key === item.key)
      if (i >= 0) queue[i] = item
      else queue.push(item)
      schedule()
    },
    cancel(key) {
      queue = queue.filter((q) => q.key !== key)
      if (current !== null && current.items[0]?.key === key) {
        // Its own words are being said: stop them; the rest it summed up ("3 more") go back in the queue.
        const others = current.items.slice(1).filter((i) => !queue.some((q) => q.key === i.key))
        current = null
        queue = [...others, ...queue]
        d.synth()?.cancel()
      }
      if (queue.length === 0) stopTimer()
      else schedule()
    },
    clear() {
      queue = []
      stopTimer()
      if (current !== null) {
        current = null
        d.synth()?.cancel()
      }
    },
    unlock(text) {
      setBlocked(false)
      stopTimer()
      if (current !== null) {
        current = null
        d.synth()?.cancel()
      }
      lastAt = null
      say(text, [])
    },
    resume() {
      setBlocked(false)
      schedule()
    },
    pending: () => queue.map((q) => q.key),
    dispose() {
      queue = []
      stopTimer()
    },
  }
}

/** What a critical alert's utterance says: the rule and where, an agent's name only where names are allowed. */
export function alertSpeech(
  a: AlertView,
  detail: AlertPrefs['notificationDetail'],
  language: SpeechLanguage,
  t: (key: string, values: Record<string, string>) => string,
): string {
  return t('speech.critical', { rule: a.ruleName, who: whoOf(a, detail, language) })
}

/** The longest a message is read (its first words; the rest is on the board). */
const MESSAGE_CHARS = 200

/**
 * The alerts to say now: critical, firing, newly critical since the last list, not acknowledged, not silenced
 * (snoozed, muted, quiet hours, inhibited) and of a rule that did not ask not to be spoken (`speak: false`).
 */
export function alertsToSpeak(list: AlertList, known: ReadonlySet<string>): AlertView[] {
  const silentRules = new Set(list.rules.filter((r) => r.speak === false).map((r) => r.rule))
  return list.active.filter(
    (a) =>
      a.state === 'firing' &&
      a.severity === 'critical' &&
      !known.has(a.id) &&
      a.ack === null &&
      a.silenced === null &&
      !a.inhibited &&
      !silentRules.has(a.rule),
  )
}

/** Alerts no longer to be said: gone, acknowledged, silenced or below critical. */
function stillSpeakable(a: AlertView | undefined): boolean {
  return (
    a !== undefined &&
    a.state === 'firing' &&
    a.severity === 'critical' &&
    a.ack === null &&
    a.silenced === null &&
    !a.inhibited
  )
}

/**
 * Feed the board's voice for as long as the board is open (App.vue): new critical alerts and new urgent messages
 * go in the queue; acknowledged, resolved, silenced alerts and messages marked read come out. Alerts and messages
 * already there when the board opens are not spoken. Nothing is queued while the voice is off.
 */
export function useSpeech(): void {
  const { t } = useI18n()
  const speech = useSpeechStore()
  const alerts = useAlertsStore()
  const live = useLiveStore()
  const messages = useMessagesStore()
  const prefs = usePrefsStore()
  const tr = (key: string, values: Record<string, string>) => t(key, values)
  speech.setMoreText((kind, n) => t(kind === 'alert' ? 'speech.more' : 'speech.moreMessages', { n }, n))

  /** Critical alerts seen (spoken or not), so an alert is said once per time it becomes critical. */
  let knownAlerts: Set<string> | null = null
  watch(
    () => alerts.list,
    (list) => {
      if (list === null) return
      const byId = new Map(list.active.map((a) => [a.id, a]))
      for (const key of speech.pending()) {
        if (key.startsWith('alert:') && !stillSpeakable(byId.get(key.slice(6)))) speech.cancel(key)
      }
      const critical = new Set(
        list.active.filter((a) => a.state === 'firing' && a.severity === 'critical').map((a) => a.id),
      )
      if (knownAlerts !== null && speech.active) {
        for (const a of alertsToSpeak(list, knownAlerts)) {
          speech.enqueue({
            key: `alert:${a.id}`,
            kind: 'alert',
            text: alertSpeech(a, alerts.prefs.notificationDetail, prefs.language, tr),
          })
        }
      }
      knownAlerts = critical
    },
    { immediate: true },
  )

  let knownMessages: Set<string> | null = null
  watch(
    () => (live.seq === null ? null : messages.all),
    (list: ChatMessageRow[] | null) => {
      if (list === null) return
      for (const key of speech.pending()) {
        if (key.startsWith('message:') && messages.isRead(key.slice(8))) speech.cancel(key)
      }
      const keys = new Set(list.map((m) => m.key))
      if (knownMessages !== null && speech.active) {
        for (const m of list) {
          if (!m.urgent || knownMessages.has(m.key) || messages.isRead(m.key)) continue
          const text = m.text.length > MESSAGE_CHARS ? `${m.text.slice(0, MESSAGE_CHARS - 1)}…` : m.text
          speech.enqueue({
            key: `message:${m.key}`,
            kind: 'message',
            text: t('speech.urgent', {
              sender: m.senderName ?? m.senderLogin ?? t('messages.unknownSender'),
              text,
            }),
          })
        }
      }
      knownMessages = keys
    },
    { immediate: true },
  )
  // A message marked read while waiting: out of the queue.
  watch(
    () => messages.unreadCount,
    () => {
      for (const key of speech.pending()) {
        if (key.startsWith('message:') && messages.isRead(key.slice(8))) speech.cancel(key)
      }
    },
  )
}
