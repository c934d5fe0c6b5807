/** KV buckets as team mode uses them: JSON values, direct gets, and the lease bucket behind the LeaseStore port. */
import type { NatsConnection } from '@nats-io/nats-core'
import { KvWatchInclude, type KV } from '@nats-io/kv'
import type { LeaseValue } from '../../src-shared/team'
import type { Disposer, Logger } from '../core/ports'
import { isWrongSequence, type LeaseStore, type LeaseWrite } from './lease'

const encoder = new TextEncoder()
const decoder = new TextDecoder()

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value))
}

export function decodeJson<T>(data: Uint8Array): T | null {
  try {
    return JSON.parse(decoder.decode(data)) as T
  } catch {
    return null
  }
}

/** A key's JSON value and revision, or null when absent or deleted. */
export async function getJson<T>(kv: KV, key: string): Promise<{ value: T; rev: number } | null> {
  const e = await kv.get(key)
  if (!e || e.operation !== 'PUT' || e.length === 0) return null
  const value = decodeJson<T>(e.value)
  return value === null ? null : { value, rev: e.revision }
}

/**
 * Follow keys (`<site>.>` or one key): the current values first, then every change, until disposed. A broken
 * watch (the broker restarted and the consumer was lost) is opened again.
 */
export function watchJson<T>(
  kv: KV,
  key: string,
  o: {
    include: 'last' | 'updates'
    onValue: (key: string, value: T | null, rev: number) => void
    log: Logger
    retryMs?: number
    setTimer: (ms: number, fn: () => void) => Disposer
  },
): Disposer {
  let stopped = false
  let stop: (() => void) | null = null
  let retry: Disposer | null = null
  const open = async () => {
    try {
      const it = await kv.watch({
        key,
        include: o.include === 'updates' ? KvWatchInclude.UpdatesOnly : KvWatchInclude.LastValue,
      })
      if (stopped) {
        it.stop()
        return
      }
      stop = () => it.stop()
      for await (const e of it) {
        if (stopped) break
        const value = e.operation === 'PUT' && e.length > 0 ? decodeJson<T>(e.value) : null
        o.onValue(e.key, value, e.revision)
      }
    } catch (e) {
      if (stopped) return
      o.log.debug('watch ended; opening it again', { key, error: (e as Error).message })
    }
    if (!stopped) retry = o.setTimer(o.retryMs ?? 1000, () => void open())
  }
  void open()
  return () => {
    stopped = true
    retry?.()
    stop?.()
  }
}

/**
 * Follow keys of a bucket without a JetStream consumer (which 2.9 creates slowly when hundreds of viewers join at
 * once): a core subscription to the keys' subjects (`$KV.<bucket>.<pattern>`: every put and delete is published
 * there, in order), then one direct get per key of interest, again after every reconnect. A get that was overtaken
 * by a live change of its key is dropped.
 */
export function followJson<T>(
  nc: NatsConnection,
  kv: KV,
  o: {
    bucket: string
    /** Key pattern to subscribe to, e.g. `eu.>`. */
    pattern: string
    onValue: (key: string, value: T | null) => void
    log: Logger
  },
): {
  /** Read the keys now; resolves with the keys that could not be read (a timeout, the broker away). */
  read(keys: string[]): Promise<string[]>
  stop: Disposer
} {
  const generation = new Map<string, number>()
  const prefix = `$KV.${o.bucket}.`
  const sub = nc.subscribe(`${prefix}${o.pattern}`, {
    callback: (err, m) => {
      if (err) return
      const key = m.subject.slice(prefix.length)
      generation.set(key, (generation.get(key) ?? 0) + 1)
      const op = m.headers?.get('KV-Operation')
      o.onValue(key, op === 'DEL' || op === 'PURGE' || m.data.length === 0 ? null : decodeJson<T>(m.data))
    },
  })
  const readOne = async (key: string): Promise<boolean> => {
    const g = generation.get(key) ?? 0
    try {
      const e = await kv.get(key)
      if ((generation.get(key) ?? 0) !== g) return true
      o.onValue(key, e && e.operation === 'PUT' && e.length > 0 ? decodeJson<T>(e.value) : null)
      return true
    } catch (e) {
      o.log.debug('could not read a key', { key, error: (e as Error).message })
      return false
    }
  }
  return {
    read: async (keys) => {
      const ok = await Promise.all(keys.map((k) => readOne(k)))
      return keys.filter((_k, i) => !ok[i])
    },
    stop: () => sub.unsubscribe(),
  }
}

/** The lease bucket (fw_lease) behind the manager's port; expected failures are data. */
export function kvLeaseStore(
  kv: KV,
  o: { site: string; log: Logger; setTimer: (ms: number, fn: () => void) => Disposer },
): LeaseStore {
  const write = async (p: Promise<number>): Promise<LeaseWrite> => {
    try {
      return { ok: true, rev: await p }
    } catch (e) {
      return { ok: false, taken: isWrongSequence(e), detail: (e as Error).message }
    }
  }
  return {
    create: (key, value: LeaseValue) => write(kv.create(key, encodeJson(value))),
    update: (key, value, rev, timeoutMs) => write(kv.update(key, encodeJson(value), rev, timeoutMs)),
    async remove(key, rev) {
      await kv.delete(key, { previousSeq: rev })
    },
    async get(key) {
      const e = await kv.get(key)
      if (!e || e.operation !== 'PUT') return null
      const value = decodeJson<LeaseValue>(e.value)
      return value ? { rev: e.revision, value } : null
    },
    watch(onChange) {
      return watchJson<LeaseValue>(kv, `${o.site}.>`, {
        include: 'updates',
        log: o.log,
        setTimer: o.setTimer,
        onValue: (key, value) => onChange(key, value?.holder ?? null),
      })
    },
  }
}
