/**
 * The simulated contact center's fixed layout: who works where, which contacts come in, and how long things
 * take. Ids are numeric strings (vendor APIs such as 8x8 and giosg use integer queue, group and user ids) except
 * the chat rooms, which carry UUIDs like giosg rooms do.
 */
import { pick, shuffle, type Rng } from './prng'

export type ContactMedia = 'voice' | 'email' | 'chat'

export interface Patience {
  /** nobody gives up sooner than this (seconds) */
  minSec: number
  /** ... nor later than minSec + rangeSec */
  rangeSec: number
  /** mean of the (truncated) exponential added to minSec */
  meanSec: number
}

/** A stream of contacts: a queue (voice, email, the chat queue) or a live chat room. */
export interface SourceDef {
  kind: 'queue' | 'room'
  id: string
  name: string
  media: ContactMedia
  /** Service level: answered within this many seconds... */
  slThresholdSec: number
  /** ...for this share of contacts (0–100). */
  slTargetPct: number
  /** Arrivals per minute at the business-day peak, per agent in `volumeGroups`. */
  peakPerAgentPerMin: number
  volumeGroups: readonly number[]
  /** Arrivals never drop below this share of the peak while open (emails keep coming in at night). */
  curveFloor: number
  /**
   * Local hours contacts can come in (from, until), or null around the clock. Outside them the phone line plays
   * the opening hours and the chat widget shows "offline": nothing is queued, nothing abandons.
   */
  openHours: readonly [number, number] | null
  /** null: never abandons (email). */
  patience: Patience | null
  /** Handling (talk / chat / email) time: log-normal, seconds. */
  handle: { meanSec: number; sigma: number; minSec: number; maxSec: number }
  /** Ringing / offer time, seconds. */
  offerSec: readonly [number, number]
  /** After-contact work, seconds (kept under a minute). */
  wrapSec: readonly [number, number]
  /** Voice and chat are worked before email. */
  realtime: boolean
}

export interface GroupDef {
  id: string
  name: string
  /** Share of the agents. */
  share: number
  /** Source indices the group's agents are skilled for. */
  sources: readonly number[]
  /** Concurrent chats an agent handles; 0 = one contact at a time. */
  chatCapacity: number
}

export interface ShiftDef {
  name: string
  /** Business second of day the shift starts. */
  startSec: number
  share: number
}

const NORMAL_PATIENCE: Patience = { minSec: 15, rangeSec: 95, meanSec: 60 }
/** Callers during a backed-up queue hold on much longer, which is what makes the longest wait climb. */
export const INCIDENT_PATIENCE: Patience = { minSec: 150, rangeSec: 330, meanSec: 200 }

/** Phones and chat are open from the first shift's start to the last one's end (08:00–20:30). */
const OPEN_HOURS = [8, 20.5] as const

export const SALES = 0
export const SUPPORT = 1
export const EMAIL = 2
export const CHAT = 3
export const WEB_SHOP_ROOM = 4
export const HELP_CENTER_ROOM = 5

/** Ringing and after-contact work of a live contact, by media. */
const LIVE_TIMING = {
  voice: { offerSec: [3, 12], wrapSec: [12, 55] },
  chat: { offerSec: [3, 8], wrapSec: [10, 40] },
} as const

/**
 * A source of live contacts (calls, chats): 80 % answered within 20 s as the target, open in OPEN_HOURS with no
 * floor under the day's curve, customers of normal patience, worked before email.
 */
function liveSource(
  s: Pick<SourceDef, 'kind' | 'id' | 'name' | 'peakPerAgentPerMin' | 'volumeGroups' | 'handle'> & {
    media: keyof typeof LIVE_TIMING
  },
): SourceDef {
  return {
    kind: s.kind,
    id: s.id,
    name: s.name,
    media: s.media,
    slThresholdSec: 20,
    slTargetPct: 80,
    peakPerAgentPerMin: s.peakPerAgentPerMin,
    volumeGroups: s.volumeGroups,
    curveFloor: 0,
    openHours: OPEN_HOURS,
    patience: NORMAL_PATIENCE,
    handle: s.handle,
    ...LIVE_TIMING[s.media],
    realtime: true,
  }
}

export const SOURCES: readonly SourceDef[] = [
  liveSource({
    kind: 'queue',
    id: '115',
    name: 'Sales',
    media: 'voice',
    peakPerAgentPerMin: 0.14,
    volumeGroups: [0],
    handle: { meanSec: 240, sigma: 0.55, minSec: 30, maxSec: 1500 },
  }),
  liveSource({
    kind: 'queue',
    id: '116',
    name: 'Support',
    media: 'voice',
    peakPerAgentPerMin: 0.095,
    volumeGroups: [1],
    handle: { meanSec: 330, sigma: 0.55, minSec: 30, maxSec: 1800 },
  }),
  {
    kind: 'queue',
    id: '117',
    name: 'Email',
    media: 'email',
    // An email answered within 8 h counts as on time (a working day: what came in overnight can still make it
    // if the morning shift gets to it first); 20 s would make every email a miss.
    slThresholdSec: 8 * 3600,
    slTargetPct: 80,
    peakPerAgentPerMin: 0.022,
    volumeGroups: [1, 2],
    curveFloor: 0.1,
    openHours: null,
    patience: null,
    handle: { meanSec: 300, sigma: 0.5, minSec: 60, maxSec: 1800 },
    offerSec: [2, 5],
    wrapSec: [10, 40],
    realtime: false,
  },
  liveSource({
    kind: 'queue',
    id: '118',
    name: 'Chat',
    media: 'chat',
    peakPerAgentPerMin: 0.12,
    volumeGroups: [2],
    handle: { meanSec: 420, sigma: 0.6, minSec: 60, maxSec: 1800 },
  }),
  liveSource({
    kind: 'room',
    id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    name: 'Web shop chat',
    media: 'chat',
    peakPerAgentPerMin: 0.1,
    volumeGroups: [2],
    handle: { meanSec: 360, sigma: 0.6, minSec: 60, maxSec: 1800 },
  }),
  liveSource({
    kind: 'room',
    id: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
    name: 'Help center chat',
    media: 'chat',
    peakPerAgentPerMin: 0.08,
    volumeGroups: [2],
    handle: { meanSec: 480, sigma: 0.6, minSec: 60, maxSec: 1800 },
  }),
]

export const GROUPS: readonly GroupDef[] = [
  { id: '1', name: 'Sales team', share: 0.35, sources: [SALES], chatCapacity: 0 },
  { id: '2', name: 'Support team', share: 0.4, sources: [SUPPORT, EMAIL], chatCapacity: 0 },
  {
    id: '3',
    name: 'Digital team',
    share: 0.25,
    sources: [CHAT, WEB_SHOP_ROOM, HELP_CENTER_ROOM, EMAIL],
    chatCapacity: 3,
  },
]

/** Staggered shifts so staffing follows the arrival curve (business-clock.ts). */
export const SHIFTS: readonly ShiftDef[] = [
  { name: 'early', startSec: 8 * 3600, share: 0.35 },
  { name: 'day', startSec: 9 * 3600, share: 0.3 },
  { name: 'late', startSec: 10 * 3600, share: 0.2 },
  { name: 'evening', startSec: 12 * 3600, share: 0.15 },
]
export const SHIFT_LENGTH_SEC = 8.5 * 3600

/**
 * Blending: an agent picks up an email only while at least this many colleagues of the group stay available
 * for calls and chats (8 % of the group, at least one; fewer when fewer are logged in, so a thin evening shift
 * still works its emails), so the email backlog never starves the phones.
 */
export function emailReserve(groupSize: number): number {
  return Math.max(1, Math.ceil(groupSize * 0.08))
}

/** Groups serving each source, in group order. */
export const GROUPS_BY_SOURCE: readonly (readonly number[])[] = SOURCES.map((_, s) =>
  GROUPS.flatMap((g, gi) => (g.sources.includes(s) ? [gi] : [])),
)

export interface RosterAgent {
  index: number
  id: string
  name: string
  email: string
  group: number
  shift: number
}

// prettier-ignore
const FIRST_NAMES = [
  'Aino', 'Mikko', 'Laura', 'Jakub', 'Anna', 'Piotr', 'Emma', 'Oliver', 'Sofia', 'Lucas', 'Mia', 'Noah', 'Elina',
  'Juha', 'Katarzyna', 'Tomasz', 'Hanna', 'Ville', 'Sara', 'Daniel', 'Olivia', 'Leo', 'Ella', 'Matti', 'Zofia',
  'Marek', 'Eva', 'Jonas', 'Ida', 'Henrik', 'Maja', 'Erik', 'Nora', 'Oskar', 'Alma', 'Lukas', 'Lea', 'Felix',
  'Amelia', 'Adam', 'Julia', 'Samuel', 'Chloe', 'David', 'Grace', 'Ahmed', 'Fatima', 'Omar', 'Leila', 'Ravi',
  'Priya', 'Kenji', 'Yuki', 'Mateo', 'Lucia', 'Diego', 'Camila', 'Tariq', 'Nina', 'Aleksi', 'Veera', 'Kasper',
  'Iida', 'Filip',
]

// prettier-ignore
const LAST_NAMES = [
  'Virtanen', 'Korhonen', 'Nieminen', 'Makinen', 'Hamalainen', 'Laine', 'Heikkinen', 'Koskinen', 'Nowak',
  'Kowalski', 'Wisniewski', 'Wojcik', 'Kaminski', 'Lewandowska', 'Zielinski', 'Szymanska', 'Smith', 'Johnson',
  'Brown', 'Taylor', 'Wilson', 'Davies', 'Evans', 'Thomas', 'Muller', 'Schmidt', 'Schneider', 'Fischer', 'Weber',
  'Becker', 'Hoffmann', 'Larsen', 'Hansen', 'Nielsen', 'Andersson', 'Johansson', 'Lindqvist', 'Berg', 'Dahl',
  'Garcia', 'Martinez', 'Lopez', 'Fernandez', 'Rossi', 'Russo', 'Bianchi', 'Romano', 'Dubois', 'Moreau', 'Laurent',
  'Petit', 'Khan', 'Ali', 'Patel', 'Singh', 'Tanaka', 'Sato', 'Kim', 'Park', 'Nguyen', 'Tran', 'Silva', 'Santos',
  'Oliveira',
]

/** Splits `total` by `shares` (largest remainder), so the parts always add up. */
export function apportion(total: number, shares: readonly number[]): number[] {
  const sum = shares.reduce((a, b) => a + b, 0)
  const exact = shares.map((s) => (total * s) / sum)
  const parts = exact.map(Math.floor)
  let left = total - parts.reduce((a, b) => a + b, 0)
  const order = exact
    .map((x, i) => ({ i, frac: x - Math.floor(x) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i)
  for (const { i } of order) {
    if (left <= 0) break
    parts[i] = (parts[i] ?? 0) + 1
    left--
  }
  return parts
}

/** Agents with unique names, their group (contiguous blocks, group order) and their shift. */
export function buildRoster(rng: Rng, count: number): RosterAgent[] {
  const pairs = FIRST_NAMES.length * LAST_NAMES.length
  const order = shuffle(
    rng,
    Array.from({ length: pairs }, (_, i) => i),
  )
  const sizes = apportion(
    count,
    GROUPS.map((g) => g.share),
  )
  const agents: RosterAgent[] = []
  sizes.forEach((size, group) => {
    const shifts = apportion(
      size,
      SHIFTS.map((s) => s.share),
    ).flatMap((n, shift) => Array.from({ length: n }, () => shift))
    shuffle(rng, shifts)
    for (let k = 0; k < size; k++) {
      const index = agents.length
      const pair = order[index % pairs] ?? 0
      const first = FIRST_NAMES[pair % FIRST_NAMES.length] ?? 'Alex'
      const last = LAST_NAMES[Math.floor(pair / FIRST_NAMES.length)] ?? 'Doe'
      // Past 4,096 agents the pairs repeat; a middle initial keeps names and emails unique.
      const round = Math.floor(index / pairs)
      const initial = round === 0 ? '' : String.fromCharCode(64 + (((round - 1) % 26) + 1))
      const name = initial === '' ? `${first} ${last}` : `${first} ${initial}. ${last}`
      const local = [first, initial, last, round > 26 ? String(round) : '']
        .filter((x) => x !== '')
        .join('.')
        .toLowerCase()
      agents.push({
        index,
        id: String(1001 + index),
        name,
        email: `${local}@example.com`,
        group,
        shift: shifts[k] ?? 0,
      })
    }
  })
  return agents
}

/** Reasons agents give for not being ready, and how long they take (seconds). All stay under 20 minutes. */
export const PLANNED_BREAKS = {
  Break: [600, 900],
  Lunch: [900, 1140],
  Meeting: [480, 1080],
  Training: [600, 1140],
} as const satisfies Record<string, readonly [number, number]>

export const SHORT_NOT_READY = { Personal: [120, 360], 'No answer': [20, 60] } as const

export const OFFLINE_WORK_REASONS = ['Callback', 'Admin', 'Case follow-up'] as const
export const OFFLINE_WORK_SEC = [180, 600] as const

/**
 * Raw state strings, Bright Pattern style (docs/vendors/brightpattern.md §7.1); 'Supervising' is one BP maps
 * to unknown.
 */
export const RAW_STATES = {
  available: 'Ready',
  offered: 'Ringing',
  busy: 'Busy',
  wrap_up: 'After Call Work',
  not_ready: 'Not Ready',
  offline_work: 'Offline Work',
  logged_out: 'Logged Out',
  unknown: 'Supervising',
} as const

export function pickOfflineReason(rng: Rng): string {
  return pick(rng, OFFLINE_WORK_REASONS)
}
