import type { ProviderSnapshot } from '../../../src-shared/model'
import type { Clock } from '../ports'
import type { PollResult, ProviderAdapter, ProviderFailure } from '../providers/types'

/** An empty, healthy snapshot for `connection` at `asOf`. */
export function emptySnapshot(
  connection: string,
  asOf: number,
  over: Partial<ProviderSnapshot> = {},
): ProviderSnapshot {
  return {
    connection,
    provider: 'simulator',
    asOf,
    health: 'ok',
    agents: [],
    queues: [],
    chatRooms: [],
    chatMessages: [],
    metrics: [],
    warnings: [],
    ...over,
  }
}

type Step = PollResult | ProviderFailure | 'hang' | ((n: number) => PollResult)

/**
 * An adapter that answers from a script (one step per poll; the last step repeats), counts polls, records
 * overlap, and can hang until aborted (timeouts).
 */
export class ScriptedAdapter implements ProviderAdapter {
  polls = 0
  inFlight = 0
  maxInFlight = 0
  disposed = false
  readonly startedAt: number[] = []

  constructor(
    private readonly clock: Clock,
    private readonly connection: string,
    private readonly steps: Step[] = [],
    private readonly latencyMs = 0,
  ) {}

  async poll(signal: AbortSignal): Promise<PollResult> {
    this.polls += 1
    this.inFlight += 1
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
    this.startedAt.push(this.clock.now())
    try {
      const step = this.steps[Math.min(this.polls - 1, this.steps.length - 1)]
      if (this.latencyMs > 0 || step === 'hang') {
        await new Promise<void>((resolve) => {
          const cancel = step === 'hang' ? () => {} : this.clock.setTimer(this.latencyMs, resolve)
          signal.addEventListener('abort', () => {
            cancel()
            resolve()
          })
        })
      }
      if (step === undefined) return { ok: true, snapshot: emptySnapshot(this.connection, this.clock.now()) }
      if (step === 'hang') return { ok: false, failure: { code: 'network', detail: 'aborted' } }
      if (typeof step === 'function') return step(this.polls)
      if ('code' in step) return { ok: false, failure: step }
      return step
    } finally {
      this.inFlight -= 1
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true
  }
}
