import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { MetricLive } from '../../src-shared/model'
import { liveValueAt } from '../../src-shared/model'

/** Seconds since `since` (epoch ms) at `now`, never negative; null when unknown. */
export function elapsedSecAt(now: number, since: number | null): number | null {
  return since === null ? null : Math.max(0, (now - since) / 1000)
}

/** `sec` as of `asOf`, growing with `now` while `growing` (a wait someone is still in); null stays null. */
export function tickingSecAt(now: number, sec: number | null, asOf: number, growing: boolean): number | null {
  if (sec === null) return null
  return growing ? sec + Math.max(0, now - asOf) / 1000 : sec
}

/** A jump larger than this is a real clock change (sleep, resume, NTP), not network jitter. */
const JUMP_MS = 2_000

/**
 * Main's clock as seen from the renderer, ticking once per second on main's second boundaries, so every live
 * duration on the board (time in state, longest wait, live metrics) moves together and agrees with main.
 */
export const useClockStore = defineStore('clock', () => {
  /** serverNow - local Date.now(), from the last live state or patch. */
  const offsetMs = ref(0)
  /** Main's clock (epoch ms), updated each tick. */
  const now = ref(Date.now())

  let synced = false

  function read(): number {
    return Date.now() + offsetMs.value
  }

  /** Ticks never move the board backwards because of jitter in when a patch arrived; real jumps pass. */
  function update(): void {
    const t = read()
    if (t >= now.value || now.value - t > JUMP_MS) now.value = t
  }

  /**
   * Align to main: `serverNow` is main's clock when it sent the state or patch. The displayed time moves on at the
   * next tick, so a patch does not re-render every live duration on the board a second time that second; only a
   * real clock change (a jump either way) shows at once.
   */
  function sync(serverNow: number): void {
    offsetMs.value = serverNow - Date.now()
    if (!synced || Math.abs(read() - now.value) > JUMP_MS) now.value = read()
    synced = true
  }

  /** Start ticking; returns the disposer. */
  function start(): () => void {
    let handle: ReturnType<typeof setTimeout> | null = null
    const schedule = (): void => {
      const t = read()
      handle = setTimeout(
        () => {
          update()
          schedule()
        },
        1000 - (((t % 1000) + 1000) % 1000) + 5,
      )
    }
    update()
    schedule()
    return () => {
      if (handle !== null) clearTimeout(handle)
      handle = null
    }
  }

  /** Seconds since `since` (epoch ms), never negative; null when unknown. */
  function elapsedSec(since: number | null): number | null {
    return elapsedSecAt(now.value, since)
  }

  /**
   * A wait that keeps growing between polls while someone is waiting: `sec` as of `asOf`, plus the time since.
   * With nobody waiting the last value stands.
   */
  function tickingSec(sec: number | null, asOf: number, growing: boolean): number | null {
    return tickingSecAt(now.value, sec, asOf, growing)
  }

  function liveValue(live: MetricLive): number {
    return liveValueAt(live, now.value)
  }

  return { offsetMs, now, sync, start, elapsedSec, tickingSec, liveValue }
})
