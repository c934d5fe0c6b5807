import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SandboxServer } from '../../sandbox/server'
import { hmsToSeconds } from './parse'
import {
  DIRECTORY_PATH,
  SUMMARY_PATH,
  buildDirectory,
  formatHms,
  loginFor,
  serviceLevelAt,
  startThuliumSandboxWith,
} from './sandbox'
import { NOW, SIM_STATE, crowdSim, fixedClock, fixedSim } from './test-sim'

const AUTH = `Basic ${Buffer.from('api_user:api_pass').toString('base64')}`
const DATES = 'date_from=2025-01-07%2000:00:00&date_to=2025-01-07%2023:30:15'

type Row = Record<string, unknown> & { user_name?: string; incoming: number; answered: number }

describe('sandbox figures', () => {
  it('writes durations as HH:MM:SS with hours past 24', () => {
    expect(formatHms(0)).toBe('00:00:00')
    expect(formatHms(48)).toBe('00:00:48')
    expect(formatHms(90_061)).toBe('25:01:01')
    expect(formatHms(781_425)).toBe('217:03:45')
    for (const s of [0, 59, 3599, 86_399, 86_400, 1_000_000]) expect(hmsToSeconds(formatHms(s))).toBe(s)
  })

  it('derives logins the way Thulium users look', () => {
    expect(loginFor('Jan Kowalski')).toBe('jkowalski')
    expect(loginFor('Paweł Wiśniewski')).toBe('pwisniewski')
    expect(loginFor('Łucja Żółć-Nowak')).toBe('lnowak')
    expect(loginFor('agenta3')).toBe('agenta3')
  })

  it('lets a longer response threshold count more chats in service level', () => {
    expect(serviceLevelAt(85, 20)).toBeCloseTo(85)
    expect(serviceLevelAt(85, 60)).toBeGreaterThan(85)
    expect(serviceLevelAt(85, 5)).toBeLessThan(85)
    expect(serviceLevelAt(100, 5)).toBe(100)
  })

  it('numbers chat queues and rooms 1…N and lists every agent as a user, and nobody else', () => {
    const dir = buildDirectory(SIM_STATE, 20)
    expect(dir.queues.map((q) => [q.id, q.name, q.simId])).toEqual([
      ['1', 'Sales chat', 'chat-q'],
      ['2', 'Web chat', 'room-b'],
    ])
    expect(dir.users.map((u) => u.login).sort()).toEqual(['agenta3', 'anowak', 'jkowalski', 'vvoice'])
    const byLogin = new Map(dir.users.map((u) => [u.login, u]))
    expect(byLogin.get('jkowalski')).toMatchObject({ name: 'Jan Kowalski', queueIds: ['1'] })
    expect(byLogin.get('jkowalski')!.tally).toMatchObject({ answered: 12, abandoned: 1, incoming: 13 })
    // The simulator left the name and figures empty: the user still exists, with no chats.
    expect(byLogin.get('agenta3')).toMatchObject({ name: 'Agent a3', queueIds: ['1', '2'] })
    expect(byLogin.get('agenta3')!.tally.answered).toBe(0)
    // Serves only a voice queue: in Thulium's chat report with no chats.
    expect(byLogin.get('vvoice')).toMatchObject({ queueIds: [] })
    expect(byLogin.get('vvoice')!.tally.incoming).toBe(0)
    expect(new Set(dir.users.map((u) => u.login)).size).toBe(4)
  })
})

describe('sandbox server', () => {
  let sb: SandboxServer
  let strict: SandboxServer

  beforeAll(async () => {
    sb = await startThuliumSandboxWith({
      sim: crowdSim(130),
      clock: fixedClock,
      username: 'api_user',
      secret: 'api_pass',
    })
    strict = await startThuliumSandboxWith({
      sim: fixedSim,
      clock: fixedClock,
      username: 'api_user',
      secret: 'api_pass',
      limitOver100: 'reject',
    })
  })
  afterAll(async () => {
    await sb.close()
    await strict.close()
  })

  const get = async (query: string, server = sb, auth: string | null = AUTH) => {
    const res = await fetch(`${server.origin}${SUMMARY_PATH}?${query}`, {
      headers: auth === null ? {} : { authorization: auth },
    })
    return { res, body: (await res.json()) as unknown }
  }

  it('asks for Basic credentials', async () => {
    for (const auth of [
      null,
      `Basic ${Buffer.from('api_user:wrong').toString('base64')}`,
      'Bearer api_pass',
    ]) {
      const { res, body } = await get(DATES, sb, auth)
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="Thulium API"')
      expect(body).toMatchObject({
        request_id: expect.stringMatching(/^[0-9a-f]+$/),
        errors: [{ message: 'Authorization failed.' }],
      })
    }
  })

  it('answers 400 in the error envelope without the required dates', async () => {
    const { res, body } = await get('date_to=2025-01-07')
    expect(res.status).toBe(400)
    expect(body).toEqual({
      request_id: expect.any(String),
      errors: [{ message: 'Parameter date_from is required.', code: 1001 }],
    })
    const bad = await get('date_from=07.01.2025&date_to=2025-01-07')
    expect(bad.res.status).toBe(400)
    expect(bad.body).toMatchObject({
      errors: [{ message: expect.stringContaining('date_from has invalid format') }],
    })
  })

  it('answers 422 for invalid values', async () => {
    const agg = await get(`${DATES}&aggregate_by=fortnight`)
    expect(agg.res.status).toBe(422)
    expect(agg.body).toMatchObject({
      errors: [{ message: expect.stringContaining('aggregate_by must be one of') }],
    })
    const ids = await get(`${DATES}&chat_queue_ids[]=sales`)
    expect(ids.res.status).toBe(422)
    const order = await get('date_from=2025-01-08&date_to=2025-01-07')
    expect(order.res.status).toBe(422)
  })

  it('serves a summed row per chat queue, dated by the sandbox clock', async () => {
    const { res, body } = await get(`${DATES}&aggregate_by=day&sum_users=true&chat_queue_ids[]=1`)
    expect(res.status).toBe(200)
    expect(res.headers.get('date')).toBe(new Date(NOW).toUTCString())
    const rows = body as Row[]
    expect(rows).toHaveLength(1)
    const row = rows[0]!
    expect(row).not.toHaveProperty('user_name')
    expect(row).toMatchObject({ series: '2025-01-07', incoming: 50, answered: 44, abandoned: 6 })
    expect(row['service_level_percent']).toBe(85)
    expect(row['wait_time']).toMatchObject({ avg: '00:00:30' })
    expect(row['chat_time']).toMatchObject({ avg: '00:06:40', sum: formatHms(400 * 44) })
    // Both queues summed.
    const both = (await get(`${DATES}&aggregate_by=day&sum_users=true&chat_queue_ids[]=1&chat_queue_ids[]=2`))
      .body as Row[]
    expect(both[0]).toMatchObject({ incoming: 70, answered: 62, abandoned: 8 })
    // No such queue: no rows.
    expect((await get(`${DATES}&sum_users=true&chat_queue_ids[]=99`)).body).toEqual([])
  })

  it('labels series by aggregate_by (month is the default)', async () => {
    const q = `${DATES}&sum_users=true&chat_queue_ids[]=1`
    expect(((await get(q)).body as Row[])[0]!['series']).toBe('2025-01')
    expect(((await get(`${q}&aggregate_by=year`)).body as Row[])[0]!['series']).toBe('2025')
    expect(((await get(`${q}&aggregate_by=week`)).body as Row[])[0]!['series']).toBe('2025-W02')
    expect(((await get(`${q}&aggregate_by=hour_of_day`)).body as Row[])[0]!['series']).toBe('23')
  })

  it('applies response_threshold to the service level', async () => {
    const q = `${DATES}&aggregate_by=day&sum_users=true&chat_queue_ids[]=1`
    const at = async (t: number) =>
      ((await get(`${q}&response_threshold=${t}`)).body as Row[])[0]!['service_level_percent'] as number
    expect(await at(20)).toBe(85)
    expect(await at(60)).toBeGreaterThan(85)
    expect(await at(5)).toBeLessThan(85)
  })

  it('pages users with limit ≤ 100 and offset', async () => {
    const page = async (offset: number, limit = 100) =>
      (await get(`${DATES}&aggregate_by=day&limit=${limit}&offset=${offset}`)).body as Row[]
    const [p0, p1, p2] = [await page(0), await page(100), await page(200)]
    expect([p0.length, p1.length, p2.length]).toEqual([100, 30, 0])
    const names = [...p0, ...p1].map((r) => r.user_name)
    expect(new Set(names).size).toBe(130)
    expect(names).toContain('Jan Kowalski')
    // Over 100: clamped by default, refused by the strict sandbox.
    expect(await page(0, 150)).toHaveLength(100)
    const refused = await get(`${DATES}&limit=150`, strict)
    expect(refused.res.status).toBe(422)
    expect(refused.body).toMatchObject({
      errors: [{ message: 'Parameter limit must not be greater than 100.' }],
    })
    expect((await get(`${DATES}&limit=0`)).res.status).toBe(422)
  })

  it('filters users by user_logins[] and chat_queue_ids[]', async () => {
    const some = (await get(`${DATES}&aggregate_by=day&user_logins[]=jkowalski&user_logins[]=anowak`))
      .body as Row[]
    expect(some.map((r) => r.user_name).sort()).toEqual(['Anna Nowak', 'Jan Kowalski'])
    const jan = some.find((r) => r.user_name === 'Jan Kowalski')!
    expect(jan).toMatchObject({ answered: 12, abandoned: 1, incoming: 13, chat_time: { avg: '00:05:00' } })
    const indexed = (await get(`${DATES}&user_logins[0]=jkowalski`)).body as Row[]
    expect(indexed.map((r) => r.user_name)).toEqual(['Jan Kowalski'])
    expect((await get(`${DATES}&user_logins[]=nobody`)).body).toEqual([])
    const queue2 = (await get(`${DATES}&chat_queue_ids[]=2&limit=100`)).body as Row[]
    expect(queue2.map((r) => r.user_name)).toContain('Anna Nowak')
    expect(queue2.map((r) => r.user_name)).not.toContain('Jan Kowalski')
    // Summed over named users.
    const summed = (await get(`${DATES}&sum_users=true&user_logins[]=jkowalski&user_logins[]=vvoice`))
      .body as Row[]
    expect(summed).toHaveLength(1)
    expect(summed[0]).toMatchObject({ incoming: 13, answered: 12 })
  })

  it('lists its chat queues and users for setting up a connection', async () => {
    const res = await fetch(`${sb.origin}${DIRECTORY_PATH}`)
    const dir = (await res.json()) as { chatQueues: { id: string }[]; users: { login: string }[] }
    expect(dir.chatQueues.map((q) => q.id)).toEqual(['1', '2'])
    expect(dir.users).toHaveLength(130)
  })

  it('fails on command', async () => {
    sb.setFaults({ status: 503, retryAfter: '7', remaining: 1 })
    const r = await fetch(`${sb.origin}${SUMMARY_PATH}?${DATES}`, { headers: { authorization: AUTH } })
    expect(r.status).toBe(503)
    expect(r.headers.get('retry-after')).toBe('7')
    const after = await get(DATES)
    expect(after.res.status).toBe(200)
  })
})
