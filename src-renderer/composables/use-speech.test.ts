// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick } from 'vue'
import type { ChatMessageRow } from '../../src-shared/live'
import { useAlertsStore } from '../stores/alerts'
import { useAppStore } from '../stores/app'
import { useLiveStore } from '../stores/live'
import { useMessagesStore } from '../stores/messages'
import { SPEECH_STORAGE_KEY, speechSettingsOf, useSpeechStore } from '../stores/speech'
import { alertList, alertView, ruleStatus } from '../testing/alert-fixtures'
import { appInfo, chatMessage, liveState, T0 } from '../testing/fixtures'
import { createTestApp } from '../testing/mount'
import {
  createSpeechQueue,
  pickVoice,
  useSpeech,
  type SpeechItem,
  type SynthLike,
  type UtteranceLike,
  type VoiceLike,
} from './use-speech'

/** A speechSynthesis that records what it was asked to say and lets the test end or fail an utterance. */
class FakeSynth implements SynthLike {
  said: UtteranceLike[] = []
  cancelled = 0
  voices: VoiceLike[] = [
    { name: 'Samantha', lang: 'en-US', default: true, localService: true },
    { name: 'Zosia', lang: 'pl-PL', localService: true },
  ]
  speak(u: UtteranceLike): void {
    this.said.push(u)
  }
  cancel(): void {
    this.cancelled++
    const last = this.said.at(-1)
    last?.onerror?.({ error: 'interrupted' })
  }
  getVoices(): readonly VoiceLike[] {
    return this.voices
  }
  addEventListener(): void {}
  /** The last utterance finished. */
  end(): void {
    this.said.at(-1)?.onend?.({})
  }
  get texts(): string[] {
    return this.said.map((u) => u.text)
  }
}

class FakeUtterance implements UtteranceLike {
  lang = ''
  voice: VoiceLike | null = null
  volume = 1
  rate = 1
  onend: UtteranceLike['onend'] = null
  onerror: UtteranceLike['onerror'] = null
  constructor(public text: string) {}
}

const alert = (key: string, text = `Alert ${key}.`): SpeechItem => ({ key, kind: 'alert', text })
const message = (key: string): SpeechItem => ({ key, kind: 'message', text: `Message ${key}.` })

function queueWith(over: { gapSec?: number; language?: 'en' | 'pl'; blocked?: boolean } = {}) {
  const synth = new FakeSynth()
  const blocked: boolean[] = []
  const q = createSpeechQueue({
    synth: () => synth,
    utter: (text) => new FakeUtterance(text),
    now: () => Date.now(),
    setTimer: (ms, run) => {
      const id = setTimeout(run, ms)
      return () => clearTimeout(id)
    },
    settings: () => ({ volume: 0.6, rate: 1.2, gapSec: over.gapSec ?? 10, language: over.language ?? 'en' }),
    more: (kind, n) => `${n} more ${kind === 'alert' ? 'critical alerts' : 'urgent messages'}.`,
    onBlocked: (b) => blocked.push(b),
    blocked: over.blocked,
  })
  return { q, synth, blocked }
}

describe('the speech queue', () => {
  beforeEach(() => vi.useFakeTimers({ now: T0 }))
  afterEach(() => vi.useRealTimers())

  it('says the first item at once and the next no sooner than the gap after it', async () => {
    const { q, synth } = queueWith({ gapSec: 10 })
    q.enqueue(alert('a'))
    await vi.advanceTimersByTimeAsync(0)
    expect(synth.texts).toEqual(['Alert a.'])
    expect(synth.said[0]).toMatchObject({ volume: 0.6, rate: 1.2, lang: 'en-US' })
    synth.end()
    q.enqueue(alert('b'))
    await vi.advanceTimersByTimeAsync(9_000)
    expect(synth.texts).toEqual(['Alert a.'])
    await vi.advanceTimersByTimeAsync(1_000)
    expect(synth.texts).toEqual(['Alert a.', 'Alert b.'])
  })

  it('waits for the utterance being said to end, and never overlaps two', async () => {
    const { q, synth } = queueWith({ gapSec: 5 })
    q.enqueue(alert('a'))
    await vi.advanceTimersByTimeAsync(0)
    q.enqueue(alert('b'))
    await vi.advanceTimersByTimeAsync(30_000)
    expect(synth.texts).toEqual(['Alert a.'])
    synth.end()
    await vi.advanceTimersByTimeAsync(0)
    expect(synth.texts).toEqual(['Alert a.', 'Alert b.'])
  })

  it('collapses what piled up into one utterance: the oldest in full, the rest counted', async () => {
    const { q, synth } = queueWith({ gapSec: 10 })
    q.enqueue(alert('a'))
    await vi.advanceTimersByTimeAsync(0)
    synth.end()
    for (const k of ['b', 'c', 'd', 'e']) q.enqueue(alert(k))
    q.enqueue(message('m1'))
    q.enqueue(alert('c', 'Alert c again.'))
    expect(q.pending()).toEqual(['b', 'c', 'd', 'e', 'm1'])
    await vi.advanceTimersByTimeAsync(10_000)
    expect(synth.texts).toEqual(['Alert a.', 'Alert b. 3 more critical alerts. 1 more urgent messages.'])
    expect(q.pending()).toEqual([])
  })

  it('takes an acknowledged item out of the queue, and stops it while it is being said', async () => {
    const { q, synth } = queueWith({ gapSec: 10 })
    q.enqueue(alert('a'))
    await vi.advanceTimersByTimeAsync(0)
    synth.end()
    q.enqueue(alert('b'))
    q.enqueue(alert('c'))
    q.cancel('b')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(synth.texts).toEqual(['Alert a.', 'Alert c.'])
    // "c" is being said and is acknowledged: it stops; nothing else is owed.
    q.cancel('c')
    expect(synth.cancelled).toBe(1)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(synth.texts).toHaveLength(2)
  })

  it('keeps the items a stopped summary counted, for the next utterance', async () => {
    const { q, synth } = queueWith({ gapSec: 10 })
    q.enqueue(alert('a'))
    q.enqueue(alert('b'))
    await vi.advanceTimersByTimeAsync(0)
    expect(synth.texts).toEqual(['Alert a. 1 more critical alerts.'])
    q.cancel('a')
    expect(q.pending()).toEqual(['b'])
    await vi.advanceTimersByTimeAsync(10_000)
    expect(synth.texts.at(-1)).toBe('Alert b.')
  })

  it('holds everything while the browser refuses to speak, and says it after the click', async () => {
    const { q, synth, blocked } = queueWith({ gapSec: 10 })
    q.enqueue(alert('a'))
    await vi.advanceTimersByTimeAsync(0)
    synth.said[0]?.onerror?.({ error: 'not-allowed' })
    expect(blocked).toEqual([true])
    q.enqueue(alert('b'))
    await vi.advanceTimersByTimeAsync(60_000)
    expect(synth.texts).toHaveLength(1)
    q.unlock('Spoken alerts on.')
    expect(synth.texts.at(-1)).toBe('Spoken alerts on.')
    expect(blocked).toEqual([true, false])
    synth.end()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(synth.texts.at(-1)).toBe('Alert a. 1 more critical alerts.')
  })

  it('starts held back on a page without its first gesture, until resumed', async () => {
    const { q, synth } = queueWith({ blocked: true })
    q.enqueue(alert('a'))
    await vi.advanceTimersByTimeAsync(5_000)
    expect(synth.texts).toEqual([])
    q.resume()
    await vi.advanceTimersByTimeAsync(0)
    expect(synth.texts).toEqual(['Alert a.'])
  })

  it('speaks in the board’s language with a voice of that language', async () => {
    const { q, synth } = queueWith({ language: 'pl' })
    q.enqueue(alert('a'))
    await vi.advanceTimersByTimeAsync(0)
    expect(synth.said[0]?.lang).toBe('pl-PL')
    expect(synth.said[0]?.voice?.name).toBe('Zosia')
  })
})

describe('pickVoice', () => {
  it('prefers the default voice of the language, then a local one; null when none is installed', () => {
    const voices: VoiceLike[] = [
      { name: 'Remote PL', lang: 'pl-PL' },
      { name: 'Local PL', lang: 'pl_PL', localService: true },
      { name: 'Daniel', lang: 'en-GB', default: true },
    ]
    expect(pickVoice(voices, 'pl')?.name).toBe('Local PL')
    expect(pickVoice(voices, 'en')?.name).toBe('Daniel')
    expect(pickVoice(voices.slice(2), 'pl')).toBeNull()
  })
})

const msg = (id: string, over: Partial<ChatMessageRow> = {}): ChatMessageRow =>
  chatMessage('eu', id, { urgent: true, text: `Message ${id}`, ...over })

describe('useSpeech on a board', () => {
  let synth: FakeSynth
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 })
    localStorage.clear()
    synth = new FakeSynth()
    vi.stubGlobal('speechSynthesis', synth)
    vi.stubGlobal('SpeechSynthesisUtterance', FakeUtterance)
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  const WAIT = ruleStatus('wait', { name: 'Longest wait' })
  const QUIET = ruleStatus('quiet', { name: 'Quiet rule', speak: false })
  const AWAY = ruleStatus('away', { name: 'Away too long', agentState: 'not_ready' })

  async function board(on: boolean) {
    localStorage.setItem(SPEECH_STORAGE_KEY, JSON.stringify({ on, gapSec: 5 }))
    const t = createTestApp()
    useAppStore().info = appInfo()
    t.fake.handle('alerts:list', () => alertList({ active: [], rules: [WAIT, QUIET, AWAY] }))
    const alerts = useAlertsStore()
    alerts.start()
    await vi.waitFor(() => expect(alerts.list).not.toBeNull())
    useLiveStore().replaceAll(liveState({ chatMessages: [msg('old')] }))
    mount(
      defineComponent({
        setup() {
          useSpeech()
          return () => h('div')
        },
      }),
      { global: t.global },
    )
    await nextTick()
    return { ...t, alerts }
  }

  const critical = (rule: string, id: string, over = {}) =>
    alertView(rule, 'eu', id, {
      severity: 'critical',
      ruleName: rule === 'wait' ? 'Longest wait' : rule === 'away' ? 'Away too long' : 'Quiet rule',
      entityName: `Queue ${id}`,
      firedAt: T0 + 1_000,
      ...over,
    })

  it('says a new critical alert, not one whose rule says not to, and never an agent’s name by default', async () => {
    const { fake } = await board(true)
    fake.emit(
      'alerts:changed',
      alertList({
        active: [
          critical('wait', 'q1'),
          critical('quiet', 'q2'),
          critical('away', 'a7', { entity: 'agent', entityName: 'Ewa Nowak' }),
          alertView('wait', 'eu', 'q3', { severity: 'warning' }),
        ],
        rules: [WAIT, QUIET, AWAY],
      }),
    )
    await vi.advanceTimersByTimeAsync(0)
    expect(synth.texts).toEqual(['Critical: Longest wait, Queue q1. 1 more critical alert.'])
    synth.end()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(synth.texts.join(' ')).not.toContain('Ewa')
    expect(synth.texts.join(' ')).not.toContain('Quiet rule')
  })

  it('speaks agent names where notifications may show them', async () => {
    const { fake, alerts } = await board(true)
    alerts.savedPrefs = { ...alerts.prefs, notificationDetail: 'names' }
    fake.emit(
      'alerts:changed',
      alertList({
        active: [critical('away', 'a7', { entity: 'agent', entityName: 'Ewa Nowak' })],
        rules: [WAIT, QUIET, AWAY],
      }),
    )
    await vi.advanceTimersByTimeAsync(0)
    expect(synth.texts).toEqual(['Critical: Away too long, Ewa Nowak.'])
  })

  it('drops an alert acknowledged before its turn, and one that stopped being critical', async () => {
    const { fake } = await board(true)
    const q1 = critical('wait', 'q1')
    fake.emit('alerts:changed', alertList({ active: [q1], rules: [WAIT] }))
    await vi.advanceTimersByTimeAsync(0)
    synth.end()
    const q2 = critical('wait', 'q2')
    const q3 = critical('wait', 'q3')
    fake.emit('alerts:changed', alertList({ active: [q1, q2, q3], rules: [WAIT] }))
    await nextTick()
    expect(useSpeechStore().pending()).toEqual([`alert:${q2.id}`, `alert:${q3.id}`])
    fake.emit(
      'alerts:changed',
      alertList({
        active: [q1, { ...q2, ack: { by: 'you', at: T0 + 2_000 } }, { ...q3, severity: 'warning' }],
        rules: [WAIT],
      }),
    )
    await nextTick()
    expect(useSpeechStore().pending()).toEqual([])
    await vi.advanceTimersByTimeAsync(60_000)
    expect(synth.texts).toEqual(['Critical: Longest wait, Queue q1.'])
  })

  it('reads a new urgent message, not one read before its turn, and nothing already there at opening', async () => {
    await board(true)
    const live = useLiveStore()
    live.replaceAll(
      liveState({ seq: 2, chatMessages: [msg('old'), msg('m1'), msg('m2', { urgent: false })] }),
    )
    await vi.advanceTimersByTimeAsync(0)
    expect(synth.texts).toEqual(['Urgent message from Laura: Message m1'])
    synth.end()
    live.replaceAll(liveState({ seq: 3, chatMessages: [msg('old'), msg('m1'), msg('m3')] }))
    await nextTick()
    useMessagesStore().markRead('eu:m3')
    await nextTick()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(synth.texts).toHaveLength(1)
  })

  it('says nothing while the voice is off (the default)', async () => {
    localStorage.clear()
    const { fake } = await board(false)
    expect(speechSettingsOf(null).on).toBe(false)
    fake.emit('alerts:changed', alertList({ active: [critical('wait', 'q1')], rules: [WAIT] }))
    await vi.advanceTimersByTimeAsync(60_000)
    expect(synth.texts).toEqual([])
  })

  it('knows when no voice of the board’s language is installed', async () => {
    synth.voices = [{ name: 'Samantha', lang: 'en-US', default: true }]
    await board(true)
    const speech = useSpeechStore()
    expect(speech.hasVoice).toBe(true)
    useAppStore().info = appInfo({ prefs: { theme: 'system', language: 'pl' } })
    await nextTick()
    expect(speech.hasVoice).toBe(false)
  })
})
