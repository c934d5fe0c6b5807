import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { averageMsAt, durationMsAt } from './live-value'
import { parseChronicallTime } from './parse'
import {
  CHRONICALL_SANDBOX_METRICS as M,
  formatChronicallTime,
  startChronicallSandbox,
  type ChronicallSandboxOptions,
  type ChronicallSandboxServer,
} from './sandbox'
import { fakeSim, manualClock, T0 } from './test-sim'

const SECRET = 'svc-key-123'
const running: ChronicallSandboxServer[] = []

async function start(over: Partial<ChronicallSandboxOptions> = {}) {
  const clock = manualClock()
  const { sim, state } = fakeSim()
  const server = await startChronicallSandbox({ sim, clock, username: 'unused', secret: SECRET, ...over })
  running.push(server)
  const get = async (path: string, key: string | null = SECRET) => {
    const res = await fetch(server.origin + path, {
      headers: key === null ? {} : { authorization: `Bearer ${key}` },
    })
    return { status: res.status, date: res.headers.get('date'), body: await res.text() }
  }
  const values = async (ids: string[]) => {
    const r = await get(`/rest/api/v1/realtime/metrics/values?id=${ids.join(',')}`)
    return { ...r, json: r.status < 300 ? (JSON.parse(r.body) as ValuesBody) : null }
  }
  return { server, clock, state, get, values }
}

interface ValuesBody {
  results: { key: { metricId: string; categoryValue?: string }; value: Record<string, unknown> }[]
  initializing: { metricId: string; categoryValue?: string }[]
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()))
})

describe('formatChronicallTime', () => {
  it('writes server local time with its offset, as the vendor does', () => {
    const t = Date.UTC(2019, 9, 1, 16, 17, 56, 496)
    expect(formatChronicallTime(t, -360)).toBe('2019-10-01T10:17:56.496-06:00')
    expect(formatChronicallTime(t, 330)).toBe('2019-10-01T21:47:56.496+05:30')
    expect(parseChronicallTime(formatChronicallTime(t, 330))).toBe(t)
  })
})

describe('Chronicall sandbox: REST', () => {
  it('checks the bearer key on every endpoint and always sends a Date header', async () => {
    const s = await start()
    for (const path of [
      '/rest/api/v1/realtime/metrics',
      `/rest/api/v1/realtime/metrics/values?id=${M.agentState.metricId}`,
    ]) {
      const none = await s.get(path, null)
      expect(none.status).toBe(401)
      expect((await s.get(path, 'wrong')).status).toBe(401)
      expect(none.date).toBe(new Date(T0).toUTCString())
    }
  })

  it('lists the metric catalogue with agents "Name(ext)" and voice groups', async () => {
    const s = await start()
    const r = await s.get('/rest/api/v1/realtime/metrics')
    expect(r.status).toBe(200)
    const list = JSON.parse(r.body) as {
      metricId: string
      metricName: string
      categoryType: string
      categorySelection: string[]
    }[]
    expect(list.map((m) => m.metricId)).toEqual(Object.values(M).map((m) => m.metricId))
    expect(list[0]).toEqual({
      metricId: M.agentState.metricId,
      metricName: 'Agent State',
      categoryType: 'AGENT',
      categorySelection: ['Ann Lee(201)', 'Bob (Night) Roy(202)', '203(203)'],
    })
    expect(list.find((m) => m.metricId === M.groupWaiting.metricId)?.categorySelection).toEqual([
      'Sales',
      'Support',
    ])
  })

  it('answers 206 while a metric initializes (started by the first request), then 200', async () => {
    const s = await start()
    const first = await s.values([M.agentState.metricId, M.groupWaiting.metricId])
    expect(first.status).toBe(206)
    expect(first.json?.results).toEqual([])
    expect(first.json?.initializing).toEqual([
      { metricId: M.agentState.metricId, categoryValue: 'Ann Lee(201)' },
      { metricId: M.agentState.metricId, categoryValue: 'Bob (Night) Roy(202)' },
      { metricId: M.agentState.metricId, categoryValue: '203(203)' },
      { metricId: M.groupWaiting.metricId, categoryValue: 'Sales' },
      { metricId: M.groupWaiting.metricId, categoryValue: 'Support' },
    ])
    const second = await s.values([M.agentState.metricId, M.groupWaiting.metricId])
    expect(second.status).toBe(200)
    expect(second.json?.initializing).toEqual([])
    expect(
      second.json?.results.map((r) => [r.key.categoryValue, r.value['value'] ?? r.value['count']]),
    ).toEqual([
      ['Ann Lee(201)', 'Idle'],
      ['Bob (Night) Roy(202)', 'Talking'],
      ['203(203)', 'DND'],
      ['Sales', 3],
      ['Support', 0],
    ])
  })

  it('a key that appears later (a new agent) initializes on its own: 206 with just that key', async () => {
    const s = await start()
    await s.values([M.agentAvailable.metricId])
    expect((await s.values([M.agentAvailable.metricId])).status).toBe(200)
    s.state.agents.push({ ...(s.state.agents[0] as (typeof s.state.agents)[number]), id: '204', name: 'Dee' })
    const r = await s.values([M.agentAvailable.metricId])
    expect(r.status).toBe(206)
    expect(r.json?.initializing).toEqual([{ metricId: M.agentAvailable.metricId, categoryValue: 'Dee(204)' }])
    expect(r.json?.results).toHaveLength(3)
  })

  it('durations lag behind now, and the vendor formula gives the true value', async () => {
    const s = await start()
    const ids = [M.agentTimeInState.metricId, M.groupLongestWait.metricId, M.groupAverageWait.metricId]
    await s.values(ids)
    s.clock.advance(7_500)
    const now = T0 + 7_500
    const r = await s.values(ids)
    expect(r.status).toBe(200)
    const byKey = new Map(r.json?.results.map((x) => [`${x.key.metricId}|${x.key.categoryValue}`, x.value]))
    const ann = byKey.get(`${M.agentTimeInState.metricId}|Ann Lee(201)`) as Record<string, number & string>
    expect(ann['type']).toBe('DURATION')
    expect(ann['lastUpdateTime']).toBe('2024-05-14T09:30:00.000-06:00')
    const lastUpdateMs = parseChronicallTime(ann['lastUpdateTime']) as number
    expect(lastUpdateMs).toBeLessThan(now)
    const d = {
      ...(ann as unknown as { finishedDuration: number; numCountingUp: number; numCountingDown: number }),
      lastUpdateMs,
    }
    expect(durationMsAt(d, now)).toBe(37_500)
    expect(durationMsAt(d, now + 1_000)).toBe(38_500)
    // Agent 203 has no state start: a value with only lastUpdateTime.
    expect(Object.keys(byKey.get(`${M.agentTimeInState.metricId}|203(203)`) ?? {})).toEqual([
      'lastUpdateTime',
    ])
    const longest = byKey.get(`${M.groupLongestWait.metricId}|Sales`) as Record<string, number & string>
    expect(
      durationMsAt(
        {
          ...(longest as unknown as {
            finishedDuration: number
            numCountingUp: number
            numCountingDown: number
          }),
          lastUpdateMs: parseChronicallTime(longest['lastUpdateTime']) as number,
        },
        now,
      ),
    ).toBe(42_000)
    const avg = byKey.get(`${M.groupAverageWait.metricId}|Sales`) as Record<string, number & string>
    expect(avg['count']).toBe(3)
    expect(
      averageMsAt(
        {
          ...(avg as unknown as {
            durationSum: number
            count: number
            numCountingUp: number
            numCountingDown: number
          }),
          lastUpdateMs: parseChronicallTime(avg['lastUpdateTime']) as number,
        },
        now,
      ),
    ).toBe(20_000)
    // Support has no average: no data.
    expect(Object.keys(byKey.get(`${M.groupAverageWait.metricId}|Support`) ?? {})).toEqual(['lastUpdateTime'])
  })

  it('one unknown id fails the whole request with 404, one unassigned id with 403', async () => {
    const s = await start({ forbiddenIds: ['K9NOTME1'], unknownIds: [M.agentHandled.metricId] })
    expect((await s.values([M.agentState.metricId, 'NOPE'])).status).toBe(404)
    expect((await s.values([M.agentState.metricId, M.agentHandled.metricId])).status).toBe(404)
    const forbidden = await s.values([M.agentState.metricId, 'K9NOTME1'])
    expect(forbidden.status).toBe(403)
    expect(forbidden.body).toContain('not assigned')
    expect((await s.get('/rest/api/v1/realtime/metrics/values')).status).toBe(400)
    // The refused requests did not start initializing anything.
    expect((await s.values([M.agentState.metricId])).status).toBe(206)
    // An unassigned metric is still listed: the list is every API-enabled metric.
    const list = JSON.parse((await s.get('/rest/api/v1/realtime/metrics')).body) as { metricId: string }[]
    expect(list.map((m) => m.metricId)).toContain('K9NOTME1')
  })

  it('id faults can be changed at run time, also over HTTP', async () => {
    const s = await start()
    await s.values([M.agentState.metricId])
    s.server.setIdFaults({ forbiddenIds: [M.agentState.metricId] })
    expect((await s.values([M.agentState.metricId])).status).toBe(403)
    const res = await fetch(`${s.server.origin}/__sandbox/chronicall`, {
      method: 'POST',
      body: JSON.stringify({ forbiddenIds: [], unknownIds: [M.groupWaiting.metricId] }),
    })
    expect(await res.json()).toEqual({
      forbiddenIds: [],
      unknownIds: [M.groupWaiting.metricId],
      push: { drop: false, malformed: false, hugeMessageBytes: 0 },
    })
    expect((await s.values([M.agentState.metricId])).status).toBe(200)
    expect((await s.values([M.groupWaiting.metricId])).status).toBe(404)
  })

  it('evicts a metric nobody asked for during evictAfterMs: it initializes again', async () => {
    const s = await start({ evictAfterMs: 60_000 })
    const id = M.groupWaiting.metricId
    await s.values([id])
    s.clock.advance(50_000)
    expect((await s.values([id])).status).toBe(200)
    s.clock.advance(50_000)
    expect((await s.values([id])).status).toBe(200)
    s.clock.advance(60_001)
    expect((await s.values([id])).status).toBe(206)
    expect((await s.values([id])).status).toBe(200)
  })

  it('honours the kit fault switches', async () => {
    const s = await start()
    s.server.setFaults({ status: 503, retryAfter: '7', remaining: 1 })
    expect((await s.values([M.agentState.metricId])).status).toBe(503)
    expect((await s.values([M.agentState.metricId])).status).toBe(206)
  })
})

describe('Chronicall sandbox: WebSocket subscription', () => {
  const wsUrl = (s: ChronicallSandboxServer, query: string) =>
    `${s.origin.replace('http', 'ws')}/rest/api/v1/realtime-metric-subscription?${query}`

  const handshake = (url: string) =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(url)
      ws.on('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0)
        ws.terminate()
      })
      ws.on('open', () => {
        resolve(101)
        ws.close()
      })
      ws.on('error', () => undefined)
    })

  it('refuses bad handshakes: 400 without ids, 401 bad key, 403 unknown or unassigned id', async () => {
    const s = await start({ forbiddenIds: ['K9NOTME1'] })
    expect(await handshake(wsUrl(s.server, `auth_token=${SECRET}`))).toBe(400)
    expect(await handshake(wsUrl(s.server, `id=${M.agentState.metricId}&auth_token=nope`))).toBe(401)
    expect(await handshake(wsUrl(s.server, `id=${M.agentState.metricId}&id=NOPE&auth_token=${SECRET}`))).toBe(
      403,
    )
    expect(await handshake(wsUrl(s.server, `id=K9NOTME1&auth_token=${SECRET}`))).toBe(403)
    expect(await handshake(wsUrl(s.server, `id=${M.agentState.metricId}&auth_token=${SECRET}`))).toBe(101)
  })

  it('pushes the current values of the subscribed ids, then what changes', async () => {
    const s = await start({ pushIntervalMs: 20 })
    const ws = new WebSocket(
      wsUrl(s.server, `id=${M.agentState.metricId}&id=${M.groupWaiting.metricId}&auth_token=${SECRET}`),
    )
    const messages: { key: { metricId: string; categoryValue?: string }; value: Record<string, unknown> }[] =
      []
    let notify: (() => void) | null = null
    ws.on('message', (d) => {
      messages.push(JSON.parse(String(d)) as (typeof messages)[number])
      notify?.()
    })
    const until = (n: number) =>
      new Promise<void>((resolve) => {
        if (messages.length >= n) return resolve()
        notify = () => {
          if (messages.length >= n) resolve()
        }
      })
    await until(5)
    expect(messages.map((m) => m.key.categoryValue)).toEqual([
      'Ann Lee(201)',
      'Bob (Night) Roy(202)',
      '203(203)',
      'Sales',
      'Support',
    ])
    expect(s.server.pushClients()).toBe(1)
    const sales = s.state.queues[0]
    if (sales) sales.waiting = 9
    await until(6)
    expect(messages[5]?.key).toEqual({ metricId: M.groupWaiting.metricId, categoryValue: 'Sales' })
    expect(messages[5]?.value['count']).toBe(9)
    ws.close()
  })
})
