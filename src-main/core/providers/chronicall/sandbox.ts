/**
 * A Chronicall-compatible server on loopback (docs/ARCHITECTURE.md §6.2), serving the simulator as
 * API-enabled realtime metrics with the quirks of docs/vendors/chronicall.md §9: bearer auth, per-id 403/404
 * that fail the whole request, 206 while a metric initializes (the first request for it starts that),
 * eviction after a while without requests, lastUpdateTime that lags behind "now" so clients have to tick
 * durations, a server-local UTC offset, a Date header, and the WebSocket subscription endpoint.
 */
import type { IncomingMessage } from 'node:http'
import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Agent, AgentState } from '../../../../src-shared/model'
import type { Disposer } from '../../ports'
import type { SandboxFactory, SandboxOptions } from '../../sandbox/registry'
import {
  json,
  startSandboxServer,
  type SandboxReply,
  type SandboxRequest,
  type SandboxServer,
} from '../../sandbox/server'
import type { SimulatorState } from '../../simulator/types'
import { METRICS_PATH, PUSH_PATH, VALUES_PATH } from './client'
import type { ChronicallMetricInfo } from './parse'

type ValueType = 'COUNT' | 'BOOLEAN' | 'STRING' | 'DURATION' | 'AVERAGE_DURATION'

interface CatalogueEntry {
  metricId: string
  metricName: string
  categoryType: 'AGENT' | 'GROUP'
  type: ValueType
}

/**
 * The sandbox's metric catalogue: opaque ids like the vendor's (docs/vendors/chronicall.md §6.2), usual
 * Chronicall names.
 */
export const CHRONICALL_SANDBOX_METRICS = {
  agentState: { metricId: 'K2ST8QXA', metricName: 'Agent State', categoryType: 'AGENT', type: 'STRING' },
  agentTimeInState: {
    metricId: 'K08ZIKVN',
    metricName: 'Time in State',
    categoryType: 'AGENT',
    type: 'DURATION',
  },
  agentAvailable: {
    metricId: 'K13CJXHV',
    metricName: 'Agent Available',
    categoryType: 'AGENT',
    type: 'BOOLEAN',
  },
  agentHandled: {
    metricId: 'K5HNDL7R',
    metricName: 'Calls Handled Today',
    categoryType: 'AGENT',
    type: 'COUNT',
  },
  groupWaiting: { metricId: 'K0FLAEB6', metricName: 'Calls in Queue', categoryType: 'GROUP', type: 'COUNT' },
  groupLongestWait: {
    metricId: 'K1RNV2OQ',
    metricName: 'Longest Wait',
    categoryType: 'GROUP',
    type: 'DURATION',
  },
  groupAverageWait: {
    metricId: 'K4AVGW9T',
    metricName: 'Average Wait',
    categoryType: 'GROUP',
    type: 'AVERAGE_DURATION',
  },
} as const satisfies Record<string, CatalogueEntry>

const CATALOGUE: readonly CatalogueEntry[] = Object.values(CHRONICALL_SANDBOX_METRICS)

/** How the sandbox words agent states (the strings of docs/vendors/chronicall.md §7.1). */
const STATE_TEXT: Record<AgentState, string> = {
  available: 'Idle',
  offered: 'Ringing',
  busy: 'Talking',
  wrap_up: 'ACW',
  not_ready: 'DND',
  offline_work: 'DND',
  logged_out: 'Logged Out',
  unknown: 'Unknown',
}

export interface ChronicallSandboxOptions extends SandboxOptions {
  /** Ids that answer 403 (assigned to another service user). Listed in /metrics even if not in the catalogue. */
  forbiddenIds?: string[]
  /** Ids that answer 404 even though /metrics lists them (deleted meanwhile). */
  unknownIds?: string[]
  /** A metric not requested for this long must initialize again (206). Default 15 min. */
  evictAfterMs?: number
  /** A key is ready this long after its first request, at the next request. Default 0: the next request. */
  warmupMs?: number
  /** The server's local UTC offset used in lastUpdateTime, minutes. Default -360 (-06:00, as in the vendor doc). */
  utcOffsetMinutes?: number
  /** The server clock runs this far ahead of opts.clock (negative: behind). Default 0. */
  clockSkewMs?: number
  /** The server recalculates values on this grid, so lastUpdateTime lags up to this much. Default 10 s. */
  updateEveryMs?: number
  /** How often subscribed WebSocket clients get changed values. Default 1 s. */
  pushIntervalMs?: number
}

export interface ChronicallSandboxServer extends SandboxServer {
  /** Change which ids answer 403 / 404 (also `POST /__sandbox/chronicall` with the same JSON). */
  setIdFaults(f: { forbiddenIds?: string[]; unknownIds?: string[] }): void
  /** Open WebSocket subscriptions. */
  pushClients(): number
  /**
   * Faults of the push feed (also `POST /__sandbox/chronicall` with `{"push": {...}}`; `clearFaults` clears them
   * too): `drop` cuts every subscriber now and refuses new handshakes with 503 while set; `malformed` sends an
   * unreadable message at every push instead of values; `hugeMessageBytes` sends a message of that size at every
   * push.
   */
  setPushFaults(f: Partial<PushFaults>): void
  /** Every push handshake, oldest first: when it arrived (sandbox clock) and the status it got (101: accepted). */
  handshakes: { at: number; status: number }[]
}

export interface PushFaults {
  drop: boolean
  malformed: boolean
  hugeMessageBytes: number
}

const NO_PUSH_FAULTS: PushFaults = { drop: false, malformed: false, hugeMessageBytes: 0 }

interface Key {
  metricId: string
  categoryValue?: string
}
interface Entry {
  key: Key
  value: Record<string, unknown>
}

/** `2019-10-01T10:17:56.496-06:00`: server local time with its offset (docs/vendors/chronicall.md §6.5). */
export function formatChronicallTime(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().replace(/Z$/, '')
  const sign = offsetMinutes < 0 ? '-' : '+'
  const abs = Math.abs(offsetMinutes)
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

/**
 * An agent's state as the phone system words it: a call on hold is "Holding", and a not-ready or offline-work
 * reason rides on the state text ("DND - Lunch"), as Chronicall shows it (docs/vendors/chronicall.md §6.10).
 */
export function chronicallStateText(a: Agent): string {
  if (a.state === 'busy' && a.onHold === true) return 'Holding'
  const text = STATE_TEXT[a.state]
  return (a.state === 'not_ready' || a.state === 'offline_work') && a.stateReason
    ? `${text} - ${a.stateReason}`
    : text
}

function agentCategoryValue(a: { id: string; name: string | null }): string {
  return `${a.name ?? a.id}(${a.id})`
}

export const startChronicallSandbox = (async (
  opts: ChronicallSandboxOptions,
): Promise<ChronicallSandboxServer> => {
  const clock = opts.clock
  let forbidden = new Set(opts.forbiddenIds ?? [])
  let unknown = new Set(opts.unknownIds ?? [])
  const evictAfterMs = opts.evictAfterMs ?? 15 * 60_000
  const warmupMs = opts.warmupMs ?? 0
  const offset = opts.utcOffsetMinutes ?? -360
  const skew = opts.clockSkewMs ?? 0
  const grid = opts.updateEveryMs ?? 10_000
  const pushEvery = opts.pushIntervalMs ?? 1_000

  /** Per metric id: when it was last requested, and for each of its keys the request that first asked for it. */
  const warm = new Map<
    string,
    { lastRequestedAt: number; keys: Map<string, { at: number; request: number }> }
  >()
  let requestNo = 0

  const serverNow = () => clock.now() + skew
  const fmt = (ms: number) => formatChronicallTime(ms, offset)

  const catalogueNow = (state: SimulatorState): ChronicallMetricInfo[] => {
    const agents = state.agents.map(agentCategoryValue)
    const groups = state.queues.filter((q) => q.media !== 'chat').map((q) => q.name)
    const list: ChronicallMetricInfo[] = CATALOGUE.map((m) => ({
      metricId: m.metricId,
      metricName: m.metricName,
      categoryType: m.categoryType,
      categorySelection: m.categoryType === 'AGENT' ? agents : groups,
    }))
    // "A list of all API-enabled metrics": metrics assigned to other service users are listed too
    // (docs/vendors/chronicall.md §3.1).
    for (const id of forbidden) {
      if (!CATALOGUE.some((m) => m.metricId === id)) {
        list.push({
          metricId: id,
          metricName: `Restricted metric ${id}`,
          categoryType: 'NONE',
          categorySelection: [],
        })
      }
    }
    return list
  }

  const exists = (id: string) =>
    !unknown.has(id) && (forbidden.has(id) || CATALOGUE.some((m) => m.metricId === id))

  /** Every value of one metric at this instant, keyed like the vendor's results. */
  const valuesOf = (id: string, state: SimulatorState): Entry[] => {
    const m = CATALOGUE.find((c) => c.metricId === id)
    const now = serverNow()
    const tick = Math.floor(now / grid) * grid
    const noData = (key: Key): Entry => ({ key, value: { lastUpdateTime: fmt(tick) } })
    // A value counting up since `since` (ms ago), recalculated on the grid: finishedDuration holds what had
    // accumulated at the last recalculation, so the client's formula gives the true value "now".
    const countingUp = (totalMs: number, counting: number) => {
      const lu = counting > 0 ? Math.max(tick, now - Math.floor(totalMs / counting)) : tick
      return { lu, finished: Math.round(totalMs - counting * (now - lu)) }
    }
    // A restricted metric only ever answers 403: it has no values to give.
    if (m === undefined) return []
    if (m.categoryType === 'AGENT') {
      return state.agents.map((a): Entry => {
        const key: Key = { metricId: id, categoryValue: agentCategoryValue(a) }
        const since =
          a.stateSince ?? (a.timeInStateSec === null ? null : state.asOf - a.timeInStateSec * 1000)
        const changedAt = since === null ? tick : Math.min(now, since + skew)
        switch (m.type) {
          case 'STRING':
            return {
              key,
              value: { type: 'STRING', lastUpdateTime: fmt(changedAt), value: chronicallStateText(a) },
            }
          case 'BOOLEAN':
            return {
              key,
              value: { type: 'BOOLEAN', lastUpdateTime: fmt(changedAt), value: a.state === 'available' },
            }
          case 'COUNT': {
            const handled = a.today?.handled ?? null
            if (handled === null) return noData(key)
            return { key, value: { type: 'COUNT', lastUpdateTime: fmt(tick), count: handled } }
          }
          default: {
            if (since === null) return noData(key)
            const { lu, finished } = countingUp(Math.max(0, now - (since + skew)), 1)
            return {
              key,
              value: {
                type: 'DURATION',
                lastUpdateTime: fmt(lu),
                finishedDuration: finished,
                numCountingUp: 1,
                numCountingDown: 0,
              },
            }
          }
        }
      })
    }
    return state.queues
      .filter((q) => q.media !== 'chat')
      .map((q): Entry => {
        const key: Key = { metricId: id, categoryValue: q.name }
        const waiting = q.waiting
        if (m.type === 'COUNT') {
          return waiting === null
            ? noData(key)
            : { key, value: { type: 'COUNT', lastUpdateTime: fmt(tick), count: waiting } }
        }
        if (m.type === 'DURATION') {
          if (q.longestWaitSec === null) return noData(key)
          const counting = (waiting ?? 0) > 0 ? 1 : 0
          const { lu, finished } = countingUp(q.longestWaitSec * 1000, counting)
          return {
            key,
            value: {
              type: 'DURATION',
              lastUpdateTime: fmt(lu),
              finishedDuration: finished,
              numCountingUp: counting,
              numCountingDown: 0,
            },
          }
        }
        if (q.avgWaitNowSec === null) return noData(key)
        const n = waiting ?? 0
        const { lu, finished } = countingUp(q.avgWaitNowSec * 1000 * n, n)
        return {
          key,
          value: {
            type: 'AVERAGE_DURATION',
            lastUpdateTime: fmt(lu),
            durationSum: n === 0 ? 0 : finished,
            count: n,
            numCountingUp: n,
            numCountingDown: 0,
          },
        }
      })
  }

  const dateHeader = () => ({ date: new Date(serverNow()).toUTCString() })
  const bearerOk = (req: SandboxRequest) => {
    const h = req.headers['authorization']
    return h !== undefined && /^bearer\s+/i.test(h) && h.replace(/^bearer\s+/i, '').trim() === opts.secret
  }
  const text = (status: number, body: string): SandboxReply => ({
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...dateHeader() },
    body,
  })

  const values = (ids: string[]): SandboxReply => {
    const now = clock.now()
    const request = ++requestNo
    const state = opts.sim.at(now)
    const results: Entry[] = []
    const initializing: Key[] = []
    for (const id of ids) {
      let w = warm.get(id)
      if (w !== undefined && now - w.lastRequestedAt > evictAfterMs) w = undefined
      if (w === undefined) {
        w = { lastRequestedAt: now, keys: new Map() }
        warm.set(id, w)
      }
      for (const e of valuesOf(id, state)) {
        const k = e.key.categoryValue ?? ''
        const first = w.keys.get(k)
        // Initializing starts with the first request and is over at a later one
        // (docs/vendors/chronicall.md §9).
        if (first !== undefined && first.request < request && now - first.at >= warmupMs) results.push(e)
        else {
          if (first === undefined) w.keys.set(k, { at: now, request })
          initializing.push(e.key)
        }
      }
      w.lastRequestedAt = now
    }
    return json(initializing.length > 0 ? 206 : 200, { results, initializing }, dateHeader())
  }

  const handle = (req: SandboxRequest): SandboxReply => {
    if (req.path === '/__sandbox/chronicall') {
      if (req.method === 'POST') {
        try {
          const f = (req.body.trim() ? JSON.parse(req.body) : {}) as {
            forbiddenIds?: string[]
            unknownIds?: string[]
            push?: Partial<PushFaults>
          }
          setIdFaults(f)
          if (f.push) setPushFaults(f.push)
        } catch (e) {
          return text(400, `bad JSON: ${(e as Error).message}`)
        }
      }
      return json(200, { forbiddenIds: [...forbidden], unknownIds: [...unknown], push: pushFaults })
    }
    if (req.method !== 'GET') return text(405, 'Method Not Allowed')
    if (req.path !== METRICS_PATH && req.path !== VALUES_PATH) return text(404, 'Not Found')
    if (!bearerOk(req)) return text(401, "The authorization header wasn't valid.")
    if (req.path === METRICS_PATH) return json(200, catalogueNow(opts.sim.at(clock.now())), dateHeader())
    const ids = req.query
      .getAll('id')
      .flatMap((v) => v.split(','))
      .map((s) => s.trim())
      .filter((s) => s !== '')
    if (ids.length === 0) return text(400, 'Missing query parameter: id')
    // One bad id fails the whole request (docs/vendors/chronicall.md §6.7).
    if (ids.some((id) => !exists(id))) return text(404, 'The requested metrics do not exist.')
    if (ids.some((id) => forbidden.has(id)))
      return text(403, 'The requested metrics are not assigned to the authenticated user.')
    return values(ids)
  }

  const setIdFaults = (f: { forbiddenIds?: string[]; unknownIds?: string[] }) => {
    if (f.forbiddenIds) forbidden = new Set(f.forbiddenIds)
    if (f.unknownIds) unknown = new Set(f.unknownIds)
  }

  // WebSocket subscriptions (docs/vendors/chronicall.md §3.3, §5): repeated id=, auth_token in the query,
  // 400/401/403 at handshake.
  const wss = new WebSocketServer({ noServer: true })
  const clients = new Map<WebSocket, { ids: string[]; sent: Map<string, string> }>()
  let ticker: Disposer | null = null

  let pushFaults: PushFaults = { ...NO_PUSH_FAULTS }
  const setPushFaults = (f: Partial<PushFaults>) => {
    // After a fault the feed sends every current value again, as a fresh subscription would.
    for (const sub of clients.values()) sub.sent.clear()
    pushFaults = { ...pushFaults, ...f }
    if (pushFaults.drop) {
      for (const ws of clients.keys()) ws.terminate()
      clients.clear()
    }
  }

  const pushTo = (ws: WebSocket, sub: { ids: string[]; sent: Map<string, string> }) => {
    if (pushFaults.malformed) {
      ws.send('{"key": {"metricId": "K2ST8QXA"}, "value": {"type": "agent_state", "data":')
      return
    }
    if (pushFaults.hugeMessageBytes > 0) {
      ws.send(
        JSON.stringify({
          key: { metricId: 'padding' },
          value: { pad: ' '.repeat(pushFaults.hugeMessageBytes) },
        }),
      )
      return
    }
    const now = clock.now()
    const state = opts.sim.at(now)
    for (const id of sub.ids) {
      const w = warm.get(id)
      if (w) w.lastRequestedAt = now
      for (const e of valuesOf(id, state)) {
        const k = `${id}|${e.key.categoryValue ?? ''}`
        const body = JSON.stringify(e)
        if (sub.sent.get(k) === body) continue
        sub.sent.set(k, body)
        ws.send(body)
      }
    }
  }
  const tick = () => {
    ticker = null
    for (const [ws, sub] of clients) pushTo(ws, sub)
    if (clients.size > 0) ticker = clock.setTimer(pushEvery, tick)
  }

  const handshakes: { at: number; status: number }[] = []
  const reject = (socket: Duplex, status: number) => {
    handshakes.push({ at: clock.now(), status })
    if (handshakes.length > 10_000) handshakes.splice(0, handshakes.length - 10_000)
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
    )
    socket.destroy()
  }

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://sandbox')
    if (url.pathname !== PUSH_PATH) return reject(socket, 404)
    const ids = url.searchParams.getAll('id').filter((s) => s !== '')
    if (ids.length === 0) return reject(socket, 400)
    if (url.searchParams.get('auth_token') !== opts.secret) return reject(socket, 401)
    if (ids.some((id) => !exists(id) || forbidden.has(id))) return reject(socket, 403)
    if (pushFaults.drop) return reject(socket, 503)
    handshakes.push({ at: clock.now(), status: 101 })
    wss.handleUpgrade(req, socket, head, (ws) => {
      const sub = { ids, sent: new Map<string, string>() }
      clients.set(ws, sub)
      ws.on('close', () => clients.delete(ws))
      ws.on('error', () => clients.delete(ws))
      pushTo(ws, sub)
      if (ticker === null) ticker = clock.setTimer(pushEvery, tick)
    })
  }

  const base = await startSandboxServer({
    handle,
    clock,
    onUpgrade,
    ...(opts.host === undefined ? {} : { host: opts.host }),
    ...(opts.port === undefined ? {} : { port: opts.port }),
  })

  return {
    ...base,
    setIdFaults,
    pushClients: () => clients.size,
    setPushFaults,
    handshakes,
    clearFaults: () => {
      base.clearFaults()
      setPushFaults(NO_PUSH_FAULTS)
    },
    close: async () => {
      ticker?.()
      ticker = null
      for (const ws of clients.keys()) ws.terminate()
      clients.clear()
      wss.close()
      await base.close()
    },
  }
}) satisfies SandboxFactory
