import { describe, expect, it } from 'vitest'
import { validateConfig, type Config } from '../../../src-shared/config'
import { blankAgent, blankQueue, type ProviderSnapshot } from '../../../src-shared/model'
import type { ConnectionStatus } from '../../../src-shared/live'
import { createEngine } from '.'
import { memoryLogger } from '../runtime/logger'
import { FakeClock } from '../testing/fake-clock'
import { emptySnapshot } from '../testing/scripted-adapter'
import type { HttpRequest, HttpResult } from '../ports'
import type { PollResult, ProviderContext } from '../providers/types'
import { createVendorGuard } from './vendor-guard'

function config(options: Record<string, unknown> = {}): Config {
  const r = validateConfig({
    connections: [
      { id: 'v', provider: '8x8', baseUrl: 'https://vcc.test/api/rtstats', username: 't', options },
    ],
  })
  if (!r.ok) throw new Error(JSON.stringify(r.issues))
  return r.config
}

const full = (clock: FakeClock, over: Partial<ProviderSnapshot> = {}) =>
  emptySnapshot('v', clock.now(), {
    provider: '8x8',
    queues: [blankQueue('q1', 'Sales'), blankQueue('q2', 'Support')],
    agents: [blankAgent('a1', { state: 'available', stateSince: clock.now() - 60_000 })],
    ...over,
  })

/** An engine whose one 8x8 connection answers what `answer` says, through the connection's guarded HTTP. */
function setup(answer: (n: number, ctx: ProviderContext) => Promise<PollResult>, options = {}) {
  const clock = new FakeClock()
  const seen: HttpRequest[] = []
  let date: string | null = null
  const http = {
    async request(req: HttpRequest): Promise<HttpResult> {
      seen.push(req)
      return {
        ok: true,
        response: { status: 200, headers: date ? { date } : {}, setCookies: [], body: '', url: req.url },
      }
    },
  }
  let n = 0
  const engine = createEngine({
    clock,
    random: () => 0.5,
    http,
    sockets: { open: async () => ({ ok: false, status: null, detail: 'none' }) },
    secrets: { get: async () => 'token' },
    log: memoryLogger(),
    factories: { '8x8': (ctx) => ({ poll: () => answer(++n, ctx) }) },
  })
  engine.setConfig(config(options))
  engine.start()
  const status = (): ConnectionStatus => engine.statuses()[0]!
  return { clock, engine, seen, status, setDate: (d: string | null) => (date = d) }
}

describe('the vendor guard', () => {
  it('sends every request with the vendor caps and a same-host redirect policy, the options over the defaults', async () => {
    const { clock, seen } = setup(
      async (_n, ctx) => {
        await ctx.http.request({ url: 'https://vcc.test/api/rtstats/agents', timeoutMs: 1000 })
        return { ok: true, snapshot: full(clock) }
      },
      { maxResponseMB: 2, redirectHosts: ['login.vcc.test'] },
    )
    await clock.advance(10)
    expect(seen[0]).toMatchObject({
      limits: { maxBytes: 2 * 1024 * 1024, maxWireBytes: 2 * 1024 * 1024, owner: '8x8 Contact Center' },
      redirects: { max: 5, allowedHosts: ['login.vcc.test'] },
    })
  })

  it('refuses a snapshot past the entity cap as a bad response naming the limit', async () => {
    const { clock, status } = setup(
      async () => ({
        ok: true,
        snapshot: full(clock, { agents: Array.from({ length: 30 }, (_, i) => blankAgent(`a${i}`)) }),
      }),
      { maxEntities: 20 },
    )
    await clock.advance(10)
    expect(status()).toMatchObject({ state: 'error', lastOkAt: null })
    expect(status().detail).toBe(
      'the answer holds 32 agents, queues, chat rooms, messages and metrics, more than 20 (limit for 8x8 Contact Center)',
    )
  })

  it('cuts a Retry-After to the cap and says until when the vendor asked us to wait', async () => {
    const { clock, status } = setup(async (n) =>
      n === 1
        ? {
            ok: false,
            failure: { code: 'rate_limited', status: 429, detail: 'HTTP 429', retryAfterMs: 999_999_000 },
          }
        : { ok: true, snapshot: full(clock) },
    )
    const at = clock.now()
    await clock.advance(10)
    expect(status().state).toBe('rate_limited')
    expect(status().waitUntil).toBe(at + 600_000)
    expect(status().detail).toMatch(
      /^HTTP 429; the vendor asked us to wait 16667 min; asking again at \d\d:\d\d/,
    )
    await clock.advance(599_000)
    expect(status().state).toBe('rate_limited')
    await clock.advance(1_100)
    expect(status()).toMatchObject({ state: 'ok', waitUntil: null })
  })

  it('keeps data time on our clock: a snapshot from the future is brought back, nobody is in a state since the future', async () => {
    const { clock, status, engine } = setup(async () => {
      const ahead = clock.now() + 3_600_000
      return {
        ok: true,
        snapshot: full(clock, {
          asOf: ahead,
          agents: [blankAgent('a1', { state: 'busy', stateSince: ahead - 5_000 })],
        }),
      }
    })
    const at = clock.now()
    await clock.advance(10)
    expect(status().lastOkAt).toBe(at)
    expect(engine.getState().agents[0]!.stateSince).toBe(at)
  })

  it('warns on the status when the vendor clock is beyond the window, in either direction, and not within it', async () => {
    const { clock, status, setDate } = setup(async (_n, ctx) => {
      await ctx.http.request({ url: 'https://vcc.test/api/rtstats/agents', timeoutMs: 1000 })
      return { ok: true, snapshot: full(clock) }
    })
    setDate(new Date(clock.now() + 2 * 3_600_000).toUTCString())
    await clock.advance(10)
    expect(status()).toMatchObject({ state: 'ok', clockSkewSec: 7200, stale: false })
    expect(status().warnings[0]).toMatch(/the vendor's clock is 2 h ahead of this computer's/)
    setDate(new Date(clock.now() + 10_000 - 30_000).toUTCString())
    await clock.advance(10_000)
    expect(status()).toMatchObject({ state: 'ok', clockSkewSec: null, warnings: [] })
    setDate(new Date(clock.now() + 10_000 - 20 * 60_000).toUTCString())
    await clock.advance(10_000)
    expect(Math.abs((status().clockSkewSec ?? 0) + 1200)).toBeLessThanOrEqual(1)
    expect(status().warnings[0]).toMatch(/20 min behind/)
  })

  it('takes an answer that holds nothing as partial: the last rows stay, lastOkAt stands still, stale after 3 intervals', async () => {
    const { clock, status, engine } = setup(async (n) => ({
      ok: true,
      snapshot: n === 1 ? full(clock) : emptySnapshot('v', clock.now(), { provider: '8x8' }),
    }))
    await clock.advance(10)
    const firstOk = status().lastOkAt
    await clock.advance(10_000)
    expect(status()).toMatchObject({ state: 'ok', health: 'partial', lastOkAt: firstOk })
    expect(status().warnings[0]).toBe(
      "the vendor's answer held no agents, queues, chat rooms or metrics (it had 1 agent and 2 queues); showing the last numbers",
    )
    expect(engine.getState().queues).toHaveLength(2)
    await clock.advance(21_000)
    expect(status()).toMatchObject({ state: 'stale', stale: true, lastOkAt: firstOk })
  })

  it('takes a first answer that holds nothing as partial too, with no data time', async () => {
    const { clock, status } = setup(async () => ({
      ok: true,
      snapshot: emptySnapshot('v', clock.now(), { provider: '8x8' }),
    }))
    await clock.advance(10)
    expect(status()).toMatchObject({ health: 'partial', lastOkAt: null })
    expect(status().warnings[0]).toBe("the vendor's answer held no agents, queues, chat rooms or metrics")
  })

  it("measures skew from the Date header bounds: within the header's second, none", () => {
    const clock = new FakeClock()
    const g = createVendorGuard(
      {
        request: async (req) => ({
          ok: true,
          response: {
            status: 200,
            headers: { date: new Date(Math.floor(clock.now() / 1000) * 1000).toUTCString() },
            setCookies: [],
            body: '',
            url: req.url,
          },
        }),
      },
      config().connections[0]!,
      clock,
    )
    return g.http.request({ url: 'https://vcc.test/', timeoutMs: 1 }).then(() => expect(g.skewMs()).toBe(0))
  })
})
