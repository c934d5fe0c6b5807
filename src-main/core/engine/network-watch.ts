/**
 * This computer's network as the engine sees it: "offline" comes from the OS (the Connectivity port or
 * `setOnline`), or from a failed probe after every vendor failed at the network level at once. While offline a
 * cheap jittered probe runs (15–45 s apart) until the network answers; a probe answer from before an online /
 * offline change is ignored. What going offline or coming back does to the connections is the engine's business
 * (the hooks).
 */
import type { Clock, Connectivity, Disposer, Logger, Random } from '../ports'

/** The engine's view of this computer's network. */
export interface NetworkState {
  online: boolean
  /** Who said offline: the OS (Connectivity port or setOnline), or a failed probe after every vendor failed. */
  cause: 'os' | 'probe' | null
  /** epoch ms offline since, or null when online. */
  since: number | null
  /** epoch ms the next probe is due while offline, or null. */
  nextProbeAt: number | null
}

/** While offline, a probe every 15–45 s (jittered so a room full of laptops does not probe in step). */
export const PROBE_MIN_MS = 15_000
export const PROBE_JITTER_MS = 30_000
/** A probe that has not answered by then counts as "no network". */
export const PROBE_TIMEOUT_MS = 10_000
/** While online and every vendor keeps failing at the network level: probe at most this often. */
export const PROBE_CHECK_SPACING_MS = 60_000

export const OFFLINE_DETAIL = {
  os: 'this computer is offline',
  probe: 'this computer seems to be offline: no vendor could be reached and a network check failed too',
} as const

export interface NetworkWatchDeps {
  clock: Clock
  random: Random
  log: Logger
  connectivity?: Connectivity
  /** The engine's own state: probes run only when started, awake, not paused and not disposed. */
  gate: { started(): boolean; suspended(): boolean; paused(): boolean; disposed(): boolean }
  hooks: {
    /** The network went away (`cause` says who said so): stop every connection. */
    offline(cause: 'os' | 'probe', now: number): void
    /** Already offline by a probe's verdict, the OS now says so too: the connections' detail changes. */
    confirmedByOs(): void
    /** The network is back: every connection polls once, now. */
    online(): void
    /** The network state changed: emit it (and flush the store's patch when `flush`). */
    changed(state: NetworkState, flush: boolean): void
  }
}

export class NetworkWatch {
  online: boolean
  cause: NetworkState['cause']
  since: number | null
  /** Bumped on every online/offline change: a probe answer from before a change is ignored. */
  private epoch = 0
  private probeTimer: Disposer | null = null
  private nextProbeAt: number | null = null
  private probing = false
  private lastCheckAt: number | null = null
  private readonly offConnectivity: Disposer | null

  constructor(private readonly d: NetworkWatchDeps) {
    const c = d.connectivity
    this.online = c ? c.isOnline() : true
    this.cause = this.online ? null : 'os'
    this.since = this.online ? null : d.clock.now()
    this.offConnectivity = c?.onChange((o) => this.osSaid(o)) ?? null
  }

  state(): NetworkState {
    return { online: this.online, cause: this.cause, since: this.since, nextProbeAt: this.nextProbeAt }
  }

  /** The OS view changed (the Connectivity port, or `Engine.setOnline`). */
  osSaid(online: boolean): void {
    if (this.d.gate.disposed()) return
    if (online) this.goOnline()
    else this.goOffline('os')
  }

  cancelProbe(): void {
    this.probeTimer?.()
    this.probeTimer = null
    this.nextProbeAt = null
  }

  /** While offline (and awake, not paused, started): the next probe in 15–45 s. */
  scheduleProbe(): void {
    this.cancelProbe()
    const g = this.d.gate
    if (
      this.online ||
      g.suspended() ||
      g.paused() ||
      g.disposed() ||
      !g.started() ||
      !this.d.connectivity?.probe
    )
      return
    const delay = PROBE_MIN_MS + this.d.random() * PROBE_JITTER_MS
    this.nextProbeAt = this.d.clock.now() + delay
    this.probeTimer = this.d.clock.setTimer(delay, () => {
      this.probeTimer = null
      this.nextProbeAt = null
      void this.probeWhileOffline()
    })
  }

  /** Check now whether the network is back (a refresh while offline). */
  async probeWhileOffline(): Promise<void> {
    const ok = await this.runProbe()
    const g = this.d.gate
    if (g.disposed() || this.online || g.suspended()) return
    if (ok === true) {
      this.d.log.info('a network check answered: polling again')
      this.goOnline()
    } else if (this.probeTimer === null) {
      this.scheduleProbe()
    }
  }

  /**
   * Every vendor connection's latest attempt failed at the network level while the OS says online: a probe decides
   * between "this computer is offline" and "those vendors are unreachable". `stillFailing` is asked again when the
   * probe answers.
   */
  checkAfterVendorFailures(stillFailing: () => boolean): void {
    const g = this.d.gate
    if (!this.online || g.suspended() || this.probing || !this.d.connectivity?.probe) return
    const now = this.d.clock.now()
    if (this.lastCheckAt !== null && now - this.lastCheckAt < PROBE_CHECK_SPACING_MS) return
    this.lastCheckAt = now
    void (async () => {
      const ok = await this.runProbe()
      if (ok === null || !this.online || g.suspended()) return
      if (ok) {
        this.d.log.info(
          'vendors cannot be reached but the network answers: they are unreachable, not this computer',
        )
        return
      }
      if (stillFailing()) this.goOffline('probe')
    })()
  }

  /**
   * The machine woke up. A probe's "offline" was about the network before the sleep; the laptop may be somewhere
   * else now: try again (if every vendor still fails at the network level, the probe says so again).
   */
  forgetProbeVerdict(): void {
    if (this.online || this.cause !== 'probe') return
    this.online = true
    this.cause = null
    this.since = null
    this.epoch += 1
    this.lastCheckAt = null
    // Without a flush: the wake-up that follows flushes once.
    this.d.hooks.changed(this.state(), false)
  }

  dispose(): void {
    this.cancelProbe()
    this.offConnectivity?.()
  }

  /** One probe, bounded in time. null: no probe possible now, or the network changed while it ran. */
  private async runProbe(): Promise<boolean | null> {
    const c = this.d.connectivity
    if (!c?.probe || this.probing) return null
    this.probing = true
    const epoch = this.epoch
    let cancelTimeout: Disposer = () => {}
    try {
      const timeout = new Promise<boolean>((resolve) => {
        cancelTimeout = this.d.clock.setTimer(PROBE_TIMEOUT_MS, () => resolve(false))
      })
      const probe = c.probe.bind(c)
      const answer = Promise.resolve()
        .then(probe)
        .then(
          (ok) => ok === true,
          () => false,
        )
      const ok = await Promise.race([answer, timeout])
      return this.d.gate.disposed() || epoch !== this.epoch ? null : ok
    } finally {
      cancelTimeout()
      this.probing = false
    }
  }

  private goOffline(cause: 'os' | 'probe'): void {
    if (!this.online) {
      // The OS is the stronger word: an OS "online" later ends it, a probe alone does not start polling early.
      if (cause === 'os' && this.cause !== 'os') {
        this.cause = 'os'
        this.d.hooks.confirmedByOs()
        this.d.hooks.changed(this.state(), true)
      }
      return
    }
    const now = this.d.clock.now()
    this.online = false
    this.cause = cause
    this.since = now
    this.epoch += 1
    this.d.log.warn(OFFLINE_DETAIL[cause])
    this.d.hooks.offline(cause, now)
    this.scheduleProbe()
    this.d.hooks.changed(this.state(), true)
  }

  private goOnline(): void {
    if (this.online) return
    this.online = true
    this.cause = null
    this.since = null
    this.epoch += 1
    this.lastCheckAt = null
    this.cancelProbe()
    this.d.log.info('back online: every connection polls now')
    this.d.hooks.online()
    this.d.hooks.changed(this.state(), true)
  }
}
