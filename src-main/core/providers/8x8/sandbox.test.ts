import { afterEach, describe, expect, it } from 'vitest'
import {
  CACHE_MS,
  startEightByEightSandbox,
  type EightByEightQuirks,
  type EightByEightSandbox,
} from './sandbox'
import { manualClock, START, testCenter, type ManualClock } from './test-center'

const TENANT = 'acme'
const TOKEN = 'ac12343934687a839cf'
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

let server: EightByEightSandbox | null = null
afterEach(async () => {
  await server?.close()
  server = null
})

async function start(
  opts: { shape?: 'full' | 'one' | 'empty'; quirks?: Partial<EightByEightQuirks>; clock?: ManualClock } = {},
) {
  const clock = opts.clock ?? manualClock()
  const sim = testCenter(opts.shape)
  server = await startEightByEightSandbox(
    { sim, clock, username: TENANT, secret: TOKEN },
    opts.quirks ? { quirks: opts.quirks } : {},
  )
  const get = (path: string, auth: string | null = basic(TENANT, TOKEN), method = 'GET') =>
    fetch(`${server?.origin}${path}`, { method, headers: auth === null ? {} : { authorization: auth } })
  return { clock, sim, server, get }
}

describe('8x8 sandbox: resources and formats', () => {
  it('serves XML by default and for .xml, JSON for .json (docs/vendors/8x8.md §3)', async () => {
    const { get } = await start()
    const xml = await get('/api/rtstats/stats/agents')
    expect(xml.status).toBe(200)
    expect(xml.headers.get('content-type')).toMatch(/^application\/xml/)
    const xmlBody = await xml.text()
    expect(xmlBody).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8" standalone="yes"\?>\n<agents>\n<agent>\n<agent-id>ag1<\/agent-id>\n/,
    )
    expect(xmlBody).toContain('<status-code-item-id/>')
    expect(xmlBody).toContain('<status-code-item-short-code>LUNCH</status-code-item-short-code>')
    expect(await (await get('/api/rtstats/stats/agents.xml')).text()).toBe(xmlBody)

    const js = await get('/api/rtstats/stats/agents.json')
    expect(js.headers.get('content-type')).toMatch(/^application\/json/)
    const doc = (await js.json()) as { agent: Record<string, unknown>[] }
    expect(doc.agent.map((a) => a['agent-id'])).toEqual(['ag1', 'clee', 'mk', 'gone', 'off'])
    expect(doc.agent[0]).toMatchObject({
      'agent-id': 'ag1',
      'agent-media-id': 1,
      'agent-name': 'John Doe',
      'agent-status': 0,
      'day-avg-handling-time': 212,
      'day-rejected-count': 1,
      'group-id': 101,
      'status-code-item-short-code': '',
      'time-in-status': 45,
    })
    expect(doc.agent[3]).toMatchObject({
      'agent-status': 9,
      'time-in-status': -1,
      'day-login-time': -1,
      'group-id': 102,
    })

    const queues = (await (await get('/api/rtstats/stats/queues.json')).json()) as {
      queue: Record<string, unknown>[]
    }
    expect(queues.queue[0]).toMatchObject({
      'queue-id': 115,
      'queue-name': 'outbound queue',
      'media-type': 'phone',
      'queue-size': 4,
      'day-accepted': 10,
      'agent-count-onBreak': 1,
      'agent-count-workOffline': 1,
      'enabled-agent-count': 8,
      'sla-target': 80,
      'queue-type': '',
    })
    expect(queues.queue[2]).toMatchObject({
      'queue-id': 'email-1',
      'queue-size': -1,
      'sla-activity': -1,
      'sla-target': 0,
    })
    const queuesXml = await (await get('/api/rtstats/stats/queues')).text()
    expect(queuesXml).toContain('<queue-name>Email &#38; fax &#60;EU&#62;</queue-name>')
  })

  it('serves single agents and queues, and 404 for unknown ids and paths', async () => {
    const { get } = await start()
    const one = (await (await get('/api/rtstats/stats/agent/clee.json')).json()) as {
      agent: Record<string, unknown>
    }
    expect(one.agent).toMatchObject({ 'agent-id': 'clee', 'agent-status': 4 })
    const q = await (await get('/api/rtstats/stats/queue/115')).text()
    expect(q).toMatch(/<queues>\n<queue>\n<agent-count-busy>3<\/agent-count-busy>/)
    expect(q.match(/<queue>/g)).toHaveLength(1)
    for (const path of [
      '/api/rtstats/stats/agent/nobody.json',
      '/api/rtstats/stats/queue/999',
      '/api/rtstats/stats/agent',
      '/api/rtstats/stats/agents/ag1',
      '/api/rtstats/stats/teams',
      '/api/rtstats/stats/agents.csv',
      '/elsewhere',
    ]) {
      expect((await get(path)).status, path).toBe(404)
    }
  })

  it('sends its own clock as the Date header', async () => {
    const { get, clock } = await start()
    clock.advance(3_500)
    const res = await get('/api/rtstats/stats/queues.json')
    expect(res.headers.get('date')).toBe(new Date(START + 3_500).toUTCString())
  })
})

describe('8x8 sandbox: auth (docs/vendors/8x8.md §2, §5)', () => {
  it('challenges a request without credentials with 401', async () => {
    const { get } = await start()
    const res = await get('/api/rtstats/stats/agents.json', null)
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm=/)
  })

  it('answers 403 to a wrong token or tenant, like 8x8', async () => {
    const { get } = await start()
    expect((await get('/api/rtstats/stats/agents.json', basic(TENANT, 'wrong'))).status).toBe(403)
    expect((await get('/api/rtstats/stats/agents.json', basic('other', TOKEN))).status).toBe(403)
    expect((await get('/api/rtstats/stats/agents.json', 'Bearer x')).status).toBe(401)
  })

  it('only takes GET', async () => {
    const { get } = await start()
    const res = await get('/api/rtstats/stats/agents.json', basic(TENANT, TOKEN), 'POST')
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('GET')
  })
})

describe('8x8 sandbox: 10 s server cache (docs/vendors/8x8.md §6.1)', () => {
  it('serves identical bodies within 10 s of its clock and new data after', async () => {
    const { get, clock, sim } = await start()
    const first = await (await get('/api/rtstats/stats/agents.json')).text()
    clock.advance(CACHE_MS - 1)
    expect(await (await get('/api/rtstats/stats/agents.json')).text()).toBe(first)
    expect(sim.calls).toEqual([START])
    clock.advance(1)
    const third = await (await get('/api/rtstats/stats/agents.json')).text()
    expect(third).not.toBe(first)
    expect(sim.calls).toEqual([START, START + CACHE_MS])
    expect(
      (JSON.parse(third) as { agent: { 'time-in-status': number }[] }).agent[0]?.['time-in-status'],
    ).toBe(55)
  })
})

describe('8x8 sandbox: quirks', () => {
  it('writes the vendor document closing tags when asked', async () => {
    const { get } = await start({ quirks: { mismatchedTags: true, avgProcessingSpelling: true } })
    const q = await (await get('/api/rtstats/stats/queues')).text()
    expect(q).toContain('<day-accepted>10</all-day-accepted>')
    expect(q).toContain('<day-abandoned>2</day-abandoned>')
    const a = await (await get('/api/rtstats/stats/agents')).text()
    expect(a).toContain('<day-avg-processing-time>212</day-avg-handling-time>')
    expect(a).toContain('<day-rejected-count>1</day-offered-count>')
  })

  it('switches spellings, all-day- names and numbers as strings', async () => {
    const { get } = await start({
      quirks: {
        offeredCountSpelling: true,
        avgProcessingSpelling: true,
        allDayNames: true,
        numbersAsStrings: true,
      },
    })
    const a = (await (await get('/api/rtstats/stats/agents.json')).json()) as {
      agent: Record<string, unknown>[]
    }
    expect(a.agent[0]).toMatchObject({
      'day-offered-count': '1',
      'day-avg-processing-time': '212',
      'agent-status': '0',
    })
    expect(a.agent[0]).not.toHaveProperty('day-rejected-count')
    const q = (await (await get('/api/rtstats/stats/queues.json')).json()) as {
      queue: Record<string, unknown>[]
    }
    expect(q.queue[0]).toMatchObject({ 'all-day-accepted': '10', 'all-day-queued': '30', 'queue-id': '115' })
    expect(q.queue[0]).not.toHaveProperty('day-accepted')
  })

  it.each([
    ['array', '{"agent":[]}'],
    ['empty-string', '{"agent":""}'],
    ['empty-object', '{"agent":{}}'],
    ['null', '{"agent":null}'],
    ['missing', '{}'],
  ] as const)('sends an empty list as %s', async (emptyList, body) => {
    const { get } = await start({ shape: 'empty', quirks: { emptyList } })
    expect(await (await get('/api/rtstats/stats/agents.json')).text()).toBe(body)
    expect(await (await get('/api/rtstats/stats/agents')).text()).toContain('<agents/>')
  })

  it('sends a one-element list as an object when asked', async () => {
    const { get, server: s } = await start({ shape: 'one' })
    expect(
      Array.isArray(
        ((await (await get('/api/rtstats/stats/queues.json')).json()) as { queue: unknown }).queue,
      ),
    ).toBe(true)
    s.setQuirks({ singleAsObject: true })
    const doc = (await (await get('/api/rtstats/stats/queues.json')).json()) as {
      queue: Record<string, unknown>
    }
    expect(doc.queue['queue-id']).toBe(115)
  })

  it('truncates bodies in the requested format', async () => {
    const { get } = await start({ quirks: { truncated: true } })
    const js = await (await get('/api/rtstats/stats/agents.json')).text()
    expect(js.startsWith('{"agent":[{"agent-id":"ag1"')).toBe(true)
    expect(() => JSON.parse(js) as unknown).toThrow()
    const xml = await (await get('/api/rtstats/stats/agents')).text()
    expect(xml.startsWith('<?xml')).toBe(true)
    expect(xml).not.toContain('</agents>')
  })

  it('takes quirks over HTTP and rejects unknown ones', async () => {
    const { server: s } = await start()
    const post = (body: string) => fetch(`${s.origin}/__sandbox/quirks`, { method: 'POST', body })
    const set = await post('{"numbersAsStrings": true, "emptyList": "null"}')
    expect(set.status).toBe(200)
    expect(s.quirks()).toMatchObject({ numbersAsStrings: true, emptyList: 'null', mismatchedTags: false })
    expect((await post('{"nonsense": true}')).status).toBe(400)
    expect((await post('{"emptyList": "sometimes"}')).status).toBe(400)
    expect((await post('{}')).status).toBe(200)
    expect(s.quirks().numbersAsStrings).toBe(false)
    expect(
      ((await (await fetch(`${s.origin}/__sandbox/quirks`)).json()) as EightByEightQuirks).emptyList,
    ).toBe('empty-string')
  })
})

describe('8x8 sandbox: kit faults', () => {
  it('answers a forced 503 with Retry-After, then recovers', async () => {
    const { get, server: s } = await start()
    s.setFaults({ status: 503, retryAfter: '30', remaining: 1 })
    const busy = await get('/api/rtstats/stats/agents.json')
    expect(busy.status).toBe(503)
    expect(busy.headers.get('retry-after')).toBe('30')
    expect((await get('/api/rtstats/stats/agents.json')).status).toBe(200)
  })

  it('answers the malformed switch with a cut-off 8x8 XML document', async () => {
    const { get, server: s } = await start()
    s.setFaults({ malformed: true })
    const res = await get('/api/rtstats/stats/agents')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/)
    const body = await res.text()
    expect(body).toMatch(/^<\?xml[^>]*>\n<agents>\n<agent>\n<agent-id>ag1<\/agent-id>/)
    expect(body).not.toContain('</agents>')
  })
})
