/**
 * The connection test ('connections:test'): the form's connection, one real poll, and a report that says which step
 * stopped it (settings, host reached, signed in, data), in the vendor's own words where it gave any.
 */
import { messageOf } from '../../../src-shared/result'
import { validateConnection, type ConnectionConfig } from '../../../src-shared/config'
import type { ConnectionTestReport, ConnectionTestStep } from '../../../src-shared/ipc/contract'
import type { ProviderId, ProviderSnapshot } from '../../../src-shared/model'
import { PROVIDER_DESCRIPTORS } from '../../../src-shared/providers'
import { countsOf } from '../engine/connection-status'
import { createVendorGuard } from '../engine/vendor-guard'
import { skewWarning } from '../http/vendor-clock'
import { Redactor, redactUrl } from '../runtime/redact'
import type { Clock, Disposer, HttpClient, Logger, SocketConnector } from '../ports'
import type { PollResult, ProviderExtras, ProviderFactory, ProviderFailure } from '../providers/types'
import { summarizeIssues } from './config-issues'

export interface ConnectionTestDeps {
  http: HttpClient
  clock: Clock
  sockets: SocketConnector
  log: Logger
  factories: Partial<Record<ProviderId, ProviderFactory>>
  /** How long a test may take in all, ms. */
  timeoutMs: number
  /** The sinks' redactor (the secret under test is added to it); a private one when absent. */
  redactor?: Redactor
}

const NOT_TRIED = 'not tried'

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

function withVendorText(f: ProviderFailure): string {
  if (f.vendorMessage && !f.detail.includes(f.vendorMessage))
    return `${f.detail} (the vendor says: "${f.vendorMessage}")`
  return f.detail
}

/** The per-step picture of a failed poll: which step it stopped at, in the vendor's own words where it gave any. */
function failureSteps(f: ProviderFailure, hadSecret: boolean): ConnectionTestStep[] {
  const detail = withVendorText(f)
  const answered = f.status !== undefined ? `the server answered (HTTP ${f.status})` : 'the server answered'
  const noSecret = hadSecret ? '' : ' No secret was entered, and none is stored for this connection.'
  switch (f.code) {
    case 'config':
      return [
        { step: 'config', ok: false, detail },
        { step: 'reach', ok: null, detail: NOT_TRIED },
        { step: 'auth', ok: null, detail: NOT_TRIED },
        { step: 'data', ok: null, detail: NOT_TRIED },
      ]
    case 'network':
    case 'timeout':
      return [
        { step: 'config', ok: true, detail: 'valid' },
        { step: 'reach', ok: false, detail },
        { step: 'auth', ok: null, detail: NOT_TRIED },
        { step: 'data', ok: null, detail: NOT_TRIED },
      ]
    case 'not_found':
      return [
        { step: 'config', ok: true, detail: 'valid' },
        {
          step: 'reach',
          ok: false,
          detail: `${detail}. A server answered, but not with this API: check the base URL.`,
        },
        { step: 'auth', ok: null, detail: NOT_TRIED },
        { step: 'data', ok: null, detail: NOT_TRIED },
      ]
    case 'auth':
    case 'forbidden':
      return [
        { step: 'config', ok: true, detail: 'valid' },
        { step: 'reach', ok: true, detail: answered },
        { step: 'auth', ok: false, detail: `${detail}${noSecret}` },
        { step: 'data', ok: null, detail: NOT_TRIED },
      ]
    case 'rate_limited':
    case 'unavailable':
    case 'bad_response': {
      const retry = f.retryAfterMs !== undefined ? ` Try again in ${Math.ceil(f.retryAfterMs / 1000)} s.` : ''
      return [
        { step: 'config', ok: true, detail: 'valid' },
        { step: 'reach', ok: true, detail: answered },
        { step: 'auth', ok: null, detail: 'not confirmed: the vendor failed before answering with data' },
        { step: 'data', ok: false, detail: `${detail}${retry}` },
      ]
    }
  }
}

function successSteps(c: ConnectionConfig, s: ProviderSnapshot): ConnectionTestStep[] {
  const d = PROVIDER_DESCRIPTORS[c.provider]
  const n = countsOf(s)
  const what = [
    plural(n.agents, 'agent', 'agents'),
    plural(n.queues, 'queue', 'queues'),
    plural(n.chatRooms, 'chat room', 'chat rooms'),
    plural(n.chatMessages, 'message', 'messages'),
    plural(n.metrics, 'metric', 'metrics'),
  ].join(', ')
  const health =
    s.health === 'warming_up'
      ? ' The vendor is still preparing data; the numbers follow within a few polls.'
      : s.health === 'partial'
        ? ' Some parts are still missing.'
        : ''
  const warnings = s.warnings.length > 0 ? ` Warnings: ${s.warnings.slice(0, 3).join('; ')}` : ''
  return [
    { step: 'config', ok: true, detail: configDetail(c) },
    {
      step: 'reach',
      ok: true,
      detail: c.baseUrl === null ? 'built in: no network needed' : `reached ${redactUrl(c.baseUrl)}`,
    },
    {
      step: 'auth',
      ok: true,
      detail: d.secret === null ? 'no credentials needed' : 'the credentials were accepted',
    },
    { step: 'data', ok: true, detail: `got ${what}.${health}${warnings}` },
  ]
}

function configDetail(c: ConnectionConfig): string {
  const d = PROVIDER_DESCRIPTORS[c.provider]
  const raised =
    c.requestedPollSeconds !== null
      ? ` (raised from ${c.requestedPollSeconds} s: ${d.label} needs at least ${d.pollSeconds.min} s)`
      : ''
  return `valid ${d.label} connection, polled every ${c.pollSeconds} s${raised}`
}

async function runTest(
  deps: ConnectionTestDeps,
  c: ConnectionConfig,
  secret: string | null,
  redactor: Redactor,
): Promise<ConnectionTestReport> {
  const factory = deps.factories[c.provider]
  if (!factory) {
    return {
      ok: false,
      steps: [
        { step: 'config', ok: false, detail: `the ${c.provider} provider is not available in this build` },
        { step: 'reach', ok: null, detail: NOT_TRIED },
        { step: 'auth', ok: null, detail: NOT_TRIED },
        { step: 'data', ok: null, detail: NOT_TRIED },
      ],
      counts: null,
      extras: [],
    }
  }
  const abort = new AbortController()
  // Whatever logger the deps bring, an adapter's log lines never carry the secret under test.
  const testLog = redactor.logger(deps.log.child(`test:${c.id}`))
  let stopTimer: Disposer = () => undefined
  const timedOut = new Promise<PollResult>((resolve) => {
    stopTimer = deps.clock.setTimer(deps.timeoutMs, () => {
      abort.abort()
      resolve({
        ok: false,
        failure: { code: 'timeout', detail: `no complete answer within ${deps.timeoutMs / 1000} s` },
      })
    })
  })
  // The same guard as polling (docs/ARCHITECTURE.md §3.2, "Hostile answers"): size and entity caps, redirects
  // only to the connection's own hosts, Retry-After capped, the vendor's clock measured. A test that passed with an
  // answer polling would refuse would be a lie.
  const guard = createVendorGuard(deps.http, c, deps.clock)
  const adapter = guard.adapter(
    factory({
      config: c,
      secret,
      http: guard.http,
      clock: deps.clock,
      log: testLog,
      sockets: deps.sockets,
    }),
  )
  try {
    const result = await Promise.race([adapter.poll(abort.signal), timedOut])
    if (!result.ok) {
      return { ok: false, steps: failureSteps(result.failure, secret !== null), counts: null, extras: [] }
    }
    let extras: ProviderExtras[] = []
    if (adapter.extras) {
      try {
        extras = await Promise.race([
          adapter.extras(abort.signal),
          timedOut.then(() => [] as ProviderExtras[]),
        ])
      } catch (e) {
        testLog.warn('connection test: extras failed', { error: messageOf(e) })
      }
    }
    const skew = guard.skewMs()
    const skewNote = skew === null ? null : skewWarning(skew)
    const snapshot =
      skewNote === null
        ? result.snapshot
        : { ...result.snapshot, warnings: [skewNote, ...result.snapshot.warnings] }
    return {
      ok: true,
      steps: successSteps(c, snapshot),
      counts: countsOf(snapshot),
      extras: extras.map((x) => ({ title: x.title, items: [...x.items] })),
    }
  } finally {
    stopTimer()
    abort.abort()
    // Frees vendor-side state (Bright Pattern's subscription slot) so a test never holds one.
    await adapter
      .dispose?.()
      .catch((e: unknown) => testLog.warn('connection test: dispose failed', { error: messageOf(e) }))
  }
}

/**
 * Test a connection as typed in the form: validate it, run one real poll (and the adapter's extras), and report
 * each step (settings, host reached, signed in, data). Never throws; nothing in the report carries the secret.
 * `stored` gives the stored secret of an existing connection, used when none was typed.
 */
export async function testConnection(
  deps: ConnectionTestDeps,
  input: unknown,
  entered: string | null,
  stored: (c: ConnectionConfig) => Promise<string | null>,
): Promise<ConnectionTestReport> {
  const { log } = deps
  const redactor = deps.redactor ?? new Redactor()
  redactor.add(entered)
  const v = validateConnection(input)
  if (!v.ok) {
    return redactor.redactDeep({
      ok: false,
      steps: [
        { step: 'config', ok: false, detail: summarizeIssues('the connection is not valid', v.issues) },
        { step: 'reach', ok: null, detail: NOT_TRIED },
        { step: 'auth', ok: null, detail: NOT_TRIED },
        { step: 'data', ok: null, detail: NOT_TRIED },
      ],
      counts: null,
      extras: [],
    } satisfies ConnectionTestReport)
  }
  const c = v.connection
  // Without a typed secret, the stored one of the same connection (editing an existing connection).
  const secret = entered ?? (await stored(c))
  redactor.add(secret)
  let report: ConnectionTestReport
  try {
    report = await runTest(deps, c, secret, redactor)
  } catch (e) {
    // A throw from an adapter is a bug; the report says so without details that could carry the secret.
    log.error('connection test threw (a bug)', {
      connection: c.id,
      error: redactor.redact(messageOf(e)),
    })
    report = {
      ok: false,
      steps: [
        { step: 'config', ok: true, detail: configDetail(c) },
        { step: 'reach', ok: null, detail: 'the test stopped on an unexpected error; see the log' },
        { step: 'auth', ok: null, detail: NOT_TRIED },
        { step: 'data', ok: null, detail: NOT_TRIED },
      ],
      counts: null,
      extras: [],
    }
  }
  return redactor.redactDeep(report)
}
