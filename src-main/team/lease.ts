/**
 * Leases (study §3.4): exactly one poller per vendor connection in the whole team.
 *
 * - Acquire: `create` succeeds only when the key is absent, deleted or expired; its revision is the epoch.
 * - Renew every TTL/4 with `update(rev)`. A wrong revision means someone else holds it: stop at once.
 * - Fence: the holder's lease is good until `t_send + TTL − safety` on this process's monotonic clock. The broker
 *   expires the key at (the store time of the last renew) + TTL, which is later, so the holder always stops before
 *   anyone else can acquire; no host clocks need to agree. Vendor requests may only run while the lease is good
 *   (see `validFor`).
 * - Contend every second ± 50 % (2.9 has no TTL-expiry event, nats-server#4640) and at once when a watch sees a
 *   key deleted (a graceful hand-over).
 * - Release: first stop contending (the releasing poller must not take back what it lets go, study §4.6-1), then
 *   stop polling, then delete with the expected revision.
 * - Balance: a poller already holding its fair share waits 2 s longer before each attempt.
 */
import type { LeaseValue } from '../../src-shared/team'
import type { Clock, Disposer, Logger, Random } from '../core/ports'

export type LeaseWrite = { ok: true; rev: number } | { ok: false; taken: boolean; detail: string }

/** The lease bucket (fw_lease), as the manager needs it. */
export interface LeaseStore {
  create(key: string, value: LeaseValue): Promise<LeaseWrite>
  update(key: string, value: LeaseValue, rev: number, timeoutMs: number): Promise<LeaseWrite>
  remove(key: string, rev: number): Promise<void>
  /** The key's current holder and revision, or null when it is free. */
  get(key: string): Promise<{ rev: number; value: LeaseValue } | null>
  /** Changes to the site's leases: the holder on a renew or acquire, null when a key was deleted. */
  watch(onChange: (key: string, holder: string | null) => void): Disposer
}

export type LeaseLoss = 'lost' | 'fenced'

export interface LeaseHandlers {
  /** This poller now holds `conn`; `epoch` grows with every acquisition. */
  acquired(conn: string, epoch: number): void
  /** The lease is gone (someone else holds it, or it could not be renewed in time): stop polling now. */
  lost(conn: string, why: LeaseLoss): void
  /** A graceful release: stop polling and let the vendor go (Bright Pattern's DELETE) before the key is freed. */
  releasing(conn: string): Promise<void>
}

export interface LeaseManagerOptions {
  store: LeaseStore
  /** Key of a connection in the lease bucket. */
  keyOf: (conn: string) => string
  clock: Clock
  /** Monotonic ms (performance.now): validity is measured on it, never on the wall clock. */
  mono: () => number
  random: Random
  log: Logger
  holder: LeaseValue
  ttlMs: number
  /** Margin before the broker's expiry at which the holder stops (default 1 s, at most TTL / 4). */
  safetyMs?: number
  /** Mean time between attempts for a free connection (default 1 s, ± 50 %). */
  contendMs?: number
  handlers: LeaseHandlers
}

interface Lease {
  conn: string
  key: string
  wanted: boolean
  held: boolean
  rev: number
  epoch: number
  validUntil: number
  renewing: boolean
  renewTimer: Disposer | null
  fenceTimer: Disposer | null
  contendTimer: Disposer | null
  attempting: boolean
  releasing: boolean
}

export interface LeaseManager {
  /** The connections this poller may poll (it has their secrets). Others are released. */
  setWanted(conns: readonly string[]): Promise<void>
  /** How long (ms) vendor requests may still run for `conn`; 0 when it is not held (or about to lapse). */
  validFor(conn: string): number
  /** Held connections and their epochs. */
  held(): { conn: string; epoch: number }[]
  /** Release everything (graceful stop). */
  releaseAll(): Promise<void>
  dispose(): void
}

export function isWrongSequence(e: unknown): boolean {
  return /wrong last sequence/i.test((e as Error)?.message ?? '')
}

export function createLeaseManager(o: LeaseManagerOptions): LeaseManager {
  const { clock, log } = o
  const safety = Math.min(o.safetyMs ?? 1000, o.ttlMs / 4)
  const renewEvery = o.ttlMs / 4
  const contendMs = o.contendMs ?? 1000
  const leases = new Map<string, Lease>()
  /** Holders seen renewing recently (for the fair share): holder → last seen (mono ms). */
  const seen = new Map<string, number>()
  let disposed = false
  let stopping = false

  /** A lease value this very process wrote (the same user may poll from several hosts). */
  const isMine = (v: LeaseValue) =>
    v.holder === o.holder.holder && v.host === o.holder.host && v.pid === o.holder.pid
  const heldCount = () => [...leases.values()].filter((l) => l.held).length
  const fairShare = () => {
    const now = o.mono()
    // A live holder renews every TTL/4; one not seen for TTL/2 is gone (a hard kill), so the pollers left do not
    // wait the balance delay before taking its connections when they expire.
    for (const [h, at] of seen) if (now - at > o.ttlMs / 2) seen.delete(h)
    const pollers = new Set([...seen.keys(), o.holder.holder]).size
    const wanted = [...leases.values()].filter((l) => l.wanted).length
    return Math.ceil(wanted / Math.max(1, pollers))
  }

  const clearTimers = (l: Lease) => {
    l.renewTimer?.()
    l.renewTimer = null
    l.fenceTimer?.()
    l.fenceTimer = null
  }

  const drop = (l: Lease, why: LeaseLoss) => {
    if (!l.held) return
    l.held = false
    clearTimers(l)
    log.warn(why === 'fenced' ? 'lease could not be renewed in time: polling stopped' : 'lease lost', {
      connection: l.conn,
      epoch: l.epoch,
    })
    try {
      o.handlers.lost(l.conn, why)
    } catch (e) {
      log.error('lease handler threw (a bug)', { error: (e as Error).message })
    }
    scheduleContend(l)
  }

  const armFence = (l: Lease) => {
    l.fenceTimer?.()
    l.fenceTimer = clock.setTimer(Math.max(0, l.validUntil - o.mono()), () => {
      l.fenceTimer = null
      if (l.held && o.mono() >= l.validUntil) drop(l, 'fenced')
      else if (l.held) armFence(l)
    })
  }

  const renew = async (l: Lease) => {
    if (!l.held || l.renewing || disposed) return
    l.renewing = true
    const sent = o.mono()
    const r = await o.store.update(l.key, o.holder, l.rev, renewEvery)
    l.renewing = false
    if (!l.held || disposed) return
    if (r.ok) {
      l.rev = r.rev
      l.validUntil = Math.max(l.validUntil, sent + o.ttlMs - safety)
      armFence(l)
    } else if (r.taken) {
      // A renewal whose answer was lost (a timeout on a loaded host) may have landed: the key then names this
      // poller at a newer revision, and nobody else can hold it. Carry on from that revision; dropping it would
      // leave the connection unpolled by anyone until the key expires.
      const cur = await o.store.get(l.key).catch(() => null)
      if (!l.held || disposed) return
      if (cur && isMine(cur.value) && cur.rev !== l.rev) {
        log.debug('a renewal landed without its answer; going on from its revision', { connection: l.conn })
        l.rev = cur.rev
        void renew(l)
        return
      }
      drop(l, 'lost')
      return
    } else {
      log.debug('lease renewal failed; retrying until it lapses', { connection: l.conn, detail: r.detail })
    }
    scheduleRenew(l)
  }

  const scheduleRenew = (l: Lease) => {
    l.renewTimer?.()
    l.renewTimer = clock.setTimer(renewEvery, () => {
      l.renewTimer = null
      void renew(l)
    })
  }

  const attempt = async (l: Lease) => {
    if (l.held || l.attempting || !l.wanted || l.releasing || stopping || disposed) return
    l.attempting = true
    const sent = o.mono()
    let r = await o.store.create(l.key, { ...o.holder, since: clock.now() })
    let epoch = r.ok ? r.rev : 0
    let from = sent
    if (!r.ok && r.taken && !disposed) {
      // An earlier attempt whose answer was lost (a timeout) may have created the key: it names this poller, so
      // nobody else holds it. Take it up with a renewal, which also says from when it is valid; otherwise it
      // would stay unpolled by anyone until it expires.
      const cur = await o.store.get(l.key).catch(() => null)
      if (cur && isMine(cur.value) && !disposed) {
        from = o.mono()
        r = await o.store.update(l.key, o.holder, cur.rev, renewEvery)
        epoch = cur.rev
        if (r.ok) log.debug('an acquisition landed without its answer; taken up', { connection: l.conn })
      }
    }
    l.attempting = false
    if (disposed) return
    if (!r.ok) {
      if (!r.taken) log.debug('lease attempt failed', { connection: l.conn, detail: r.detail })
      scheduleContend(l)
      return
    }
    if (!l.wanted || l.releasing || stopping) {
      // Raced with a release: give it straight back.
      await o.store.remove(l.key, r.rev).catch(() => undefined)
      return
    }
    l.held = true
    l.rev = r.rev
    l.epoch = epoch
    l.validUntil = from + o.ttlMs - safety
    armFence(l)
    scheduleRenew(l)
    log.info('lease acquired', { connection: l.conn, epoch: l.epoch })
    try {
      o.handlers.acquired(l.conn, l.epoch)
    } catch (e) {
      log.error('lease handler threw (a bug)', { error: (e as Error).message })
    }
  }

  const scheduleContend = (l: Lease, soon = false) => {
    l.contendTimer?.()
    l.contendTimer = null
    if (l.held || !l.wanted || l.releasing || stopping || disposed) return
    const extra = heldCount() >= fairShare() ? 2000 : 0
    const delay = soon ? o.random() * 100 + extra : contendMs * (0.5 + o.random()) + extra
    l.contendTimer = clock.setTimer(delay, () => {
      l.contendTimer = null
      void attempt(l)
    })
  }

  const release = async (l: Lease) => {
    l.releasing = true
    l.contendTimer?.()
    l.contendTimer = null
    if (l.held) {
      clearTimers(l)
      try {
        await o.handlers.releasing(l.conn)
      } catch (e) {
        log.error('release handler threw (a bug)', { error: (e as Error).message })
      }
      const rev = l.rev
      l.held = false
      try {
        await o.store.remove(l.key, rev)
        log.info('lease released', { connection: l.conn, epoch: l.epoch })
      } catch (e) {
        log.warn('could not release the lease; it expires by itself', {
          connection: l.conn,
          error: (e as Error).message,
        })
      }
    }
    l.releasing = false
  }

  /** The last holder the watch saw for each key, to know who let a key go. */
  const holderOf = new Map<string, string>()
  const offWatch = o.store.watch((key, holder) => {
    if (holder !== null) {
      holderOf.set(key, holder)
      if (holder !== o.holder.holder) seen.set(holder, o.mono())
      return
    }
    // A poller that lets a lease go is leaving (or no longer wants that connection): the fair share is counted
    // without it, or the pollers that stay, each already at the old share, would wait the balance delay before
    // taking over and a graceful hand-over would take seconds. If it stays, its next renewal counts it again.
    const gone = holderOf.get(key)
    holderOf.delete(key)
    if (gone !== undefined && gone !== o.holder.holder) seen.delete(gone)
    for (const l of leases.values()) if (l.key === key && !l.held) scheduleContend(l, true)
  })

  return {
    async setWanted(conns) {
      const want = new Set(conns)
      const gone: Lease[] = []
      for (const l of leases.values()) {
        if (!want.has(l.conn)) {
          l.wanted = false
          gone.push(l)
        }
      }
      for (const conn of want) {
        let l = leases.get(conn)
        if (!l) {
          l = {
            conn,
            key: o.keyOf(conn),
            wanted: true,
            held: false,
            rev: 0,
            epoch: 0,
            validUntil: 0,
            renewing: false,
            renewTimer: null,
            fenceTimer: null,
            contendTimer: null,
            attempting: false,
            releasing: false,
          }
          leases.set(conn, l)
          scheduleContend(l, true)
        } else if (!l.wanted) {
          l.wanted = true
          scheduleContend(l, true)
        }
      }
      await Promise.all(
        gone.map(async (l) => {
          await release(l)
          if (!l.wanted) leases.delete(l.conn)
        }),
      )
    },
    validFor(conn) {
      const l = leases.get(conn)
      if (!l || !l.held) return 0
      return Math.max(0, l.validUntil - o.mono())
    },
    held: () => [...leases.values()].filter((l) => l.held).map((l) => ({ conn: l.conn, epoch: l.epoch })),
    async releaseAll() {
      stopping = true
      for (const l of leases.values()) {
        l.contendTimer?.()
        l.contendTimer = null
      }
      await Promise.all([...leases.values()].map((l) => release(l)))
    },
    dispose() {
      disposed = true
      offWatch()
      for (const l of leases.values()) {
        clearTimers(l)
        l.contendTimer?.()
        l.contendTimer = null
      }
    },
  }
}
