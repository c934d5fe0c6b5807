import { describe, expect, it } from 'vitest'
import { EventQueue, Heap, type Timed } from './event-queue'
import { mulberry32 } from './prng'

interface Ev extends Timed {
  id: number
}

/** Drives the queue like the model does: pop the earliest, schedule a few events at or after it. */
function replay(seed: number, spreadMs: (r: () => number) => number): { popped: Ev[]; sizeOk: boolean } {
  const rng = mulberry32(seed)
  const q = new EventQueue<Ev>()
  let id = 0
  let live = 0
  for (let i = 0; i < 50; i++) {
    q.push({ at: Math.floor(rng() * 10_000), seq: 0, id: id++ })
    live++
  }
  const popped: Ev[] = []
  let sizeOk = true
  while (popped.length < 5000) {
    const e = q.pop()
    if (e === undefined) break
    live--
    popped.push(e)
    const children = rng() < 0.5 ? 1 : 2
    for (let k = 0; k < children && id < 6000; k++) {
      q.push({ at: e.at + spreadMs(rng), seq: 0, id: id++ })
      live++
    }
    if (q.size !== live) sizeOk = false
  }
  return { popped, sizeOk }
}

function sortedCopy(events: Ev[]): Ev[] {
  return [...events].sort((a, b) => a.at - b.at || a.seq - b.seq)
}

describe('EventQueue', () => {
  it('pops in (time, insertion) order with near, same-instant and far-future events', () => {
    const { popped, sizeOk } = replay(1, (r) => {
      const x = r()
      if (x < 0.2) return 0 // same instant: insertion order decides
      if (x < 0.8) return Math.floor(r() * 120_000)
      return Math.floor(r() * 30 * 3_600_000) // beyond the bucket horizon
    })
    expect(popped.length).toBeGreaterThan(1000)
    expect(popped.map((e) => e.id)).toEqual(sortedCopy(popped).map((e) => e.id))
    expect(sizeOk).toBe(true)
  })

  it('jumps over long empty stretches (a night with nothing due)', () => {
    const q = new EventQueue<Ev>()
    q.push({ at: 20 * 3_600_000, seq: 0, id: 2 })
    q.push({ at: 5, seq: 0, id: 1 })
    q.push({ at: 20 * 3_600_000, seq: 0, id: 3 })
    expect(q.peekAt()).toBe(5)
    expect(q.pop()?.id).toBe(1)
    expect(q.peekAt()).toBe(20 * 3_600_000)
    q.push({ at: 20 * 3_600_000, seq: 0, id: 4 })
    q.push({ at: 20 * 3_600_000 - 1, seq: 0, id: 5 })
    expect([q.pop()?.id, q.pop()?.id, q.pop()?.id, q.pop()?.id]).toEqual([5, 2, 3, 4])
    expect(q.pop()).toBeUndefined()
    expect(q.peekAt()).toBe(Infinity)
    expect(q.size).toBe(0)
  })
})

describe('Heap', () => {
  it('orders by time, then by seq', () => {
    const h = new Heap<Ev>()
    const rng = mulberry32(9)
    const all: Ev[] = []
    for (let i = 0; i < 500; i++) {
      const e = { at: Math.floor(rng() * 50), seq: i, id: i }
      all.push(e)
      h.push(e)
    }
    const out: number[] = []
    for (let e = h.pop(); e !== undefined; e = h.pop()) out.push(e.id)
    expect(out).toEqual(sortedCopy(all).map((e) => e.id))
  })
})
