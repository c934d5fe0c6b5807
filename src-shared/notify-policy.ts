/**
 * Who is told what, and when: the one repeat policy of every board that calls for attention — main in the desktop
 * app (src-main/core/alerts/notify-policy.ts, over its alert records), a team viewer, and a browser board served by
 * the headless runner (src-renderer/composables/use-board-attention.ts, over the alert list main sends it).
 *
 * At most one notification per severity per evaluation, for alerts that started firing or escalated, held back
 * while silenced (snoozed, muted, inhibited, quiet hours) and delivered when that ends if the alert still fires.
 * Acknowledged alerts do not notify again unless they escalate to critical (main clears the acknowledgement then).
 * Sound: critical only, once or every N s until acknowledged. Pure: the caller keeps what it told (`notified`,
 * `lastSoundAt`) and applies the marks this returns.
 */
import { SEVERITY_RANK, type AlertSeverity, type AlertView } from './alerts'
import type { NotifyChannel, SoundRepeat } from './config'

/** What the policy needs to know about one alert, as one observer (main, a viewer, a browser) stands with it. */
export interface PolicyAlert {
  id: string
  rule: string
  state: 'pending' | 'firing'
  severity: AlertSeverity
  firedAt: number | null
  /** Its data is stale or missing. */
  noData: boolean
  acknowledged: boolean
  /** Held back now (snoozed, muted, inhibited, quiet hours). */
  silenced: boolean
  /** The severity this observer has told of in this firing; null: not yet. */
  notified: AlertSeverity | null
  /** epoch ms this observer last played the sound for it; null: not in this firing (or since an escalation). */
  lastSoundAt: number | null
}

/** What the policy needs to know about a rule: its channels and its sound repeat. */
export interface PolicyRule {
  id: string
  notify: readonly NotifyChannel[]
  /** Absent: the alert preferences' repeat. */
  soundRepeat?: SoundRepeat | undefined
}

export interface NotifyDecision {
  /** Per severity, the ids to tell in one notification, oldest first (only rules with the "desktop" channel). */
  notify: Record<AlertSeverity, string[]>
  /** Play the critical sound now. */
  sound: boolean
  /** What the observer must remember, by alert id (only the alerts whose memory changed). */
  marks: Map<string, { notified: AlertSeverity; lastSoundAt: number | null }>
}

/** Decide what is due at `now`. */
export function decideNotifications(
  alerts: Iterable<PolicyAlert>,
  rules: readonly PolicyRule[],
  defaultRepeat: SoundRepeat,
  now: number,
): NotifyDecision {
  const byId = new Map(rules.map((r) => [r.id, r]))
  const due: Record<AlertSeverity, PolicyAlert[]> = { critical: [], warning: [] }
  const marks: NotifyDecision['marks'] = new Map()
  let sound = false
  for (const a of alerts) {
    const rule = byId.get(a.rule)
    if (!rule || a.state !== 'firing' || a.noData || a.silenced || a.acknowledged) continue
    let notified = a.notified
    let lastSoundAt = a.lastSoundAt
    if (notified === null || SEVERITY_RANK[a.severity] > SEVERITY_RANK[notified]) {
      if (rule.notify.includes('desktop')) due[a.severity].push(a)
      notified = a.severity
    }
    if (a.severity === 'critical' && rule.notify.includes('sound')) {
      const repeat = rule.soundRepeat ?? defaultRepeat
      if (lastSoundAt === null || (repeat !== 'once' && now - lastSoundAt >= repeat * 1000)) {
        sound = true
        lastSoundAt = now
      }
    }
    if (notified !== a.notified || lastSoundAt !== a.lastSoundAt) marks.set(a.id, { notified, lastSoundAt })
  }
  const oldestFirst = (x: PolicyAlert, y: PolicyAlert) =>
    (x.firedAt ?? 0) - (y.firedAt ?? 0) || x.id.localeCompare(y.id)
  return {
    notify: {
      critical: due.critical.sort(oldestFirst).map((a) => a.id),
      warning: due.warning.sort(oldestFirst).map((a) => a.id),
    },
    sound,
    marks,
  }
}

/** What a board that only sees alert lists remembers of one alert. */
export interface ObservedAlert {
  /** The firing it remembers (a new firing starts afresh). */
  firedAt: number | null
  severity: AlertSeverity
  notified: AlertSeverity | null
  lastSoundAt: number | null
}

/**
 * The policy's view of alerts as a board that follows main's list sees them, and that board's memory brought up to
 * date (forgotten alerts dropped). An alert already firing when the board opened (`openedAt`) was announced then:
 * it is listed, not told again, and a repeating sound resumes one interval after the opening. A severity change
 * makes the sound due again; back to warning after critical, a later escalation is news again; a snooze means the
 * alert is told again when it ends — as main does for its own records.
 */
export function observeAlerts(
  memory: Map<string, ObservedAlert>,
  views: readonly AlertView[],
  openedAt: number,
): PolicyAlert[] {
  const seen = new Set<string>()
  const out: PolicyAlert[] = []
  for (const v of views) {
    if (v.state !== 'firing') continue
    seen.add(v.id)
    let m = memory.get(v.id)
    if (m === undefined || m.firedAt !== v.firedAt) {
      const before = v.firedAt !== null && v.firedAt < openedAt && v.changedAt < openedAt
      m = {
        firedAt: v.firedAt,
        severity: v.severity,
        notified: before ? v.severity : null,
        lastSoundAt: before ? openedAt : null,
      }
    } else if (m.severity !== v.severity) {
      m = {
        ...m,
        severity: v.severity,
        lastSoundAt: null,
        notified: v.severity === 'warning' && m.notified === 'critical' ? 'warning' : m.notified,
      }
    }
    if (v.silenced === 'snoozed') m = { ...m, notified: null, lastSoundAt: null }
    memory.set(v.id, m)
    out.push({
      id: v.id,
      rule: v.rule,
      state: v.state,
      severity: v.severity,
      firedAt: v.firedAt,
      noData: v.noData,
      acknowledged: v.ack !== null,
      silenced: v.silenced !== null,
      notified: m.notified,
      lastSoundAt: m.lastSoundAt,
    })
  }
  for (const id of [...memory.keys()]) if (!seen.has(id)) memory.delete(id)
  return out
}

/** Write a decision's marks into a board's memory. */
export function rememberMarks(memory: Map<string, ObservedAlert>, marks: NotifyDecision['marks']): void {
  for (const [id, mark] of marks) {
    const m = memory.get(id)
    if (m) memory.set(id, { ...m, ...mark })
  }
}
