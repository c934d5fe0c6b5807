/**
 * A fake Floorwalker for the renderer benchmark: a small HTTP server for the built board and a WebSocket bridge
 * speaking src-shared/ipc/wire.ts, backed by a synthetic contact center (2,000 agents over two connections, ten
 * queues with an hour of history, supervisor messages). Time is simulated: each `tick()` moves it 5 s, changes the
 * state of 10 % of the agents and sends the `live:patch` main would send, so hours pass in seconds.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, normalize, sep } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import type { AppInfo, Envelope } from '../src-shared/ipc/contract'
import type { WireInvoke, WireServerMessage } from '../src-shared/ipc/wire'
import { BRIDGE_PATH, markServedByWebBridge } from '../src-shared/ipc/wire'
import { rendererResponseHeaders } from '../src-shared/renderer-csp'
import type {
  AgentRow,
  ChatMessageRow,
  ConnectionStatus,
  HistorySeries,
  LivePatch,
  LiveState,
  QueueRow,
} from '../src-shared/live'
import { historyKey } from '../src-shared/live'
import type { AgentState } from '../src-shared/model'

export const TICK_MS = 5_000
const HISTORY_POINTS = 720 // one hour at 5 s
const HISTORY_CAP = 5_760 // eight hours, as main's ring
const MESSAGES_KEPT = 40

const FIRST = [
  'Anna',
  'Marek',
  'Laura',
  'Jonas',
  'Ida',
  'Oskar',
  'Mia',
  'Ravi',
  'Zofia',
  'Erik',
  'Sara',
  'Tomasz',
]
const LAST = [
  'Nowak',
  'Berg',
  'Nieminen',
  'Kowalski',
  'Hansen',
  'Tran',
  'Khan',
  'Laurent',
  'Wójcik',
  'Becker',
]
/** Roughly how a floor splits over the day. */
const STATE_WEIGHTS: [AgentState, number][] = [
  ['available', 0.18],
  ['offered', 0.04],
  ['busy', 0.5],
  ['wrap_up', 0.1],
  ['not_ready', 0.1],
  ['offline_work', 0.03],
  ['logged_out', 0.05],
]

/** Deterministic: the same run every time. */
function rng(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31
    return s / 2 ** 31
  }
}

export interface FakeBridge {
  url: string
  /** Simulated now (epoch ms). */
  now(): number
  seq(): number
  /** Move time on (a poll interval unless told) and send the patch of one poll; returns its seq. */
  tick(advanceMs?: number): number
  close(): Promise<void>
}

/** The connections of the synthetic center: two (EU, US), or five, one per vendor, for the biggest floors. */
const CONNECTIONS = [
  { id: 'eu', label: 'EU voice', provider: '8x8' },
  { id: 'us', label: 'US contact center', provider: 'brightpattern' },
  { id: 'pl', label: 'PL sales', provider: 'thulium' },
  { id: 'uk', label: 'UK chat', provider: 'giosg' },
  { id: 'de', label: 'DE service', provider: 'chronicall' },
]

export async function startFakeBridge(
  rendererDir: string,
  agentCount = 2_000,
  connectionCount: 2 | 5 = 2,
): Promise<FakeBridge> {
  const random = rng(42)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const pickState = (): AgentState => {
    let r = random()
    for (const [state, w] of STATE_WEIGHTS) if ((r -= w) < 0) return state
    return 'available'
  }

  let now = Date.UTC(2026, 0, 12, 8, 0, 0)
  let seq = 1
  const connections: ConnectionStatus[] = CONNECTIONS.slice(0, connectionCount).map((c) => ({
    ...c,
    provider: c.provider as ConnectionStatus['provider'],
    state: 'ok',
    detail: null,
    lastOkAt: now,
    lastAttemptAt: now,
    nextPollAt: now + TICK_MS,
    pollSeconds: TICK_MS / 1000,
    health: 'ok',
    stale: false,
    paused: false,
    consecutiveFailures: 0,
    warnings: [],
    counts: { agents: 0, queues: 0, chatRooms: 0, chatMessages: 0, metrics: 0 },
    reason: null,
    reasonSince: null,
  }))

  const agents: AgentRow[] = Array.from({ length: agentCount }, (_, i) => {
    // Two connections split 60/40 (as before); five share the floor evenly.
    const conn =
      connectionCount === 2
        ? i < agentCount * 0.6
          ? connections[0]!
          : connections[1]!
        : connections[Math.floor((i * connectionCount) / agentCount)]!
    const state = pickState()
    const since = now - Math.floor(random() * 1_800_000)
    return {
      key: `${conn.id}:a${i}`,
      connection: conn.id,
      provider: conn.provider,
      asOf: now,
      id: `a${i}`,
      name: `${pick(FIRST)} ${pick(LAST)} ${i}`,
      email: `agent${i}@example.com`,
      state,
      rawState: state,
      stateReason: state === 'not_ready' ? pick(['Break', 'Lunch', 'Meeting', 'Training']) : null,
      timeInStateSec: Math.round((now - since) / 1000),
      stateSince: since,
      onHold: state === 'busy' && i % 4 === 0,
      contactSec: state === 'busy' ? Math.round((now - since) / 1000) : null,
      contactSince: state === 'busy' ? since : null,
      media: 'voice',
      openInteractions: state === 'busy' ? 1 : 0,
      freeCapacity: state === 'available' ? 1 : 0,
      groupIds: [`team-${(i % 24) + 1}`],
      queueIds: [`q${i % 10}`],
      today: {
        handled: Math.floor(random() * 40),
        rejected: Math.floor(random() * 3),
        loginSec: 14_400,
        availableSec: 3_000,
        breakSec: 900,
        wrapUpSec: 1_200,
        avgHandleSec: 240,
        talkSec: 5_400,
        missed: null,
      },
      raw: { 'agent-id': i, 'agent-status': state, 'time-in-status': 0 },
    }
  })

  const QUEUES = [
    { conn: 'eu', id: 'q0', name: 'Sales', media: 'voice' },
    { conn: 'eu', id: 'q1', name: 'Support', media: 'voice' },
    { conn: 'eu', id: 'q2', name: 'Billing', media: 'voice' },
    { conn: 'eu', id: 'q3', name: 'Renewals', media: 'voice' },
    { conn: 'eu', id: 'q4', name: 'Claims', media: 'voice' },
    { conn: 'us', id: 'q5', name: 'Web chat', media: 'chat' },
    { conn: 'us', id: 'q6', name: 'Returns', media: 'voice' },
    { conn: 'us', id: 'q7', name: 'Orders', media: 'voice' },
    { conn: 'us', id: 'q8', name: 'Premium', media: 'voice' },
    { conn: 'us', id: 'q9', name: 'Spanish', media: 'voice' },
  ] as const
  const queues: QueueRow[] = QUEUES.map((q) => ({
    key: `${q.conn}:${q.id}`,
    connection: q.conn,
    provider: q.conn === 'eu' ? '8x8' : 'brightpattern',
    asOf: now,
    id: q.id,
    name: q.name,
    media: q.media,
    waiting: 3,
    longestWaitSec: 40,
    avgWaitNowSec: 20,
    offered: null,
    inProgress: 12,
    agentsAvailable: 5,
    agentsBusy: 40,
    agentsWrapUp: 6,
    agentsNotReady: 4,
    agentsLoggedIn: 55,
    agentsLoggedOut: 3,
    serviceLevelPct: 82,
    serviceLevelTargetPct: 80,
    today: {
      received: 400,
      answered: 380,
      abandoned: 12,
      avgWaitSec: 25,
      avgHandleSec: 250,
      serviceLevelPct: 84,
    },
    last30m: null,
    raw: null,
  }))

  // An hour of history for each queue's waiting and longest wait, with a short outage (a gap) in it.
  const history = new Map<string, [number, number | null][]>()
  for (const q of queues) {
    for (const field of ['waiting', 'longestWaitSec'] as const) {
      const points: [number, number | null][] = []
      let v = field === 'waiting' ? 3 : 40
      for (let k = HISTORY_POINTS - 1; k >= 0; k--) {
        v = Math.max(0, v + (random() - 0.5) * (field === 'waiting' ? 2 : 20))
        points.push([now - k * TICK_MS, k > 300 && k < 306 ? null : Math.round(v)])
      }
      history.set(historyKey('queue', q.key, field), points)
    }
  }

  const messages: ChatMessageRow[] = []
  let messageId = 0
  const addMessage = (): ChatMessageRow => {
    messageId += 1
    const m: ChatMessageRow = {
      key: `us:m${messageId}`,
      connection: 'us',
      provider: 'brightpattern',
      asOf: now,
      id: `m${messageId}`,
      senderLogin: 'ops.desk',
      senderName: 'Operations Desk',
      sentAt: now,
      urgent: messageId % 7 === 0,
      text: `Message ${messageId}: please check the break planner before you go.`,
    }
    messages.push(m)
    return m
  }
  for (let i = 0; i < 20; i++) addMessage()

  const state = (): LiveState => ({
    seq,
    serverNow: now,
    paused: false,
    connections,
    agents,
    queues,
    chatRooms: [],
    chatMessages: messages,
    metrics: [],
  })

  const info: AppInfo = {
    version: 'bench',
    shell: 'web',
    readOnly: true,
    keychain: { available: false, detail: 'benchmark' },
    prefs: { theme: 'system', language: 'en' },
  }

  function answer(msg: WireInvoke): Envelope<unknown> {
    switch (msg.channel) {
      case 'live:get':
        return { ok: true, value: state() }
      case 'app:info':
        return { ok: true, value: info }
      case 'history:get': {
        const { keys, sinceMs } = msg.args as { keys: string[]; sinceMs: number }
        const value: HistorySeries[] = keys.map((key) => ({
          key,
          points: (history.get(key) ?? []).filter(([t]) => t >= sinceMs),
        }))
        return { ok: true, value }
      }
      default:
        return { ok: false, error: { code: 'read_only', message: 'the benchmark board is view only' } }
    }
  }

  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    let file = normalize(join(rendererDir, path === '/' ? 'index.html' : path))
    if (!file.startsWith(rendererDir + sep)) file = join(rendererDir, 'index.html')
    try {
      if (!statSync(file).isFile()) file = join(rendererDir, 'index.html')
    } catch {
      file = join(rendererDir, 'index.html')
    }
    res.writeHead(200, rendererResponseHeaders(file, { kind: 'web' }))
    // Like the headless runner, mark the page so it talks to this server's WebSocket bridge.
    if (file.endsWith('.html')) res.end(markServedByWebBridge(readFileSync(file, 'utf8')))
    else createReadStream(file).pipe(res)
  })
  const wss = new WebSocketServer({ noServer: true })
  const sockets = new Set<WebSocket>()
  const send = (ws: WebSocket, m: WireServerMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m))
  }
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== BRIDGE_PATH) {
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws)
      send(ws, { t: 'hello', readOnly: true, version: 'bench' })
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as WireInvoke
        send(ws, { t: 'result', id: msg.id, envelope: answer(msg) })
      })
      ws.on('close', () => sockets.delete(ws))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port

  function tick(advanceMs = TICK_MS): number {
    now += advanceMs
    seq += 1
    const changed = new Map<string, AgentRow>()
    while (changed.size < agentCount / 10) {
      const i = Math.floor(random() * agentCount)
      const a = agents[i]!
      let next = pickState()
      if (next === a.state) next = a.state === 'busy' ? 'wrap_up' : 'busy'
      const row: AgentRow = {
        ...a,
        asOf: now,
        state: next,
        rawState: next,
        stateReason: next === 'not_ready' ? pick(['Break', 'Lunch', 'Meeting']) : null,
        timeInStateSec: 0,
        stateSince: now,
        raw: { 'agent-id': i, 'agent-status': next, 'time-in-status': 0 },
      }
      agents[i] = row
      changed.set(row.key, row)
    }
    for (let i = 0; i < queues.length; i++) {
      const q = queues[i]!
      const waiting = Math.max(0, (q.waiting ?? 0) + Math.round((random() - 0.5) * 3))
      const longest =
        waiting === 0 ? 0 : Math.max(0, (q.longestWaitSec ?? 0) + Math.round((random() - 0.4) * 15))
      queues[i] = { ...q, asOf: now, waiting, longestWaitSec: longest }
      for (const [field, value] of [
        ['waiting', waiting],
        ['longestWaitSec', longest],
      ] as const) {
        const points = history.get(historyKey('queue', q.key, field))!
        points.push([now, value])
        if (points.length > HISTORY_CAP) points.splice(0, points.length - HISTORY_CAP)
      }
    }
    for (const c of connections)
      Object.assign(c, { lastOkAt: now, lastAttemptAt: now, nextPollAt: now + TICK_MS })
    const removed: string[] = []
    const newMessages: ChatMessageRow[] = []
    // A supervisor message every half hour; vendors keep only the recent ones.
    if (seq % 360 === 0) {
      newMessages.push(addMessage())
      while (messages.length > MESSAGES_KEPT) removed.push(messages.shift()!.key)
    }
    const patch: LivePatch = {
      seq,
      serverNow: now,
      paused: false,
      upserts: {
        agents: [...changed.values()],
        queues: [...queues],
        connections: connections.map((c) => ({ ...c })),
        ...(newMessages.length ? { chatMessages: newMessages } : {}),
      },
      removed: removed.length ? { chatMessages: removed } : {},
    }
    const frame = JSON.stringify({
      t: 'event',
      event: 'live:patch',
      payload: patch,
    } satisfies WireServerMessage)
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(frame)
    return seq
  }

  return {
    url: `http://127.0.0.1:${port}/`,
    now: () => now,
    seq: () => seq,
    tick,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of sockets) ws.terminate()
        wss.close()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
