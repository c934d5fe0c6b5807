/**
 * The event-driven dynamics of the simulated contact center over one business day. Every change (an arrival, an
 * offer ending, a call ending, a break starting, a shift ending, ...) is an event on one agenda, processed in
 * (time, insertion) order with generators seeded by (seed, day), so the day only depends on the seed, the options
 * and the date: asking about more or fewer instants in between changes nothing. Times are ms elapsed since the
 * day's local midnight (business-clock.ts); the day starts quiet, with everyone logged out since last evening and
 * the emails that came in after the last shift went home. Nothing here reads the wall clock.
 */
import { zeroStateCounts, type AgentState } from '../../../src-shared/model'
import {
  arrivalCurve,
  arrivalCurveMaxInHour,
  clockLabel,
  elapsedOfLocal,
  HOUR_MS,
  localMsOfDay,
  type SimDay,
} from './business-clock'
import { EventQueue, type Timed } from './event-queue'
import {
  CHAT,
  GROUPS,
  GROUPS_BY_SOURCE,
  INCIDENT_PATIENCE,
  OFFLINE_WORK_SEC,
  PLANNED_BREAKS,
  SALES,
  SHIFTS,
  SHIFT_LENGTH_SEC,
  SHORT_NOT_READY,
  SOURCES,
  SUPPORT,
  buildRoster,
  emailReserve,
  pickOfflineReason,
  type ContactMedia,
  type Patience,
  type RosterAgent,
  type SourceDef,
} from './floor-plan'
import { backlogText, routineOrUrgentText, SUPERVISORS } from './messages'
import {
  chance,
  exponential,
  hashSeed,
  logNormal,
  mulberry32,
  pick,
  truncatedExponential,
  uniform,
  type Rng,
} from './prng'

/** 30 min: the longest window any figure looks back over. */
export const WINDOW_MS = 30 * 60_000
/** "Service level now" looks back this far (plus whoever is still waiting past the threshold). */
export const SL_NOW_MS = 10 * 60_000
const MESSAGES_KEPT = 50
/** Supervisors post from 07:45 to 19:30 local time. */
const MESSAGES_FROM_SEC = 7.75 * 3600
const MESSAGES_UNTIL_SEC = 19.5 * 3600
/** Share of offers the agent lets ring out (RONA): the contact goes back to the head of the queue. */
const REJECT_P = 0.03
const OVERSTAY_PICKUP_MS = 20 * 60_000
/**
 * Idle agents are checked on a sweep rather than each with its own timer: almost every idle spell ends with a
 * contact within seconds, and a timer per spell would be mostly dead weight on the heap.
 */
const IDLE_SWEEP_MS = 30_000

/**
 * Waits are shown and judged in whole seconds: a 20.6 s wait reads "20 s" and is within a 20 s threshold, so a
 * board never shows every wait within the threshold beside a missed service level.
 */
export function withinThreshold(waitMs: number, thresholdSec: number): boolean {
  return Math.floor(waitMs / 1000) <= thresholdSec
}

export type ContactStatus = 'waiting' | 'offered' | 'active' | 'done' | 'abandoned'

export interface Contact {
  id: number
  source: number
  arrival: number
  status: ContactStatus
  abandonAt: number | null
  /** an abandon event is on the heap */
  abandonScheduled: boolean
  startedAt: number
  waitMs: number
}

export interface PendingBreak {
  reason: string
  durationMs: number
}

export interface AgentDay {
  handled: number
  rejected: number
  handleSumMs: number
  /** ms spent per state today, up to `accSince` */
  acc: Record<AgentState, number>
}

export interface SimAgent {
  roster: RosterAgent
  sources: readonly number[]
  chatCapacity: number
  state: AgentState
  reason: string | null
  media: ContactMedia | null
  /** when the current state began */
  since: number
  /** bumped on every transition: events carrying an older token are stale */
  token: number
  /** the voice / email contact offered or in progress, or the first chat while it is offered */
  contact: Contact | null
  chats: number
  /** in the center's set of chat agents with a free slot */
  inSlots: boolean
  pending: PendingBreak[]
  onShift: boolean
  shiftEnded: boolean
  day: AgentDay
  accSince: number
  availSince: number
  /** while available: drift off (or start a waiting break) at the first sweep after this */
  idleUntil: number
}

export interface SourceDay {
  /**
   * Of `received`: contacts still waiting from the day before when the day began (emails that came in after the
   * evening shift left). They are in today's queue, so `received` counts them: received = answered + abandoned +
   * waiting at every instant.
   */
  carriedOver: number
  received: number
  answered: number
  abandoned: number
  answeredWithin: number
  abandonedAfter: number
  waitSumMs: number
  maxWaitMs: number
  handled: number
  handleSumMs: number
  rated: number
  satisfied: number
}

export interface Surge {
  factor: number
  until: number
}

export interface SourceState {
  def: SourceDef
  index: number
  /** arrivals per ms at curve 1 */
  baseRate: number
  queue: Contact[]
  head: number
  waiting: number
  /** sum of `arrival` over waiting contacts: average wait now without a scan */
  waitingArrivalSum: number
  offered: number
  inProgress: number
  surge: Surge | null
  /** arrival instants within the window */
  arrivals: number[]
  arrivalsHead: number
  /** answered / abandoned contacts within the window, as parallel columns (no object per contact) */
  outcomeAt: number[]
  outcomeWaitMs: number[]
  outcomeAnswered: boolean[]
  outcomesHead: number
  day: SourceDay
}

export type IncidentKind = 'queue_backup' | 'break_overstay'

export interface IncidentPlan {
  id: string
  kind: IncidentKind
  /** ms since origin the incident is due */
  at: number
  durationMs: number
  /** queue_backup: the source index */
  source: number
  /** queue_backup: arrival multiplier */
  factor: number
}

export interface Incident {
  id: string
  kind: IncidentKind
  targetId: string
  startedAt: number
  endsAt: number
}

export interface Message {
  id: string
  sender: number
  sentAt: number
  urgent: boolean
  text: string
}

type EventKind =
  | 'arrival'
  | 'surge'
  | 'abandon'
  | 'agent'
  | 'chat_end'
  | 'shift_start'
  | 'shift_end'
  | 'break_due'
  | 'message'
  | 'backlog_message'
  | 'incident'
  | 'idle_sweep'

interface SimEvent extends Timed {
  kind: EventKind
  /** agent or source index */
  n: number
  /** agent token, day index */
  m: number
  contact: Contact | null
  brk: PendingBreak | null
  incident: IncidentPlan | null
}

interface AvailEntry {
  agent: number
  token: number
}

export interface SimulatedCenterOptions {
  seed: number
  agents: number
  incidents: boolean
  /** The business day to model: its key seeds the day's randomness, its shape maps elapsed to local time. */
  day: SimDay
}

const ms = (sec: number): number => Math.round(sec * 1000)

function emptySourceDay(): SourceDay {
  return {
    carriedOver: 0,
    received: 0,
    answered: 0,
    abandoned: 0,
    answeredWithin: 0,
    abandonedAfter: 0,
    waitSumMs: 0,
    maxWaitMs: 0,
    handled: 0,
    handleSumMs: 0,
    rated: 0,
    satisfied: 0,
  }
}

export class SimulatedCenter {
  readonly agents: SimAgent[]
  readonly sources: SourceState[]
  readonly messages: Message[] = []
  readonly incidents: Incident[] = []
  /** model time of the last processed event */
  now = 0
  /** agents that are busy on chat and can take another one, in the order they opened up */
  readonly chatSlots = new Set<number>()

  private readonly rng: Rng
  private readonly incidentRng: Rng
  private readonly events = new EventQueue<SimEvent>()
  /** handled events, reused: millions of them pass through a long jump */
  private readonly spare: SimEvent[] = []
  /** per group: available agents, longest idle first (entries go stale when the agent's token moves on) */
  private readonly avail: { entries: AvailEntry[]; head: number }[]
  /** per elapsed hour of the day: the arrival curve's maximum over it (thinning's bound) */
  private readonly maxCurveByHour: number[]
  /** available and logged-in agents per group, and the email reserve of a fully staffed group */
  private readonly availCount: number[]
  private readonly loggedInCount: number[]
  private readonly reserve: number[]
  private contactSeq = 0
  private messageSeq = 0
  private incidentSeq = 0
  private overstayPending: { plan: IncidentPlan; expires: number } | null = null
  private readonly planned: IncidentPlan[] = []

  constructor(private readonly opts: SimulatedCenterOptions) {
    // The roster is the seed's alone (the same people every day); what they do is the day's.
    this.rng = mulberry32(hashSeed(opts.seed, 'dynamics', opts.day.key))
    this.incidentRng = mulberry32(hashSeed(opts.seed, 'incidents', opts.day.key))
    const roster = buildRoster(mulberry32(hashSeed(opts.seed, 'roster')), opts.agents)
    const groupSizes = GROUPS.map((_, g) => roster.filter((a) => a.group === g).length)
    this.maxCurveByHour = Array.from({ length: 26 }, (_, h) => this.curveBoundOfHour(h))
    this.avail = GROUPS.map(() => ({ entries: [], head: 0 }))
    this.availCount = GROUPS.map(() => 0)
    this.loggedInCount = GROUPS.map(() => 0)
    this.reserve = groupSizes.map(emailReserve)
    this.sources = SOURCES.map((def, index) => ({
      def,
      index,
      baseRate:
        (def.peakPerAgentPerMin * def.volumeGroups.reduce((n, g) => n + (groupSizes[g] ?? 0), 0)) / 60_000,
      queue: [],
      head: 0,
      waiting: 0,
      waitingArrivalSum: 0,
      offered: 0,
      inProgress: 0,
      surge: null,
      arrivals: [],
      arrivalsHead: 0,
      outcomeAt: [],
      outcomeWaitMs: [],
      outcomeAnswered: [],
      outcomesHead: 0,
      day: emptySourceDay(),
    }))
    this.agents = roster.map((r) => {
      const group = GROUPS[r.group]
      return {
        roster: r,
        sources: group?.sources ?? [],
        chatCapacity: group?.chatCapacity ?? 0,
        state: 'logged_out',
        reason: null,
        media: null,
        // Logged out since the end of yesterday's shift.
        since: this.lastEveningLogout(r.shift),
        token: 0,
        contact: null,
        chats: 0,
        inSlots: false,
        pending: [],
        onShift: false,
        shiftEnded: false,
        day: { handled: 0, rejected: 0, handleSumMs: 0, acc: zeroStateCounts() },
        accSince: 0,
        availSince: 0,
        idleUntil: Infinity,
      }
    })
    this.planDay()
    this.overnightBacklog()
    for (const src of this.sources) {
      const first = this.nextArrival(src, 0)
      if (Number.isFinite(first)) this.schedule('arrival', first, src.index, 0)
    }
    this.schedule('message', this.atLocal(MESSAGES_FROM_SEC + uniform(this.rng, 0, 240)), 0, 0)
    this.schedule('idle_sweep', IDLE_SWEEP_MS, 0, 0)
  }

  /** Model time (elapsed since the day's start) at which the wall clock shows `secondOfDay`. */
  atLocal(secondOfDay: number): number {
    return elapsedOfLocal(this.opts.day, Math.round(secondOfDay * 1000))
  }

  /** Local hour of day (fractional, as the wall clock shows it) at model time `t`; negative before midnight. */
  hourOf(t: number): number {
    return localMsOfDay(this.opts.day, t) / HOUR_MS
  }

  /** When an agent of shift `shift` went home yesterday: shift start + its length + a few minutes, before 0. */
  private lastEveningLogout(shift: number): number {
    const start = (SHIFTS[shift] ?? SHIFTS[0])?.startSec ?? 8 * 3600
    return ms(start + SHIFT_LENGTH_SEC + uniform(this.rng, 0, 12 * 60)) - 24 * HOUR_MS
  }

  /**
   * Contacts that never give up (email) and came in after the last agent serving them went home yesterday are
   * still waiting at midnight: the backlog the morning shift finds, carried over into today's queue.
   */
  private overnightBacklog(): void {
    for (const src of this.sources) {
      if (src.def.patience !== null || src.baseRate <= 0) continue
      // Emails are worked off as they come in until the evening shift goes home at about 20:30.
      let from = -16 * HOUR_MS
      for (const a of this.agents) if (a.sources.includes(src.index)) from = Math.max(from, a.since)
      for (let t = this.nextArrival(src, from); t < 0; t = this.nextArrival(src, t)) {
        src.queue.push(this.newContact(src, t))
        src.waiting++
        src.waitingArrivalSum += t
        // In today's queue from the start: received today, and carried over (raw.carriedOver says how many).
        src.day.received++
        src.day.carriedOver++
      }
    }
  }

  /** Process every event due at or before model time `t`. */
  runUntil(t: number): void {
    while (this.events.peekAt() <= t) {
      const ev = this.events.pop()
      if (ev === undefined) break
      this.now = ev.at
      this.handle(ev)
      ev.contact = null
      ev.brk = null
      ev.incident = null
      if (this.spare.length < 4096) this.spare.push(ev)
    }
  }

  /** Clean the head of a source's waiting line; the first contact still waiting, if any. */
  peekWaiting(src: SourceState): Contact | null {
    const q = src.queue
    while (src.head < q.length && (q[src.head] as Contact).status !== 'waiting') src.head++
    if (src.head > 1024 && src.head * 2 > q.length) {
      q.splice(0, src.head)
      src.head = 0
    }
    return src.waiting > 0 ? (q[src.head] ?? null) : null
  }

  /** Drop window records older than `t - WINDOW_MS` (they can never count again: time only moves on). */
  prune(src: SourceState, t: number): void {
    const from = t - WINDOW_MS
    while (src.arrivalsHead < src.arrivals.length && (src.arrivals[src.arrivalsHead] as number) < from) {
      src.arrivalsHead++
    }
    if (src.arrivalsHead > 1024 && src.arrivalsHead * 2 > src.arrivals.length) {
      src.arrivals.splice(0, src.arrivalsHead)
      src.arrivalsHead = 0
    }
    const at = src.outcomeAt
    while (src.outcomesHead < at.length && (at[src.outcomesHead] as number) < from) src.outcomesHead++
    if (src.outcomesHead > 1024 && src.outcomesHead * 2 > at.length) {
      at.splice(0, src.outcomesHead)
      src.outcomeWaitMs.splice(0, src.outcomesHead)
      src.outcomeAnswered.splice(0, src.outcomesHead)
      src.outcomesHead = 0
    }
  }

  /** Arrivals per minute right now (curve only, surges excluded): drives the "visitors on site" figure. */
  ratePerMinAt(src: SourceState, t: number): number {
    return src.baseRate * 60_000 * this.curve(src, t)
  }

  // ---------------------------------------------------------------- events

  private schedule(
    kind: EventKind,
    at: number,
    n: number,
    m: number,
    contact: Contact | null = null,
    brk: PendingBreak | null = null,
    incident: IncidentPlan | null = null,
  ): void {
    const ev = this.spare.pop()
    if (ev === undefined) {
      this.events.push({ at, seq: 0, kind, n, m, contact, brk, incident })
      return
    }
    ev.at = at
    ev.kind = kind
    ev.n = n
    ev.m = m
    ev.contact = contact
    ev.brk = brk
    ev.incident = incident
    this.events.push(ev)
  }

  private agentTimer(a: SimAgent, at: number): void {
    this.schedule('agent', at, a.roster.index, a.token)
  }

  private handle(ev: SimEvent): void {
    const now = ev.at
    switch (ev.kind) {
      case 'arrival': {
        const src = this.sources[ev.n] as SourceState
        this.arrive(src, now)
        const next = this.nextArrival(src, now)
        if (Number.isFinite(next)) this.schedule('arrival', next, src.index, 0)
        return
      }
      case 'surge': {
        const src = this.sources[ev.n] as SourceState
        const surge = src.surge
        if (surge === null || now >= surge.until) return
        // Extra callers on top of the normal stream, at least as many as at 80 % of the peak.
        if (this.rng() < Math.max(arrivalCurve(this.hourOf(now)), 0.8)) this.arrive(src, now)
        const next =
          now + Math.max(1, Math.round(exponential(this.rng, 1 / (src.baseRate * (surge.factor - 1)))))
        if (next < surge.until) this.schedule('surge', next, src.index, 0)
        return
      }
      case 'abandon': {
        const c = ev.contact
        if (c === null || c.status !== 'waiting') return
        this.abandon(c, now)
        return
      }
      case 'agent': {
        const a = this.agents[ev.n] as SimAgent
        if (ev.m === a.token) this.agentTimerFired(a, now)
        return
      }
      case 'chat_end': {
        const a = this.agents[ev.n] as SimAgent
        if (ev.contact !== null) this.chatEnded(a, ev.contact, now)
        return
      }
      case 'shift_start':
        this.shiftStart(this.agents[ev.n] as SimAgent, now)
        return
      case 'shift_end': {
        const a = this.agents[ev.n] as SimAgent
        if (!a.onShift) return
        a.shiftEnded = true
        this.updateSlots(a)
        if (a.state === 'available') this.logout(a)
        return
      }
      case 'break_due': {
        const a = this.agents[ev.n] as SimAgent
        if (!a.onShift || a.shiftEnded || ev.brk === null) return
        a.pending.push(ev.brk)
        this.updateSlots(a)
        if (a.state === 'available') this.startBreak(a, a.pending.shift() as PendingBreak, now)
        return
      }
      case 'message':
        this.routineMessage(now)
        this.schedule('message', now + ms(uniform(this.rng, 180, 540)), 0, 0)
        return
      case 'backlog_message': {
        const src = this.sources[ev.n] as SourceState
        const head = this.peekWaiting(src)
        if (head === null) return
        const longest = Math.floor((now - head.arrival) / 1000)
        this.postMessage(now, 0, true, backlogText(src.def.name, src.waiting, longest))
        return
      }
      case 'incident':
        if (ev.incident !== null) this.startIncident(ev.incident, now)
        return
      case 'idle_sweep':
        this.idleSweep(now)
        this.schedule('idle_sweep', now + IDLE_SWEEP_MS, 0, 0)
        return
    }
  }

  // ---------------------------------------------------------------- arrivals and the waiting line

  /** Relative arrival intensity of a source at model time `t` (0–1). */
  private curve(src: SourceState, t: number): number {
    const hour = this.hourOf(t)
    const open = src.def.openHours
    if (open !== null) {
      const h = ((hour % 24) + 24) % 24
      if (h < open[0] || h >= open[1]) return 0
    }
    return Math.max(src.def.curveFloor, arrivalCurve(hour))
  }

  /** The curve's maximum over elapsed hour `h` of the day (which may span two local hours on a DST day). */
  private curveBoundOfHour(h: number): number {
    const from = Math.floor(this.hourOf(h * HOUR_MS))
    const to = Math.floor(this.hourOf((h + 1) * HOUR_MS - 1))
    let max = 0
    for (let k = from; k <= to; k++) max = Math.max(max, arrivalCurveMaxInHour(k))
    return max
  }

  /** Next arrival after `from`: a non-homogeneous Poisson stream by thinning, bounded hour by hour. */
  private nextArrival(src: SourceState, from: number): number {
    if (src.baseRate <= 0) return Infinity
    let t = from
    for (;;) {
      const hourIdx = Math.floor(t / HOUR_MS)
      const hourEnd = (hourIdx + 1) * HOUR_MS
      const hourMax = this.maxCurveByHour[hourIdx] ?? this.curveBoundOfHour(hourIdx)
      const bound = src.baseRate * Math.max(src.def.curveFloor, hourMax)
      const cand = t + exponential(this.rng, 1 / bound)
      if (cand >= hourEnd) {
        t = hourEnd
        continue
      }
      t = cand
      if (this.rng() * bound <= src.baseRate * this.curve(src, t)) return Math.max(from, Math.round(t))
    }
  }

  private newContact(src: SourceState, arrival: number): Contact {
    return {
      id: ++this.contactSeq,
      source: src.index,
      arrival,
      status: 'waiting',
      abandonAt: null,
      abandonScheduled: false,
      startedAt: 0,
      waitMs: 0,
    }
  }

  private arrive(src: SourceState, now: number): void {
    const c = this.newContact(src, now)
    src.queue.push(c)
    src.waiting++
    src.waitingArrivalSum += now
    src.arrivals.push(now)
    src.day.received++
    this.prune(src, now)
    const patience: Patience | null =
      src.def.patience === null
        ? null
        : src.surge !== null && now < src.surge.until
          ? INCIDENT_PATIENCE
          : src.def.patience
    if (patience !== null) {
      c.abandonAt =
        now + ms(patience.minSec + truncatedExponential(this.rng, patience.meanSec, patience.rangeSec))
    }
    this.dispatch(src, now)
    this.watchAbandon(c)
  }

  /** Only contacts left waiting need an abandon event: most are offered the moment they arrive. */
  private watchAbandon(c: Contact): void {
    if (c.status !== 'waiting' || c.abandonAt === null || c.abandonScheduled) return
    c.abandonScheduled = true
    this.schedule('abandon', c.abandonAt, c.source, 0, c)
  }

  private takeFromLine(src: SourceState, c: Contact, status: ContactStatus): void {
    c.status = status
    src.waiting--
    src.waitingArrivalSum -= c.arrival
  }

  private abandon(c: Contact, now: number): void {
    const src = this.sources[c.source] as SourceState
    this.takeFromLine(src, c, 'abandoned')
    const wait = now - c.arrival
    src.day.abandoned++
    if (!withinThreshold(wait, src.def.slThresholdSec)) src.day.abandonedAfter++
    src.day.maxWaitMs = Math.max(src.day.maxWaitMs, wait)
    this.recordOutcome(src, now, wait, false)
    this.prune(src, now)
  }

  private recordOutcome(src: SourceState, now: number, waitMs: number, answered: boolean): void {
    src.outcomeAt.push(now)
    src.outcomeWaitMs.push(waitMs)
    src.outcomeAnswered.push(answered)
  }

  private answered(src: SourceState, c: Contact, now: number): void {
    const wait = now - c.arrival
    c.waitMs = wait
    c.startedAt = now
    src.inProgress++
    src.day.answered++
    src.day.waitSumMs += wait
    if (withinThreshold(wait, src.def.slThresholdSec)) src.day.answeredWithin++
    src.day.maxWaitMs = Math.max(src.day.maxWaitMs, wait)
    this.recordOutcome(src, now, wait, true)
    this.prune(src, now)
  }

  /** Hand waiting contacts of `src` to free agents: the longest-idle skilled agent first, then chat slots. */
  private dispatch(src: SourceState, now: number): void {
    for (;;) {
      const c = this.peekWaiting(src)
      if (c === null) return
      const a = this.longestIdle(src.index, !src.def.realtime)
      if (a !== null) {
        this.offer(a, c, now)
        continue
      }
      if (src.def.media !== 'chat') return
      const b = this.firstChatSlot(src.index)
      if (b === null) return
      this.takeChat(b, c, now)
    }
  }

  /**
   * Agents of group `g` who must stay available for calls and chats before anyone takes an email: the group's
   * reserve, but never all of a thin evening shift (a lone agent takes emails between calls), whose emails
   * would otherwise wait for the morning.
   */
  private reserveOf(g: number): number {
    return Math.min(this.reserve[g] ?? 1, Math.max(0, (this.loggedInCount[g] ?? 0) - 1))
  }

  /** @param blended only from groups with more agents available than their email reserve */
  private longestIdle(source: number, blended: boolean): SimAgent | null {
    let best: SimAgent | null = null
    for (const g of GROUPS_BY_SOURCE[source] ?? []) {
      const line = this.avail[g]
      if (line === undefined) continue
      if (blended && (this.availCount[g] ?? 0) <= this.reserveOf(g)) continue
      while (line.head < line.entries.length) {
        const e = line.entries[line.head] as AvailEntry
        const a = this.agents[e.agent] as SimAgent
        if (a.state === 'available' && a.token === e.token) break
        line.head++
      }
      if (line.head > 1024 && line.head * 2 > line.entries.length) {
        line.entries.splice(0, line.head)
        line.head = 0
      }
      const e = line.entries[line.head]
      if (e === undefined) continue
      const a = this.agents[e.agent] as SimAgent
      if (best === null || a.availSince < best.availSince) best = a
    }
    return best
  }

  private firstChatSlot(source: number): SimAgent | null {
    for (const i of this.chatSlots) {
      const a = this.agents[i] as SimAgent
      if (a.sources.includes(source)) return a
    }
    return null
  }

  /** The source an agent who just freed up should serve: voice and chat (longest wait) before email. */
  private bestSource(a: SimAgent, chatOnly: boolean): SourceState | null {
    let best: SourceState | null = null
    let bestArrival = Infinity
    let fallback: SourceState | null = null
    for (const s of a.sources) {
      const src = this.sources[s] as SourceState
      if (chatOnly && src.def.media !== 'chat') continue
      const head = this.peekWaiting(src)
      if (head === null) continue
      if (!src.def.realtime) {
        // This agent is not counted as available yet: the others must cover the reserve on their own.
        const g = a.roster.group
        if ((this.availCount[g] ?? 0) >= this.reserveOf(g)) fallback ??= src
        continue
      }
      if (head.arrival < bestArrival) {
        best = src
        bestArrival = head.arrival
      }
    }
    return best ?? fallback
  }

  // ---------------------------------------------------------------- agent transitions

  private setState(a: SimAgent, state: AgentState, reason: string | null, media: ContactMedia | null): void {
    const now = this.now
    const g = a.roster.group
    if (a.state === 'available') this.availCount[g] = (this.availCount[g] ?? 0) - 1
    if (state === 'available') this.availCount[g] = (this.availCount[g] ?? 0) + 1
    if (a.state === 'logged_out' && state !== 'logged_out')
      this.loggedInCount[g] = (this.loggedInCount[g] ?? 0) + 1
    if (a.state !== 'logged_out' && state === 'logged_out')
      this.loggedInCount[g] = (this.loggedInCount[g] ?? 0) - 1
    a.day.acc[a.state] += now - a.accSince
    a.accSince = now
    a.state = state
    a.reason = reason
    a.media = media
    a.since = now
    a.token++
    this.updateSlots(a)
  }

  /** Keep `chatSlots` exact: busy on chat, a slot free, and no break or shift end waiting. */
  private updateSlots(a: SimAgent): void {
    const open =
      a.state === 'busy' &&
      a.media === 'chat' &&
      a.chats < a.chatCapacity &&
      a.pending.length === 0 &&
      !a.shiftEnded
    if (open && !a.inSlots) {
      this.chatSlots.add(a.roster.index)
      a.inSlots = true
    } else if (!open && a.inSlots) {
      this.chatSlots.delete(a.roster.index)
      a.inSlots = false
    }
  }

  private offer(a: SimAgent, c: Contact, now: number): void {
    const src = this.sources[c.source] as SourceState
    this.takeFromLine(src, c, 'offered')
    src.offered++
    a.contact = c
    this.setState(a, 'offered', null, src.def.media)
    this.agentTimer(a, now + ms(uniform(this.rng, src.def.offerSec[0], src.def.offerSec[1])))
  }

  private agentTimerFired(a: SimAgent, now: number): void {
    switch (a.state) {
      case 'offered':
        this.offerEnded(a, now)
        return
      case 'busy':
        this.handlingEnded(a, now)
        return
      case 'wrap_up':
        this.afterWork(a, now, false)
        return
      case 'not_ready':
      case 'offline_work':
      case 'unknown':
        this.afterWork(a, now, true)
        return
      case 'available':
      case 'logged_out':
        return
    }
  }

  private offerEnded(a: SimAgent, now: number): void {
    const c = a.contact
    if (c === null) return
    const src = this.sources[c.source] as SourceState
    src.offered--
    a.contact = null
    if (chance(this.rng, REJECT_P)) {
      // Rang out: back to the head of the line with its original arrival time; the agent is set not ready.
      a.day.rejected++
      c.status = 'waiting'
      src.waiting++
      src.waitingArrivalSum += c.arrival
      if (src.head > 0) src.queue[--src.head] = c
      else src.queue.unshift(c)
      if (c.abandonAt !== null && c.abandonAt <= now) this.abandon(c, now)
      else this.watchAbandon(c)
      const [lo, hi] = SHORT_NOT_READY['No answer']
      this.setState(a, 'not_ready', 'No answer', null)
      this.agentTimer(a, now + ms(uniform(this.rng, lo, hi)))
      this.dispatch(src, now)
      return
    }
    c.status = 'active'
    this.answered(src, c, now)
    const h = src.def.handle
    const end = now + ms(logNormal(this.rng, h.meanSec, h.sigma, h.minSec, h.maxSec))
    if (src.def.media === 'chat') {
      a.chats = 1
      this.setState(a, 'busy', null, 'chat')
      this.schedule('chat_end', end, a.roster.index, 0, c)
      this.pullChats(a, now)
      return
    }
    a.contact = c
    this.setState(a, 'busy', null, src.def.media)
    this.agentTimer(a, end)
  }

  private finishContact(a: SimAgent, c: Contact, now: number): SourceState {
    const src = this.sources[c.source] as SourceState
    c.status = 'done'
    src.inProgress--
    const handled = now - c.startedAt
    src.day.handled++
    src.day.handleSumMs += handled
    a.day.handled++
    a.day.handleSumMs += handled
    return src
  }

  private handlingEnded(a: SimAgent, now: number): void {
    const c = a.contact
    if (c === null) return
    a.contact = null
    const src = this.finishContact(a, c, now)
    this.wrapUp(a, src, now)
  }

  private wrapUp(a: SimAgent, src: SourceState, now: number): void {
    this.setState(a, 'wrap_up', null, src.def.media)
    this.agentTimer(a, now + ms(uniform(this.rng, src.def.wrapSec[0], src.def.wrapSec[1])))
  }

  private takeChat(a: SimAgent, c: Contact, now: number): void {
    const src = this.sources[c.source] as SourceState
    this.takeFromLine(src, c, 'active')
    this.answered(src, c, now)
    a.chats++
    const h = src.def.handle
    const end = now + ms(logNormal(this.rng, h.meanSec, h.sigma, h.minSec, h.maxSec))
    this.schedule('chat_end', end, a.roster.index, 0, c)
    this.updateSlots(a)
  }

  private pullChats(a: SimAgent, now: number): void {
    while (a.inSlots) {
      const src = this.bestSource(a, true)
      if (src === null) return
      const c = this.peekWaiting(src)
      if (c === null) return
      this.takeChat(a, c, now)
    }
  }

  private chatEnded(a: SimAgent, c: Contact, now: number): void {
    const src = this.finishContact(a, c, now)
    // Visitors rate about six chats in ten; long waits cost satisfaction.
    if (chance(this.rng, 0.6)) {
      src.day.rated++
      if (chance(this.rng, c.waitMs > 60_000 ? 0.7 : 0.92)) src.day.satisfied++
    }
    a.chats--
    if (a.chats <= 0) {
      a.chats = 0
      this.wrapUp(a, src, now)
      return
    }
    this.updateSlots(a)
    this.pullChats(a, now)
  }

  /** Wrap-up (or a break) is over: log out, take a break, do a bit of other work, or take the next contact. */
  private afterWork(a: SimAgent, now: number, fromBreak: boolean): void {
    if (a.shiftEnded) {
      this.logout(a)
      return
    }
    if (this.takeOverstay(a, now)) return
    if (!fromBreak) {
      const planned = a.pending.shift()
      if (planned !== undefined) {
        this.startBreak(a, planned, now)
        return
      }
      const r = this.rng()
      if (r < 0.02) {
        const [lo, hi] = SHORT_NOT_READY.Personal
        this.setState(a, 'not_ready', 'Personal', null)
        this.agentTimer(a, now + ms(uniform(this.rng, lo, hi)))
        return
      }
      if (r < 0.05) {
        this.setState(a, 'offline_work', pickOfflineReason(this.rng), null)
        this.agentTimer(a, now + ms(uniform(this.rng, OFFLINE_WORK_SEC[0], OFFLINE_WORK_SEC[1])))
        return
      }
      if (r < 0.057) {
        // A state the vendor reports but the board cannot place (docs/vendors/brightpattern.md §7.1:
        // "Supervising").
        this.setState(a, 'unknown', null, null)
        this.agentTimer(a, now + ms(uniform(this.rng, 30, 120)))
        return
      }
    }
    this.becomeAvailable(a, now)
  }

  private becomeAvailable(a: SimAgent, now: number): void {
    const src = this.bestSource(a, false)
    if (src !== null) {
      const c = this.peekWaiting(src)
      if (c !== null) {
        this.offer(a, c, now)
        return
      }
    }
    this.setState(a, 'available', null, null)
    a.availSince = now
    this.avail[a.roster.group]?.entries.push({ agent: a.roster.index, token: a.token })
    // One more agent free may lift the group above its reserve: emails can flow again.
    for (const s of a.sources) {
      const other = this.sources[s] as SourceState
      if (!other.def.realtime && other.waiting > 0) this.dispatch(other, now)
    }
    if (a.state !== 'available') return
    // With a break waiting, go soon even if no contact comes; otherwise an idle agent drifts off now and then.
    const idleSec = a.pending.length > 0 ? uniform(this.rng, 60, 240) : exponential(this.rng, 1500)
    a.idleUntil = now + ms(idleSec)
  }

  /** Lets idle agents whose time is up drift off, and drops stale entries from the availability lines. */
  private idleSweep(now: number): void {
    for (const line of this.avail) {
      const kept: AvailEntry[] = []
      for (let i = line.head; i < line.entries.length; i++) {
        const e = line.entries[i] as AvailEntry
        const a = this.agents[e.agent] as SimAgent
        if (a.state !== 'available' || a.token !== e.token) continue
        if (a.idleUntil <= now) this.idle(a, now)
        else kept.push(e)
      }
      line.entries = kept
      line.head = 0
    }
  }

  private idle(a: SimAgent, now: number): void {
    if (this.takeOverstay(a, now)) return
    const planned = a.pending.shift()
    if (planned !== undefined) {
      this.startBreak(a, planned, now)
      return
    }
    const r = this.rng()
    if (r < 0.5) {
      this.setState(a, 'offline_work', pickOfflineReason(this.rng), null)
      this.agentTimer(a, now + ms(uniform(this.rng, OFFLINE_WORK_SEC[0], OFFLINE_WORK_SEC[1])))
    } else if (r < 0.85) {
      const [lo, hi] = SHORT_NOT_READY.Personal
      this.setState(a, 'not_ready', 'Personal', null)
      this.agentTimer(a, now + ms(uniform(this.rng, lo, hi)))
    } else {
      this.setState(a, 'unknown', null, null)
      this.agentTimer(a, now + ms(uniform(this.rng, 30, 120)))
    }
  }

  private startBreak(a: SimAgent, brk: PendingBreak, now: number): void {
    this.setState(a, 'not_ready', brk.reason, null)
    this.agentTimer(a, now + brk.durationMs)
  }

  private shiftStart(a: SimAgent, now: number): void {
    if (a.state !== 'logged_out') return
    a.onShift = true
    a.shiftEnded = false
    a.pending = []
    if (chance(this.rng, 0.3)) {
      this.setState(a, 'offline_work', 'Admin', null)
      this.agentTimer(a, now + ms(uniform(this.rng, 120, 300)))
      return
    }
    this.becomeAvailable(a, now)
  }

  private logout(a: SimAgent): void {
    a.onShift = false
    a.shiftEnded = false
    a.pending = []
    this.setState(a, 'logged_out', null, null)
  }

  // ---------------------------------------------------------------- incidents

  private startIncident(plan: IncidentPlan, now: number): void {
    if (plan.kind === 'queue_backup') {
      const src = this.sources[plan.source] as SourceState
      src.surge = { factor: plan.factor, until: now + plan.durationMs }
      this.incidents.push({
        id: plan.id,
        kind: plan.kind,
        targetId: src.def.id,
        startedAt: now,
        endsAt: now + plan.durationMs,
      })
      if (src.baseRate > 0) this.schedule('surge', now, src.index, 0)
      this.schedule('backlog_message', now + 5 * 60_000, src.index, 0)
      return
    }
    this.overstayPending = { plan, expires: now + OVERSTAY_PICKUP_MS }
    // Whoever is free now takes the long break; otherwise the next agent to free up does.
    for (let g = 0; g < GROUPS.length; g++) {
      for (const s of GROUPS[g]?.sources ?? []) {
        const a = this.longestIdle(s, false)
        if (a !== null && this.takeOverstay(a, now)) return
      }
    }
  }

  private takeOverstay(a: SimAgent, now: number): boolean {
    const pending = this.overstayPending
    if (pending === null || a.shiftEnded || !a.onShift) return false
    this.overstayPending = null
    if (now > pending.expires) return false
    this.setState(a, 'not_ready', 'Break', null)
    this.agentTimer(a, now + pending.plan.durationMs)
    this.incidents.push({
      id: pending.plan.id,
      kind: 'break_overstay',
      targetId: a.roster.id,
      startedAt: now,
      endsAt: now + pending.plan.durationMs,
    })
    return true
  }

  // ---------------------------------------------------------------- messages

  private routineMessage(now: number): void {
    const secondOfDay = this.hourOf(now) * 3600
    if (secondOfDay < MESSAGES_FROM_SEC || secondOfDay >= MESSAGES_UNTIL_SEC) return
    // A time on the supervisor's clock a quarter of an hour ahead, on a five-minute mark.
    const soon = clockLabel(Math.ceil((secondOfDay + 15 * 60) / 300) * 300)
    const sender = Math.floor(this.rng() * SUPERVISORS.length)
    const { urgent, text } = routineOrUrgentText(this.rng, soon)
    this.postMessage(now, sender, urgent, text)
  }

  private postMessage(now: number, sender: number, urgent: boolean, text: string): void {
    this.messages.push({ id: `msg-${++this.messageSeq}`, sender, sentAt: now, urgent, text })
    if (this.messages.length > MESSAGES_KEPT) this.messages.splice(0, this.messages.length - MESSAGES_KEPT)
  }

  // ---------------------------------------------------------------- the day plan

  /** Shifts, planned breaks and incidents of the day. */
  private planDay(): void {
    const rng = this.rng
    for (const a of this.agents) {
      const shift = SHIFTS[a.roster.shift] ?? SHIFTS[0]
      if (shift === undefined) continue
      const start = this.atLocal(shift.startSec + uniform(rng, -4 * 60, 6 * 60))
      const end = start + ms(SHIFT_LENGTH_SEC + uniform(rng, 0, 8 * 60))
      this.schedule('shift_start', start, a.roster.index, 0)
      this.schedule('shift_end', end, a.roster.index, 0)
      const planned: [number, keyof typeof PLANNED_BREAKS][] = [
        [2 * 3600 + uniform(rng, -20, 20) * 60, 'Break'],
        [4 * 3600 + uniform(rng, -30, 30) * 60, 'Lunch'],
        [6.5 * 3600 + uniform(rng, -20, 20) * 60, 'Break'],
      ]
      if (chance(rng, 0.3)) planned.push([uniform(rng, 1, 7) * 3600, 'Meeting'])
      if (chance(rng, 0.2)) planned.push([uniform(rng, 1, 7) * 3600, 'Training'])
      for (const [offsetSec, reason] of planned) {
        const [lo, hi] = PLANNED_BREAKS[reason]
        const brk = { reason, durationMs: ms(uniform(rng, lo, hi)) }
        this.schedule('break_due', start + ms(offsetSec), a.roster.index, 0, null, brk)
      }
    }
    if (this.opts.incidents) {
      for (const plan of this.planIncidents()) {
        this.planned.push(plan)
        this.schedule('incident', plan.at, 0, 0, null, null, plan)
      }
    }
  }

  /**
   * The day's incidents, from their own generator. Every day opens the same way, so tests and demos can rely on
   * it: an agent starts an over-long break at 09:13 (it passes 20 min at about 09:33) and the Support queue
   * backs up at 09:33 for 15 min. Then, from 10:10–10:30 until 18:00, an incident every 35–75 min, alternating
   * kinds, on Sales, Support or Chat: those differ from day to day.
   */
  private planIncidents(): IncidentPlan[] {
    const rng = this.incidentRng
    const plans: IncidentPlan[] = []
    const add = (kind: IncidentPlan['kind'], at: number, source: number): void => {
      plans.push({
        id: `incident-${this.opts.day.key}-${++this.incidentSeq}`,
        kind,
        at,
        durationMs: kind === 'queue_backup' ? ms(uniform(rng, 12, 20) * 60) : ms(uniform(rng, 28, 38) * 60),
        source,
        factor: uniform(rng, 3, 4),
      })
    }
    let kind: IncidentPlan['kind'] = chance(rng, 0.5) ? 'queue_backup' : 'break_overstay'
    add('break_overstay', this.atLocal(9 * 3600 + 13 * 60), SUPPORT)
    add('queue_backup', this.atLocal(9 * 3600 + 33 * 60), SUPPORT)
    const first = plans[1]
    if (first !== undefined) first.durationMs = 15 * 60_000
    let t = this.atLocal(10 * 3600 + 10 * 60) + ms(uniform(rng, 0, 20) * 60)
    while (t < this.atLocal(18 * 3600)) {
      add(kind, t, pick(rng, [SALES, SUPPORT, CHAT]))
      kind = kind === 'queue_backup' ? 'break_overstay' : 'queue_backup'
      t += ms(uniform(rng, 35, 75) * 60)
    }
    return plans
  }

  /** The day's incidents. */
  plannedIncidents(): readonly IncidentPlan[] {
    return this.planned
  }
}
