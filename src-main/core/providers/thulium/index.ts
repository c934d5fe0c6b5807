/**
 * Thulium adapter: "today so far" chat KPIs per chat queue (ChatRooms) and per user (Agents) from
 * `GET /api/chats/reports/summary` (docs/vendors/thulium.md §6.1, §7). It is a report, not live state: agents
 * carry today's figures with state `unknown`, and every snapshot with agents says so in its warnings.
 */
import { localTimeZone } from '../../../../src-shared/business-day'
import type { Agent, ChatRoom, ProviderSnapshot } from '../../../../src-shared/model'
import type { ThuliumOptions } from '../../../../src-shared/providers/thulium'
import type { PollResult, ProviderExtras, ProviderFactory, ProviderFailure } from '../types'
import { MAX_PAGES, PAGE_LIMIT, ThuliumClient, type SummaryQuery, type SummaryResult } from './client'
import {
  NO_ACTIVITY,
  NO_LIVE_STATE_WARNING,
  agentFrom,
  chatRoomFrom,
  readSummaryRow,
  todaysRows,
  type SummaryRow,
} from './parse'
import { reportWindow } from './report-window'

/** The room that sums every chat queue when the connection names none. */
export const ALL_QUEUES_ID = 'all'
/** Requests in flight at once: one per queue and per configured login adds up; stay polite to the tenant. */
const CONCURRENCY = 4

type Job =
  | { kind: 'queue'; id: string; query: SummaryQuery; what: string }
  | { kind: 'user'; login: string; query: SummaryQuery; what: string }
  | { kind: 'users'; query: SummaryQuery; what: string }

/**
 * Run `jobs`, the first alone and then at most `limit` at once, in order; stop starting new ones after the first
 * failure.
 */
async function runAll(
  jobs: Job[],
  limit: number,
  run: (job: Job) => Promise<SummaryResult>,
): Promise<
  { ok: true; results: Extract<SummaryResult, { ok: true }>[] } | { ok: false; failure: ProviderFailure }
> {
  const results: SummaryResult[] = new Array<SummaryResult>(jobs.length)
  let next = 0
  let failed = false
  // The first request goes alone: a wrong password or URL then costs one failed request, not a burst of them.
  if (jobs.length > 0) {
    results[0] = await run(jobs[0]!)
    next = 1
    failed = !results[0].ok
  }
  const worker = async () => {
    while (!failed && next < jobs.length) {
      const i = next++
      const r = await run(jobs[i]!)
      results[i] = r
      if (!r.ok) failed = true
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker))
  const ok: Extract<SummaryResult, { ok: true }>[] = []
  for (const r of results) {
    if (r === undefined) continue
    if (!r.ok) return { ok: false, failure: r.failure }
    ok.push(r)
  }
  return { ok: true, results: ok }
}

export const createThuliumAdapter: ProviderFactory = (ctx) => {
  const opts = ctx.config.options as ThuliumOptions
  const log = ctx.log.child('thulium')
  const timeZone = opts.timezone ?? localTimeZone()
  const queueName = (id: string) =>
    opts.queueLabels[id] ?? (id === ALL_QUEUES_ID ? 'All chat queues' : `Chat queue ${id}`)

  /** Today's report rows at the last good poll: a report of today never loses every row within the day. */
  let lastReport: { today: string; rows: number } | null = null

  const configFailure = (detail: string): PollResult => ({
    ok: false,
    failure: { code: 'config', detail, terminal: true },
  })

  async function poll(signal: AbortSignal): Promise<PollResult> {
    if (ctx.secret === null) {
      return {
        ok: false,
        failure: { code: 'auth', detail: 'no password is stored for this Thulium API user' },
      }
    }
    if (ctx.config.baseUrl === null) return configFailure('the Thulium system URL is not set')
    if (ctx.config.username === null) return configFailure('the Thulium API user is not set')
    const win = reportWindow(ctx.clock.now(), timeZone)
    if (win === null) return configFailure(`"${timeZone}" is not a time zone this system knows`)

    const client = new ThuliumClient({
      http: ctx.http,
      log,
      now: () => ctx.clock.now(),
      baseUrl: ctx.config.baseUrl,
      username: ctx.config.username,
      password: ctx.secret,
    })
    const base = {
      dateFrom: win.dateFrom,
      dateTo: win.dateTo,
      responseThresholdSec: opts.responseThresholdSec,
    }
    const jobs: Job[] = []
    // One request per queue with sum_users=true gives each queue its own summed row
    // (docs/vendors/thulium.md §6.1).
    const queueIds = opts.chatQueueIds.length > 0 ? opts.chatQueueIds : [ALL_QUEUES_ID]
    for (const id of queueIds) {
      const chatQueueIds = id === ALL_QUEUES_ID ? [] : [id]
      jobs.push({
        kind: 'queue',
        id,
        what: id === ALL_QUEUES_ID ? 'all chat queues' : `chat queue ${id}`,
        query: { ...base, sumUsers: true, chatQueueIds, userLogins: [] },
      })
    }
    // Rows carry only user_name, not the login: one request per configured login is what ties a row to it.
    if (opts.userLogins.length > 0) {
      for (const login of opts.userLogins) {
        jobs.push({
          kind: 'user',
          login,
          what: `user ${login}`,
          query: { ...base, sumUsers: false, chatQueueIds: [], userLogins: [login] },
        })
      }
    } else {
      jobs.push({
        kind: 'users',
        what: 'all users',
        query: { ...base, sumUsers: false, chatQueueIds: [], userLogins: [] },
      })
    }

    const outcome = await runAll(jobs, CONCURRENCY, (job) => client.summary(job.query, job.what, signal))
    if (!outcome.ok) return { ok: false, failure: outcome.failure }

    // Today's figures only grow during the day, so a report that had rows and now has none at all is not "no
    // activity": it is an empty or cut answer (an empty body counts as an empty page, docs/vendors/thulium.md §6.1).
    const rowsNow = outcome.results.reduce((n, r) => n + todaysRows(r.rows, win.today).rows.length, 0)
    const before = lastReport
    if (rowsNow === 0 && before !== null && before.today === win.today && before.rows > 0) {
      return {
        ok: false,
        failure: {
          code: 'bad_response',
          detail: `Thulium answered an empty report for today, which had ${before.rows} row(s) at the last poll; today's figures cannot go back, so the last ones stay`,
        },
      }
    }
    lastReport = { today: win.today, rows: rowsNow }

    const warnings: string[] = []
    const chatRooms: ChatRoom[] = []
    const agents: Agent[] = []
    const usedAgentIds = new Map<string, number>()
    let truncated = false
    // Our clock at arrival is the data time; the vendor's Date only measures skew (docs/ARCHITECTURE.md §3.2).
    const asOf = ctx.clock.now()

    const today = (rows: SummaryRow[], what: string) => {
      const t = todaysRows(rows, win.today)
      if (t.dropped > 0)
        warnings.push(`${what}: ignored ${t.dropped} report row(s) of other days than ${win.today}`)
      return t.rows
    }
    const single = (rows: SummaryRow[], what: string): SummaryRow | null => {
      if (rows.length > 1)
        warnings.push(`${what}: expected one row for today, got ${rows.length}; showing the first`)
      return rows[0] ?? null
    }

    for (const [i, job] of jobs.entries()) {
      const r = outcome.results[i]!
      if (r.truncated) {
        truncated = true
        warnings.push(
          `${job.what}: the report has more than ${MAX_PAGES * PAGE_LIMIT} rows; the rest is not shown`,
        )
      }
      if (job.kind === 'queue') {
        const row = single(today(r.rows, job.what), job.what)
        const figures = row === null ? NO_ACTIVITY : readSummaryRow(row, job.what, warnings)
        // Its service level counts chats answered within the threshold we ask the report for
        // (docs/vendors/thulium.md §7.4): that is the room's threshold; Thulium has no target.
        chatRooms.push({
          ...chatRoomFrom(job.id, queueName(job.id), figures, { chat_queue_id: job.id, row }),
          serviceLevelThresholdSec: opts.responseThresholdSec,
        })
      } else if (job.kind === 'user') {
        const row = single(today(r.rows, job.what), job.what)
        const figures = row === null ? NO_ACTIVITY : readSummaryRow(row, job.what, warnings)
        agents.push(
          agentFrom(job.login, figures.userName ?? job.login, figures, {
            user_login: job.login,
            row,
            note: NO_LIVE_STATE_WARNING,
          }),
        )
      } else {
        for (const row of today(r.rows, job.what)) {
          const figures = readSummaryRow(row, `user ${JSON.stringify(row['user_name'] ?? null)}`, warnings)
          if (figures.userName === null) {
            warnings.push('a per-user report row has no user_name; skipped')
            continue
          }
          // user_name is the only key a row has (docs/vendors/thulium.md §6.5); two people may share a name.
          const seen = (usedAgentIds.get(figures.userName) ?? 0) + 1
          usedAgentIds.set(figures.userName, seen)
          const id = seen === 1 ? figures.userName : `${figures.userName} #${seen}`
          if (seen === 2)
            warnings.push(`several users are named "${figures.userName}"; they are told apart by #2, #3, …`)
          agents.push(agentFrom(id, figures.userName, figures, { row, note: NO_LIVE_STATE_WARNING }))
        }
      }
    }
    if (agents.length > 0) warnings.push(NO_LIVE_STATE_WARNING)

    const snapshot: ProviderSnapshot = {
      connection: ctx.config.id,
      provider: 'thulium',
      asOf,
      health: truncated ? 'partial' : 'ok',
      agents,
      queues: [],
      chatRooms,
      chatMessages: [],
      metrics: [],
      warnings: [...new Set(warnings)],
    }
    return { ok: true, snapshot }
  }

  async function extras(): Promise<ProviderExtras[]> {
    const win = reportWindow(ctx.clock.now(), timeZone)
    if (win === null) return [{ title: 'Report window', items: [`unknown time zone "${timeZone}"`] }]
    return [
      {
        title: 'Report window (Thulium reports today so far)',
        items: [
          `from ${win.dateFrom} to ${win.dateTo} (${timeZone})`,
          `service level counts chats answered within ${opts.responseThresholdSec} s`,
          opts.chatQueueIds.length > 0
            ? `chat queues: ${opts.chatQueueIds.map((id) => `${queueName(id)} (${id})`).join(', ')}`
            : 'chat queues: all, summed into one card',
          opts.userLogins.length > 0
            ? `users: ${opts.userLogins.join(', ')}`
            : 'users: everyone in today’s report',
        ],
      },
    ]
  }

  return { poll, extras }
}
