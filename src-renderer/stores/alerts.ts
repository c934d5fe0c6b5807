import { messageOf } from '../../src-shared/result'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type {
  AlertList,
  AlertSeverity,
  AlertView,
  RuleMute,
  RulePreview,
  RuleStatus,
} from '../../src-shared/alerts'
import { SEVERITY_RANK } from '../../src-shared/alerts'
import type { AlertPrefs, RuleConfig, RuleEntity } from '../../src-shared/config'
import { alertPrefsOf, validateAlertPrefs, validateRule } from '../../src-shared/config'
import { useClient } from '../api'
import { useAppStore } from './app'
import { loadObject, saveObject } from './local-storage'
import { useStateLimitsStore } from './state-limits'

export const ALERTS_STORAGE_KEY = 'floorwalker.alerts.v1'

/**
 * The critical alert sound (resources/alert.wav). `new URL(…, import.meta.url)` makes Vite emit the file with the
 * built renderer, so the same URL works in the app and in a browser served by the headless runner.
 */
export const ALERT_SOUND_URL = new URL('../../resources/alert.wav', import.meta.url).href

export const ALERT_SECTIONS = ['alerts', 'rules', 'settings'] as const
export type AlertSection = (typeof ALERT_SECTIONS)[number]

/** An entity with a firing alert, for highlighting it on cards and rows. */
export interface Breach {
  severity: AlertSeverity
  /** The firing alerts about it, worst first. */
  alerts: AlertView[]
}

/** `<connection>:<entity id>`, the live rows' key. */
export function entityKey(connection: string, id: string): string {
  return `${connection}:${id}`
}

/** When a quick mute ends: in an hour, or tomorrow at 08:00 local time (the start of a usual working day). */
export function muteUntil(choice: 'hour' | 'tomorrow', now: number): number {
  if (choice === 'hour') return now + 3_600_000
  const d = new Date(now)
  d.setDate(d.getDate() + 1)
  d.setHours(8, 0, 0, 0)
  return d.getTime()
}

/** Upsert one alert into a list, keeping the list's order (firing first, as main sorts it). */
function withAlert(list: AlertList, view: AlertView): AlertList {
  const at = list.active.findIndex((a) => a.id === view.id)
  if (at < 0) return list
  const active = list.active.slice()
  active[at] = view
  return { ...list, active }
}

/** The rules of an exported config, each validated (a rule the schema rejects is left out, not guessed at). */
export function rulesFromExport(text: string): { rules: RuleConfig[]; prefs: AlertPrefs | null } {
  const file = JSON.parse(text) as { rules?: unknown; prefs?: { alerts?: unknown } }
  const rules: RuleConfig[] = []
  for (const raw of Array.isArray(file.rules) ? file.rules : []) {
    const v = validateRule(raw)
    if (v.ok) rules.push(v.rule)
  }
  const p = file.prefs?.alerts === undefined ? null : validateAlertPrefs(file.prefs.alerts)
  return { rules, prefs: p?.ok ? p.prefs : null }
}

/**
 * Alerts as main reports them: loaded with `alerts:list`, replaced by every `alerts:changed`. Also the rule
 * definitions (read from the exported config, where this client may read it), the alert preferences, the critical
 * sound (`alerts:sound`, with a per-device mute) and the alert to bring into view after `app:navigate`.
 */
export const useAlertsStore = defineStore('alerts', () => {
  const client = useClient()
  const app = useAppStore()
  const limits = useStateLimitsStore()

  const list = shallowRef<AlertList | null>(null)
  const loadError = ref<string | null>(null)
  /** Rule definitions; null while unknown (not loaded, or a read-only client that may not read the config). */
  const rules = shallowRef<RuleConfig[] | null>(null)
  const rulesError = ref<string | null>(null)
  const savedPrefs = shallowRef<AlertPrefs | null>(null)
  /** The alert the keyboard acts on (the one last focused or brought into view). */
  const focusId = ref<string | null>(null)
  /** Bumped by every request to bring `focusId` into view (a notification click, a breach mark). */
  const focusSeq = ref(0)
  const section = ref<AlertSection>('alerts')

  const stored = loadObject(ALERTS_STORAGE_KEY) ?? {}
  const soundOn = ref(stored.soundOn !== false)
  /** The browser refused to play (no user gesture yet): the view says how to allow it. */
  const soundBlocked = ref(false)
  let audio: HTMLAudioElement | null = null

  function apply(next: AlertList): void {
    list.value = next
    loadError.value = null
    // A rule added, renamed or removed elsewhere (an import, another window): read the definitions again.
    if (rules.value !== null) {
      const known = rules.value.map((r) => `${r.id}|${r.name}`).join('\n')
      const now = next.rules.map((r) => `${r.rule}|${r.name}`).join('\n')
      if (known !== now) void loadRules()
    }
  }

  async function load(): Promise<void> {
    try {
      apply(await client.invoke('alerts:list', null))
    } catch (err) {
      loadError.value = messageOf(err)
    }
  }

  let rulesLoading: Promise<void> | null = null
  function loadRules(): Promise<void> {
    if (rulesLoading) return rulesLoading
    rulesLoading = (async () => {
      try {
        const { text } = await client.invoke('config:export', null)
        const parsed = rulesFromExport(text)
        setRules(parsed.rules)
        if (parsed.prefs) savedPrefs.value = parsed.prefs
        rulesError.value = null
      } catch (err) {
        rulesError.value = messageOf(err)
      } finally {
        rulesLoading = null
      }
    })()
    return rulesLoading
  }

  function setRules(next: RuleConfig[]): void {
    rules.value = next
    // Agents' time-in-state markers follow the same rules as the alerts.
    limits.setRules(next)
  }

  function playSound(): void {
    if (!soundOn.value || typeof Audio === 'undefined') return
    audio ??= new Audio(ALERT_SOUND_URL)
    audio.currentTime = 0
    const played = audio.play()
    // Browsers refuse to play before the user has interacted with the page; the app's window always may.
    void played
      ?.then(() => (soundBlocked.value = false))
      .catch((err: unknown) => {
        if (err instanceof Error && err.name === 'NotAllowedError') soundBlocked.value = true
      })
  }

  function setSoundOn(on: boolean): void {
    soundOn.value = on
    if (on) soundBlocked.value = false
    saveObject(ALERTS_STORAGE_KEY, { soundOn: on })
  }

  /** Bring an alert into view on the Alerts screen. */
  function focus(id: string | null): void {
    focusId.value = id
    if (id !== null) {
      section.value = 'alerts'
      focusSeq.value += 1
    }
  }

  /** The alert the user moved to (focus or click): the keyboard's target, without scrolling. */
  function select(id: string | null): void {
    focusId.value = id
  }

  /** Subscribe to alert events and load the list (and the rules where allowed); returns the disposer. */
  function start(): () => void {
    let linkState = client.link.current().state
    const offs = [
      client.on('alerts:changed', apply),
      client.on('alerts:sound', () => playSound()),
      client.on('app:navigate', (payload) => {
        if (payload.view === 'alerts') focus(payload.focus)
      }),
      client.link.onChange((status) => {
        const wasOpen = linkState === 'open'
        linkState = status.state
        // Events sent while the link was down are lost: read the list again.
        if (status.state === 'open' && !wasOpen) void load()
      }),
      watch(
        () => app.readOnly,
        (readOnly) => {
          if (!readOnly) void loadRules()
        },
        { immediate: true },
      ),
    ]
    void load()
    return () => {
      for (const off of offs.splice(0)) off()
    }
  }

  // Actions. Each answers with the changed alert at once; the `alerts:changed` that follows agrees with it.
  async function acknowledge(id: string): Promise<AlertView> {
    const view = await client.invoke('alerts:acknowledge', { id })
    if (list.value) list.value = withAlert(list.value, view)
    return view
  }

  /** Snooze for `minutes` (main's default, 15, when absent); 0 ends a snooze. */
  async function snooze(id: string, minutes?: number): Promise<AlertView> {
    const view = await client.invoke('alerts:snooze', minutes === undefined ? { id } : { id, minutes })
    if (list.value) list.value = withAlert(list.value, view)
    return view
  }

  /** Mute a rule until `until` (epoch ms); null unmutes. */
  async function muteRule(rule: string, until: number | null): Promise<RuleMute> {
    const mute = await client.invoke('alerts:muteRule', { rule, until })
    const current = list.value
    if (current) {
      list.value = {
        ...current,
        rules: current.rules.map((r) => (r.rule === rule ? { ...r, mutedUntil: mute.until } : r)),
      }
    }
    return mute
  }

  async function setPrefs(change: Partial<AlertPrefs>): Promise<AlertPrefs> {
    const next = await client.invoke('alerts:setPrefs', { prefs: change })
    savedPrefs.value = next
    return next
  }

  async function saveRule(raw: Record<string, unknown>): Promise<RuleConfig> {
    const rule = await client.invoke('rules:save', { rule: raw })
    const current = rules.value ?? []
    setRules(
      current.some((r) => r.id === rule.id)
        ? current.map((r) => (r.id === rule.id ? rule : r))
        : [...current, rule],
    )
    return rule
  }

  async function removeRule(id: string): Promise<void> {
    await client.invoke('rules:remove', { id })
    setRules((rules.value ?? []).filter((r) => r.id !== id))
  }

  function preview(raw: Record<string, unknown>, sinceMs?: number): Promise<RulePreview> {
    return client.invoke('rules:preview', sinceMs === undefined ? { rule: raw } : { rule: raw, sinceMs })
  }

  const active = computed(() => list.value?.active ?? [])
  const history = computed(() => list.value?.history ?? [])
  const firing = computed(() => active.value.filter((a) => a.state === 'firing'))
  const pending = computed(() => active.value.filter((a) => a.state === 'pending'))
  /** Firing critical alerts nobody has acknowledged or snoozed: the nav badge marks them. */
  const criticalOpen = computed(
    () =>
      firing.value.filter((a) => a.severity === 'critical' && a.ack === null && a.snoozedUntil === null)
        .length,
  )
  const ruleStatuses = computed(
    () => new Map<string, RuleStatus>((list.value?.rules ?? []).map((r) => [r.rule, r])),
  )
  const ruleById = computed(() => new Map((rules.value ?? []).map((r) => [r.id, r])))
  const prefs = computed<AlertPrefs>(() => savedPrefs.value ?? alertPrefsOf(app.info?.prefs ?? {}))

  /** Firing alerts by entity kind and `<connection>:<id>`, worst severity first. Pending ones have not fired. */
  const breaches = computed(() => {
    const out = new Map<RuleEntity, Map<string, Breach>>()
    for (const a of firing.value) {
      let byKey = out.get(a.entity)
      if (!byKey) out.set(a.entity, (byKey = new Map()))
      const key = entityKey(a.connection, a.entityId)
      const b = byKey.get(key)
      if (!b) byKey.set(key, { severity: a.severity, alerts: [a] })
      else {
        b.alerts.push(a)
        if (SEVERITY_RANK[a.severity] > SEVERITY_RANK[b.severity]) b.severity = a.severity
      }
    }
    for (const byKey of out.values())
      for (const b of byKey.values())
        b.alerts.sort((x, y) => SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity])
    return out
  })

  return {
    list,
    loadError,
    rules,
    rulesError,
    savedPrefs,
    focusId,
    focusSeq,
    section,
    soundOn,
    soundBlocked,
    apply,
    load,
    loadRules,
    start,
    playSound,
    setSoundOn,
    focus,
    select,
    acknowledge,
    snooze,
    muteRule,
    setPrefs,
    saveRule,
    removeRule,
    preview,
    active,
    history,
    firing,
    pending,
    criticalOpen,
    ruleStatuses,
    ruleById,
    prefs,
    breaches,
  }
})
