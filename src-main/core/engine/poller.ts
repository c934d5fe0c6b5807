/**
 * One connection's poll loop (docs/ARCHITECTURE.md §3.3): interval, single flight, a cycle timeout,
 * exponential backoff with full jitter on failures, Retry-After, an immediate poll on demand and on resume,
 * nothing while paused, suspended or offline. It reports every outcome; it knows nothing about the store or
 * the UI.
 */
import type { ConnectionConfig } from '../../../src-shared/config'
import type { ProviderSnapshot } from '../../../src-shared/model'
import type { Clock, Disposer, Logger, Random } from '../ports'
import type { ProviderAdapter, ProviderFailure } from '../providers/types'
import { backoffDelayMs } from './backoff'

export type PollOutcome =
  | { ok: true; snapshot: ProviderSnapshot; at: number }
  | { ok: false; failure: ProviderFailure; at: number; consecutiveFailures: number }

export interface PollerEvents {
  /** A poll started (for the "connecting" state before the first result). */
  onStart?(at: number): void
  onOutcome(outcome: PollOutcome): void
  /** The next poll is scheduled at this instant (epoch ms), or null (paused / suspended / offline / stopped). */
  onSchedule?(nextAt: number | null): void
}

export interface PollerOptions {
  connection: ConnectionConfig
  adapter: ProviderAdapter
  clock: Clock
  random: Random
  log: Logger
  events: PollerEvents
}

/** A whole cycle may take several requests and pages; give it room, but never forever. */
export function cycleTimeoutMs(intervalMs: number): number {
  return Math.min(120_000, Math.max(30_000, intervalMs * 3))
}

export class Poller {
  private readonly intervalMs: number
  private timer: Disposer | null = null
  private inFlight: AbortController | null = null
  private again = false
  private started = false
  private stopped = false
  private paused = false
  private suspended = false
  private online = true
  private failures = 0
  private nextAt: number | null = null
  /** A vendor's Retry-After still running (epoch ms): a resume or a reconnect does not jump it. */
  private notBefore: number | null = null

  constructor(private readonly o: PollerOptions) {
    this.intervalMs = o.connection.pollSeconds * 1000
  }

  get consecutiveFailures(): number {
    return this.failures
  }

  get nextPollAt(): number | null {
    return this.nextAt
  }

  /** Start polling: the first poll runs now. */
  start(): void {
    if (this.started || this.stopped) return
    this.started = true
    this.pollNow()
  }

  /** Poll as soon as possible (now, or right after the poll in flight). */
  pollNow(): void {
    if (!this.canRun()) return
    if (this.inFlight) {
      this.again = true
      return
    }
    this.schedule(0)
  }

  // The setters act on changes only: a repeated "online" or "not paused" must not add a poll (no bursts).
  setPaused(paused: boolean): void {
    if (this.paused === paused) return
    this.paused = paused
    this.reconsider()
  }

  setSuspended(suspended: boolean): void {
    if (this.suspended === suspended) return
    this.suspended = suspended
    if (suspended) this.inFlight?.abort()
    this.reconsider()
  }

  setOnline(online: boolean): void {
    if (this.online === online) return
    this.online = online
    this.reconsider()
  }

  /** Stop for good: cancel the timer, abort the poll in flight, and let the adapter release vendor state. */
  async stop(): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    this.cancelTimer()
    this.inFlight?.abort()
    this.setNext(null)
    try {
      await this.o.adapter.dispose?.()
    } catch (e) {
      this.o.log.warn('adapter dispose failed', { error: (e as Error).message })
    }
  }

  private canRun(): boolean {
    return this.started && !this.stopped && !this.paused && !this.suspended && this.online
  }

  /** After pause / suspend / offline changes: stop the timer, or poll at once when we may run again. */
  private reconsider(): void {
    if (!this.canRun()) {
      this.cancelTimer()
      this.setNext(null)
      return
    }
    // Back from a pause, a sleep or a network loss: the data is old, fetch it now
    // (docs/ARCHITECTURE.md §3.3), unless the vendor asked us to wait (Retry-After) and that time has not
    // come.
    if (!this.inFlight) this.schedule(Math.max(0, (this.notBefore ?? 0) - this.o.clock.now()))
  }

  private cancelTimer(): void {
    this.timer?.()
    this.timer = null
  }

  private setNext(at: number | null): void {
    this.nextAt = at
    this.o.events.onSchedule?.(at)
  }

  private schedule(delayMs: number): void {
    this.cancelTimer()
    if (!this.canRun()) {
      this.setNext(null)
      return
    }
    this.setNext(this.o.clock.now() + delayMs)
    this.timer = this.o.clock.setTimer(delayMs, () => {
      this.timer = null
      void this.runOnce()
    })
  }

  private async runOnce(): Promise<void> {
    if (!this.canRun() || this.inFlight) return
    const ctrl = new AbortController()
    this.inFlight = ctrl
    this.again = false
    const startedAt = this.o.clock.now()
    this.o.events.onStart?.(startedAt)
    let timedOut = false
    const limit = cycleTimeoutMs(this.intervalMs)
    const cancelTimeout = this.o.clock.setTimer(limit, () => {
      timedOut = true
      ctrl.abort()
    })
    let outcome: PollOutcome
    let reported = false
    try {
      const r = await this.o.adapter.poll(ctrl.signal)
      const at = this.o.clock.now()
      if (timedOut) {
        outcome = this.fail({ code: 'timeout', detail: `no complete answer within ${limit / 1000} s` }, at)
      } else if (r.ok) {
        this.failures = 0
        outcome = { ok: true, snapshot: r.snapshot, at }
      } else {
        outcome = this.fail(r.failure, at)
      }
      if (!ctrl.signal.aborted || timedOut) {
        reported = true
        this.report(outcome, r.ok ? r.pollAgainInMs : undefined)
      }
    } catch (e) {
      // An adapter that throws has a bug; it is logged and treated as a bad response, never crashes the loop.
      this.o.log.error('adapter threw (a bug)', { error: (e as Error).stack ?? String(e) })
      outcome = this.fail(
        { code: 'bad_response', detail: `internal error: ${(e as Error).message}` },
        this.o.clock.now(),
      )
      reported = true
      this.report(outcome, undefined)
    } finally {
      cancelTimeout()
      this.inFlight = null
    }
    if (!this.canRun()) {
      this.setNext(null)
      return
    }
    // A poll cut short by a sleep that is already over left no result and no timer: run it again now.
    if (this.again || !reported) this.schedule(0)
  }

  private fail(failure: ProviderFailure, at: number): PollOutcome {
    this.failures += 1
    return { ok: false, failure, at, consecutiveFailures: this.failures }
  }

  private report(outcome: PollOutcome, pollAgainInMs: number | undefined): void {
    this.notBefore =
      !outcome.ok && outcome.failure.retryAfterMs !== undefined
        ? outcome.at + outcome.failure.retryAfterMs
        : null
    this.o.events.onOutcome(outcome)
    if (this.stopped) return
    let delay: number
    if (outcome.ok) {
      delay = this.intervalMs
      if (pollAgainInMs !== undefined) delay = Math.max(1_000, Math.min(delay, pollAgainInMs))
    } else {
      delay = backoffDelayMs(outcome.failure, outcome.consecutiveFailures, this.intervalMs, this.o.random)
    }
    this.schedule(delay)
  }
}
