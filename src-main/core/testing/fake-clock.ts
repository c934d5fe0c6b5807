import type { Clock } from '../ports'

/**
 * A clock for tests: time moves only when the test says so. `advance` fires due timers in time order and lets
 * promises settle between them, so async poll cycles complete as they would in real time.
 */
export class FakeClock implements Clock {
  private timers: { at: number; seq: number; fn: () => void }[] = []
  private seq = 0

  constructor(private t = Date.UTC(2026, 10, 24, 9, 0, 0)) {}

  now(): number {
    return this.t
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fn }
    this.timers.push(timer)
    return () => {
      this.timers = this.timers.filter((x) => x !== timer)
    }
  }

  pending(): number {
    return this.timers.length
  }

  /** Move time forward by `ms`, firing every timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms
    await settle()
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq)
      const next = this.timers[0]
      if (!next || next.at > end) break
      this.timers.shift()
      this.t = Math.max(this.t, next.at)
      next.fn()
      await settle()
    }
    this.t = end
    await settle()
  }
}

/** Let queued promise callbacks run (several rounds, for chains of awaits). */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve()
}
