/**
 * Reads the center at one instant and writes it in canonical model terms (docs/ARCHITECTURE.md §4): seconds,
 * epoch ms, percentages 0–100, null only where a figure has no data behind it (an average over nothing).
 * Reading never changes what the center will do next, so asking more or less often gives the same states.
 */
import {
  zeroStateCounts,
  type Agent,
  type AgentState,
  type ChatMessage,
  type ChatRoom,
  type Queue,
} from '../../../src-shared/model'
import {
  SL_NOW_MS,
  WINDOW_MS,
  type Contact,
  type SimulatedCenter,
  type SimAgent,
  type SourceState,
  withinThreshold,
} from './simulated-center'
import { GROUPS, GROUPS_BY_SOURCE, RAW_STATES, SOURCES } from './floor-plan'
import { SUPERVISORS } from './messages'
import { chance, hashSeed, mulberry32, uniform } from './prng'
import type { SimulatedIncident, SimulatorSample, SimulatorState } from './types'

interface StateCounts {
  available: number
  busy: number
  wrapUp: number
  notReady: number
  loggedIn: number
  loggedOut: number
}

const round1 = (x: number): number => Math.round(x * 10) / 10
const pct = (n: number, d: number): number | null => (d > 0 ? round1((100 * n) / d) : null)
const avgSec = (sumMs: number, n: number): number | null => (n > 0 ? Math.round(sumMs / n / 1000) : null)
/** Waits are floored like the longest wait (whole seconds waited), so an average never shows above it. */
const avgWaitSec = (sumMs: number, n: number): number | null => (n > 0 ? Math.floor(sumMs / n / 1000) : null)

/**
 * @param origin epoch ms of model time 0
 * @param t model time (ms since origin) the state describes
 */
export function readState(center: SimulatedCenter, origin: number, t: number, seed: number): SimulatorState {
  const asOf = origin + t
  const groupCounts = GROUPS.map(() => emptyCounts())
  const agents = center.agents.map((a) => {
    const counts = groupCounts[a.roster.group]
    if (counts !== undefined) count(counts, a.state)
    return agentAt(a, t, asOf, seed)
  })
  const ringing = ringingBySource(center)
  const queues: Queue[] = []
  const chatRooms: ChatRoom[] = []
  for (const src of center.sources) {
    center.prune(src, t)
    const line = lineAt(center, src, t, ringing[src.index] ?? [])
    if (src.def.kind === 'queue') queues.push(queueAt(src, t, line, groupCounts))
    else chatRooms.push(roomAt(center, src, t, line, seed))
  }
  const chatMessages: ChatMessage[] = center.messages.map((m) => {
    const sender = SUPERVISORS[m.sender]
    return {
      id: m.id,
      senderLogin: sender?.login ?? null,
      senderName: sender?.name ?? null,
      sentAt: origin + m.sentAt,
      urgent: m.urgent,
      text: m.text,
    }
  })
  const incidents: SimulatedIncident[] = center.incidents
    .filter((i) => i.startedAt <= t && t < i.endsAt)
    .map((i) => ({
      id: i.id,
      kind: i.kind,
      targetId: i.targetId,
      startedAt: origin + i.startedAt,
      endsAt: origin + i.endsAt,
    }))
  return {
    asOf,
    groups: GROUPS.map((g) => ({ id: g.id, name: g.name })),
    agents,
    queues,
    chatRooms,
    chatMessages,
    incidents,
  }
}

/**
 * Only what the trend charts keep (queue waits, waiting counts, service level now, agents per state), for the
 * history of the day so far: much cheaper than {@link readState}, which builds every agent.
 */
export function readSample(center: SimulatedCenter, origin: number, t: number): SimulatorSample {
  const ringing = ringingBySource(center)
  const queues: SimulatorSample['queues'] = []
  const chatRooms: SimulatorSample['chatRooms'] = []
  for (const src of center.sources) {
    center.prune(src, t)
    const line = lineAt(center, src, t, ringing[src.index] ?? [])
    if (src.def.kind === 'queue') {
      queues.push({
        id: src.def.id,
        waiting: line.waiting,
        longestWaitSec: line.longestWaitSec,
        serviceLevelPct: serviceLevelNow(src, t, line),
        // The day's counters as the snapshot gives them, so counts over a period reach back into the backfill.
        today: { received: src.day.received, answered: src.day.answered, abandoned: src.day.abandoned },
      })
    } else {
      chatRooms.push({
        id: src.def.id,
        waitingChats: line.waiting,
        maxWaitNowSec: line.longestWaitSec,
        today: { chats: src.day.received, answered: src.day.answered, missed: src.day.abandoned },
      })
    }
  }
  const all = zeroStateCounts()
  const byGroup = GROUPS.map(() => zeroStateCounts())
  for (const a of center.agents) {
    all[a.state]++
    const g = byGroup[a.roster.group]
    if (g !== undefined) g[a.state]++
  }
  return {
    asOf: origin + t,
    queues,
    chatRooms,
    agentStates: [
      { group: '*', counts: all },
      ...GROUPS.map((g, i) => ({ group: g.id, counts: byGroup[i] ?? zeroStateCounts() })),
    ],
  }
}

function emptyCounts(): StateCounts {
  return { available: 0, busy: 0, wrapUp: 0, notReady: 0, loggedIn: 0, loggedOut: 0 }
}

/**
 * Queue agent counts, 8x8 style (docs/vendors/8x8.md §6.6, §7.3): busy includes ringing, not ready includes
 * offline work.
 */
function count(c: StateCounts, state: AgentState): void {
  if (state === 'logged_out') {
    c.loggedOut++
    return
  }
  c.loggedIn++
  if (state === 'available') c.available++
  else if (state === 'busy' || state === 'offered') c.busy++
  else if (state === 'wrap_up') c.wrapUp++
  else if (state === 'not_ready' || state === 'offline_work') c.notReady++
}

/**
 * Whether a call is on hold at `elapsedMs` into it (docs/vendors/simulator.md §7.2): about a third of calls go on
 * hold once, 30 s to 2 min in, for 20 s to 1.5 min. Drawn from the call alone, so reading never moves the center.
 */
export function callOnHold(seed: number, contactId: number, elapsedMs: number): boolean {
  const rng = mulberry32(hashSeed(seed, 'hold', contactId))
  if (!chance(rng, HOLD_SHARE)) return false
  const from = uniform(rng, 30_000, 120_000)
  const length = uniform(rng, 20_000, 90_000)
  return elapsedMs >= from && elapsedMs < from + length
}

const HOLD_SHARE = 0.35

function agentAt(a: SimAgent, t: number, asOf: number, seed: number): Agent {
  // Whole seconds, so stateSince = asOf − timeInStateSec·1000 holds exactly.
  const timeInStateSec = Math.floor((t - a.since) / 1000)
  // The contact in progress began when the agent went busy with it (a chat agent: with the first of its chats).
  const contactSec = a.state === 'busy' ? timeInStateSec : null
  const voiceCall = a.state === 'busy' && a.media === 'voice'
  const running = t - a.accSince
  const acc = a.day.acc
  const spent = (s: AgentState): number => acc[s] + (a.state === s ? running : 0)
  const loginMs =
    spent('available') +
    spent('offered') +
    spent('busy') +
    spent('wrap_up') +
    spent('not_ready') +
    spent('offline_work') +
    spent('unknown')
  const capacity = a.chatCapacity > 0 ? a.chatCapacity : 1
  const working = a.state === 'offered' || a.state === 'busy' || a.state === 'wrap_up'
  const group = GROUPS[a.roster.group]
  return {
    id: a.roster.id,
    name: a.roster.name,
    email: a.roster.email,
    state: a.state,
    rawState: RAW_STATES[a.state],
    stateReason: a.state === 'not_ready' || a.state === 'offline_work' ? a.reason : null,
    timeInStateSec,
    stateSince: asOf - timeInStateSec * 1000,
    // Only a call goes on hold; the simulator knows every agent, so anyone else is not on hold.
    onHold: voiceCall && a.contact !== null && callOnHold(seed, a.contact.id, t - a.since),
    contactSec,
    contactSince: contactSec === null ? null : asOf - contactSec * 1000,
    media: working ? a.media : null,
    openInteractions: a.state === 'busy' ? (a.media === 'chat' ? a.chats : 1) : a.state === 'offered' ? 1 : 0,
    freeCapacity: a.state === 'available' ? capacity : a.inSlots ? a.chatCapacity - a.chats : 0,
    groupIds: group === undefined ? [] : [group.id],
    groupNames: group === undefined ? undefined : [group.name],
    queueIds: a.sources.map((s) => sourceId(s)),
    today: {
      handled: a.day.handled,
      rejected: a.day.rejected,
      loginSec: Math.floor(loginMs / 1000),
      availableSec: Math.floor(spent('available') / 1000),
      breakSec: Math.floor(spent('not_ready') / 1000),
      wrapUpSec: Math.floor(spent('wrap_up') / 1000),
      avgHandleSec: avgSec(a.day.handleSumMs, a.day.handled),
      talkSec: Math.floor(spent('busy') / 1000),
      // The simulator's "rejected" are calls that rang out: it counts no other kind of miss.
      missed: null,
    },
    raw: { simulated: true, index: a.roster.index },
  }
}

function sourceId(s: number): string {
  return SOURCES[s]?.id ?? String(s)
}

/** Contacts ringing at an agent, per source index: still waiting, as far as the customer can tell. */
function ringingBySource(center: SimulatedCenter): Contact[][] {
  const out: Contact[][] = center.sources.map(() => [])
  for (const a of center.agents) {
    if (a.state === 'offered' && a.contact !== null) out[a.contact.source]?.push(a.contact)
  }
  return out
}

export interface LineNow {
  /** in line or ringing at an agent (not answered yet) */
  waiting: number
  longestWaitSec: number
  avgWaitNowSec: number
  /** waiting longer than the service-level threshold: already a miss */
  waitingOverThreshold: number
}

/**
 * Who is waiting now. A contact ringing at an agent still counts as waiting (the customer is not answered yet, and
 * most ACDs count it in queue), so received = answered + abandoned + waiting holds at every instant.
 */
export function lineAt(
  center: SimulatedCenter,
  src: SourceState,
  t: number,
  ringing: readonly Contact[],
): LineNow {
  const head = center.peekWaiting(src)
  const threshold = src.def.slThresholdSec
  let over = 0
  let oldest = head?.arrival ?? Infinity
  let arrivalSum = src.waitingArrivalSum
  if (head !== null) {
    for (let i = src.head; i < src.queue.length; i++) {
      const c = src.queue[i]
      if (c !== undefined && c.status === 'waiting' && !withinThreshold(t - c.arrival, threshold)) over++
    }
  }
  for (const c of ringing) {
    oldest = Math.min(oldest, c.arrival)
    arrivalSum += c.arrival
    if (!withinThreshold(t - c.arrival, threshold)) over++
  }
  const waiting = src.waiting + ringing.length
  if (waiting === 0) return { waiting: 0, longestWaitSec: 0, avgWaitNowSec: 0, waitingOverThreshold: 0 }
  return {
    waiting,
    longestWaitSec: Math.floor((t - oldest) / 1000),
    // Floored like the longest wait, so the average never shows above it.
    avgWaitNowSec: Math.floor((t * waiting - arrivalSum) / waiting / 1000),
    waitingOverThreshold: over,
  }
}

interface Window {
  queued: number
  answered: number
  abandoned: number
  answeredWithin: number
  abandonedAfter: number
  waitSumMs: number
  maxWaitMs: number
}

function windowAt(src: SourceState, t: number, spanMs: number): Window {
  const from = t - spanMs
  const w: Window = {
    queued: 0,
    answered: 0,
    abandoned: 0,
    answeredWithin: 0,
    abandonedAfter: 0,
    waitSumMs: 0,
    maxWaitMs: 0,
  }
  for (let i = src.arrivalsHead; i < src.arrivals.length; i++)
    if ((src.arrivals[i] as number) >= from) w.queued++
  const threshold = src.def.slThresholdSec
  for (let i = src.outcomesHead; i < src.outcomeAt.length; i++) {
    if ((src.outcomeAt[i] as number) < from) continue
    const waitMs = src.outcomeWaitMs[i] as number
    w.maxWaitMs = Math.max(w.maxWaitMs, waitMs)
    if (src.outcomeAnswered[i] === true) {
      w.answered++
      w.waitSumMs += waitMs
      if (withinThreshold(waitMs, threshold)) w.answeredWithin++
    } else {
      w.abandoned++
      if (!withinThreshold(waitMs, threshold)) w.abandonedAfter++
    }
  }
  return w
}

/**
 * Service level = answered within the threshold ÷ (answered + abandoned after the threshold): callers who hang
 * up within the threshold count neither way. "Now" covers the last 10 min plus whoever is still waiting past
 * the threshold (already a miss), so a backing-up queue shows in it at once.
 */
function serviceLevels(src: SourceState, t: number, line: LineNow) {
  const last30 = windowAt(src, t, WINDOW_MS)
  return {
    now: serviceLevelNow(src, t, line),
    last30,
    last30Pct: pct(last30.answeredWithin, last30.answered + last30.abandonedAfter),
    todayPct: pct(src.day.answeredWithin, src.day.answered + src.day.abandonedAfter),
  }
}

function serviceLevelNow(src: SourceState, t: number, line: LineNow): number | null {
  const now = windowAt(src, t, SL_NOW_MS)
  return pct(now.answeredWithin, now.answered + now.abandonedAfter + line.waitingOverThreshold)
}

function queueAt(src: SourceState, t: number, line: LineNow, groupCounts: StateCounts[]): Queue {
  const sl = serviceLevels(src, t, line)
  const c = emptyCounts()
  for (const g of GROUPS_BY_SOURCE[src.index] ?? []) {
    const gc = groupCounts[g]
    if (gc === undefined) continue
    c.available += gc.available
    c.busy += gc.busy
    c.wrapUp += gc.wrapUp
    c.notReady += gc.notReady
    c.loggedIn += gc.loggedIn
    c.loggedOut += gc.loggedOut
  }
  const day = src.day
  return {
    id: src.def.id,
    name: src.def.name,
    media: src.def.media,
    waiting: line.waiting,
    longestWaitSec: line.longestWaitSec,
    avgWaitNowSec: line.avgWaitNowSec,
    offered: src.offered,
    inProgress: src.inProgress,
    agentsAvailable: c.available,
    agentsBusy: c.busy,
    agentsWrapUp: c.wrapUp,
    agentsNotReady: c.notReady,
    agentsLoggedIn: c.loggedIn,
    agentsLoggedOut: c.loggedOut,
    serviceLevelPct: sl.now,
    serviceLevelTargetPct: src.def.slTargetPct,
    serviceLevelThresholdSec: src.def.slThresholdSec,
    today: {
      received: day.received,
      answered: day.answered,
      abandoned: day.abandoned,
      avgWaitSec: avgWaitSec(day.waitSumMs, day.answered),
      avgHandleSec: avgSec(day.handleSumMs, day.handled),
      serviceLevelPct: sl.todayPct,
    },
    last30m: {
      queued: sl.last30.queued,
      answered: sl.last30.answered,
      abandoned: sl.last30.abandoned,
      avgWaitSec: avgWaitSec(sl.last30.waitSumMs, sl.last30.answered),
      longestWaitSec: Math.max(Math.floor(sl.last30.maxWaitMs / 1000), line.longestWaitSec),
      serviceLevelPct: sl.last30Pct,
    },
    raw: rawOf(src),
  }
}

/** Small: the threshold service level is judged at, and how many of today's received were carried over. */
function rawOf(src: SourceState): { simulated: true; slThresholdSec: number; carriedOver: number } {
  return { simulated: true, slThresholdSec: src.def.slThresholdSec, carriedOver: src.day.carriedOver }
}

function roomAt(center: SimulatedCenter, src: SourceState, t: number, line: LineNow, seed: number): ChatRoom {
  const sl = serviceLevels(src, t, line)
  let free = 0
  for (const a of center.agents) {
    if (!a.sources.includes(src.index)) continue
    if (a.state === 'available') free += a.chatCapacity
    else if (a.inSlots) free += a.chatCapacity - a.chats
  }
  const day = src.day
  const visitors = Math.round(
    center.ratePerMinAt(src, t) * 60 * (0.85 + 0.3 * smoothNoise(seed, src.index, t)),
  )
  return {
    id: src.def.id,
    name: src.def.name,
    openChats: src.inProgress,
    waitingChats: line.waiting,
    avgWaitNowSec: line.avgWaitNowSec,
    maxWaitNowSec: line.longestWaitSec,
    freeCapacity: free,
    visitorsNow: visitors + src.inProgress + line.waiting,
    today: {
      chats: day.received,
      missed: day.abandoned,
      answered: day.answered,
      avgWaitSec: avgWaitSec(day.waitSumMs, day.answered),
      maxWaitSec: Math.floor(Math.max(day.maxWaitMs, line.longestWaitSec * 1000) / 1000),
      avgChatSec: avgSec(day.handleSumMs, day.handled),
      serviceLevelPct: sl.todayPct,
      satisfactionPct: pct(day.satisfied, day.rated),
    },
    raw: rawOf(src),
  }
}

/** Value noise in [0, 1] over 5-minute knots: a pure function of the instant, so it never depends on polling. */
function smoothNoise(seed: number, stream: number, t: number): number {
  const knot = 5 * 60_000
  const k = Math.floor(t / knot)
  const f = (t - k * knot) / knot
  const a = hashSeed(seed, 'visitors', stream, k) / 4294967296
  const b = hashSeed(seed, 'visitors', stream, k + 1) / 4294967296
  const s = f * f * (3 - 2 * f)
  return a + (b - a) * s
}
