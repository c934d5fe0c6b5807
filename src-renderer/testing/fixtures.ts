import type {
  AgentRow,
  ChatMessageRow,
  ChatRoomRow,
  ConnectionStatus,
  LivePatch,
  LiveState,
  QueueRow,
  RowBase,
} from '../../src-shared/live'
import type { AppInfo, ConnectionView, TeamInfo } from '../../src-shared/ipc/contract'

export const T0 = Date.UTC(2025, 2, 3, 9, 0, 0)

/** What `app:info` says: the desktop app, writable, with a keychain, system theme in English, unless told. */
export function appInfo(over: Partial<AppInfo> = {}): AppInfo {
  return {
    version: '0.1.0',
    shell: 'electron',
    readOnly: false,
    keychain: { available: true, detail: null },
    prefs: { theme: 'system', language: 'en' },
    ...over,
  }
}

/** The fields every live row has: its board key, where it came from and when. */
function liveRow(conn: string, id: string, provider: RowBase['provider']): RowBase & { id: string } {
  return { key: `${conn}:${id}`, connection: conn, provider, asOf: T0, id }
}

/** A team board's link to its site (`AppInfo.team`): connected to the Warsaw site as anna, who may acknowledge. */
export function teamInfo(over: Partial<TeamInfo> = {}): TeamInfo {
  return {
    servers: ['https://team.example'],
    site: 'Warsaw',
    user: 'anna',
    connected: true,
    since: 0,
    canAcknowledge: true,
    ...over,
  }
}

/** A saved connection as `connections:list` shows it: a giosg account whose secret is in the keychain, unless told. */
export function connectionView(id: string, over: Partial<ConnectionView> = {}): ConnectionView {
  return {
    id,
    label: id.toUpperCase(),
    provider: 'giosg',
    baseUrl: 'https://service.giosg.com',
    username: null,
    pollSeconds: 15,
    requestedPollSeconds: null,
    enabled: true,
    options: { includeShared: false, roomIds: [], userIds: [], authScheme: 'Token' },
    queueMedia: {},
    targets: {},
    secret: 'keychain',
    ...over,
  }
}

export function connection(id: string, over: Partial<ConnectionStatus> = {}): ConnectionStatus {
  return {
    id,
    label: id.toUpperCase(),
    provider: 'simulator',
    state: 'ok',
    detail: null,
    lastOkAt: T0,
    lastAttemptAt: T0,
    nextPollAt: T0 + 2000,
    pollSeconds: 2,
    health: 'ok',
    stale: false,
    paused: false,
    consecutiveFailures: 0,
    warnings: [],
    counts: { agents: 0, queues: 0, chatRooms: 0, chatMessages: 0, metrics: 0 },
    ...over,
  }
}

export function agent(conn: string, id: string, over: Partial<AgentRow> = {}): AgentRow {
  return {
    ...liveRow(conn, id, 'simulator'),
    raw: null,
    name: `Agent ${id}`,
    email: null,
    state: 'available',
    rawState: 'Ready',
    stateReason: null,
    timeInStateSec: 30,
    stateSince: T0 - 30_000,
    onHold: null,
    contactSec: null,
    contactSince: null,
    media: null,
    openInteractions: null,
    freeCapacity: null,
    groupIds: ['g1'],
    queueIds: [],
    today: null,
    ...over,
  }
}

export function queue(conn: string, id: string, over: Partial<QueueRow> = {}): QueueRow {
  return {
    ...liveRow(conn, id, 'simulator'),
    raw: null,
    name: `Queue ${id}`,
    media: 'voice',
    waiting: 3,
    longestWaitSec: 75,
    avgWaitNowSec: 40,
    offered: null,
    inProgress: null,
    agentsAvailable: 2,
    agentsBusy: 5,
    agentsWrapUp: null,
    agentsNotReady: null,
    agentsLoggedIn: null,
    agentsLoggedOut: null,
    serviceLevelPct: 72,
    serviceLevelTargetPct: 80,
    today: {
      received: 120,
      answered: 110,
      abandoned: 6,
      avgWaitSec: 35,
      avgHandleSec: 240,
      serviceLevelPct: 81,
    },
    last30m: null,
    ...over,
  }
}

export function chatRoom(conn: string, id: string, over: Partial<ChatRoomRow> = {}): ChatRoomRow {
  return {
    ...liveRow(conn, id, 'giosg'),
    raw: null,
    name: `Room ${id}`,
    openChats: 4,
    waitingChats: 1,
    avgWaitNowSec: 20,
    maxWaitNowSec: 50,
    freeCapacity: 3,
    visitorsNow: 40,
    today: {
      chats: 80,
      missed: 2,
      answered: 78,
      avgWaitSec: 18,
      maxWaitSec: 120,
      avgChatSec: 300,
      serviceLevelPct: 90,
      satisfactionPct: null,
    },
    ...over,
  }
}

export function chatMessage(conn: string, id: string, over: Partial<ChatMessageRow> = {}): ChatMessageRow {
  return {
    ...liveRow(conn, id, 'brightpattern'),
    senderLogin: 'laura',
    senderName: 'Laura',
    sentAt: T0,
    urgent: false,
    text: `message ${id}`,
    ...over,
  }
}

export function liveState(over: Partial<LiveState> = {}): LiveState {
  return {
    seq: 1,
    serverNow: T0,
    paused: false,
    connections: [],
    agents: [],
    queues: [],
    chatRooms: [],
    chatMessages: [],
    metrics: [],
    ...over,
  }
}

export function patch(seq: number, over: Partial<LivePatch> = {}): LivePatch {
  return { seq, serverNow: T0 + seq * 1000, paused: false, upserts: {}, removed: {}, ...over }
}
