/**
 * The model's agenda: timed events popped in (time, insertion) order, so the model replays identically whatever
 * instants it is asked about.
 *
 * Nearly every event falls due within minutes of being scheduled, so this is a calendar queue rather than one
 * big heap: quarter-second buckets over a ~2.3 h horizon (pushing is an array append; a bucket is sorted once, when
 * it comes up) with a binary heap for the few events further out. With thousands of agents a plain heap spends
 * most of a long jump chasing pointers through a large tree.
 */
export interface Timed {
  /** ms since the model origin */
  at: number
  /** insertion number, set by the queue */
  seq: number
}

const BUCKET_MS = 256
const RING = 32768

export class EventQueue<E extends Timed> {
  private nextSeq = 0
  /** absolute bucket number being drained */
  private cur = 0
  /** the current bucket's events, sorted, from `curPos` on */
  private curList: E[] = []
  private curPos = 0
  /** buckets cur+1 .. cur+RING-1, unsorted, by absolute bucket number mod RING */
  private readonly ring: (E[] | undefined)[] = new Array<E[] | undefined>(RING)
  private ringCount = 0
  private readonly far = new Heap<E>()

  get size(): number {
    return this.curList.length - this.curPos + this.ringCount + this.far.size
  }

  push(event: E): void {
    event.seq = this.nextSeq++
    const b = Math.floor(event.at / BUCKET_MS)
    if (b <= this.cur) {
      this.insertCurrent(event)
    } else if (b < this.cur + RING) {
      this.slot(b).push(event)
      this.ringCount++
    } else {
      this.far.push(event)
    }
  }

  /** The earliest event's time, or Infinity when empty. */
  peekAt(): number {
    return this.advance() ? (this.curList[this.curPos] as E).at : Infinity
  }

  pop(): E | undefined {
    if (!this.advance()) return undefined
    return this.curList[this.curPos++]
  }

  private slot(b: number): E[] {
    const i = b % RING
    let list = this.ring[i]
    if (list === undefined) {
      list = []
      this.ring[i] = list
    }
    return list
  }

  /** Sorted insert into the current bucket (after every event with the same time: it has the highest seq). */
  private insertCurrent(event: E): void {
    const list = this.curList
    let lo = this.curPos
    let hi = list.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (before(event, list[mid] as E)) hi = mid
      else lo = mid + 1
    }
    if (lo === list.length) list.push(event)
    else list.splice(lo, 0, event)
  }

  /** Make `curList[curPos]` the earliest event; false when nothing is left. */
  private advance(): boolean {
    while (this.curPos >= this.curList.length) {
      if (this.ringCount === 0 && this.far.size === 0) return false
      // Recycle the drained array as the slot it came from.
      const drained = this.curList
      drained.length = 0
      if (this.ringCount === 0) {
        // Nothing within the horizon: jump straight to the next far event's bucket.
        const next = this.far.peek() as E
        this.cur = Math.floor(next.at / BUCKET_MS)
      } else {
        this.cur++
      }
      while (this.far.size > 0 && Math.floor((this.far.peek() as E).at / BUCKET_MS) < this.cur + RING) {
        const e = this.far.pop() as E
        const b = Math.floor(e.at / BUCKET_MS)
        if (b <= this.cur) {
          this.slot(this.cur).push(e)
        } else {
          this.slot(b).push(e)
        }
        this.ringCount++
      }
      const i = this.cur % RING
      const list = this.ring[i]
      this.ring[i] = drained
      this.curPos = 0
      if (list === undefined || list.length === 0) {
        this.curList = list ?? []
        continue
      }
      this.ringCount -= list.length
      if (list.length > 1) list.sort(compare)
      this.curList = list
    }
    return true
  }
}

/** A binary min-heap on (at, seq): the queue's overflow for events beyond the bucket horizon. */
export class Heap<E extends Timed> {
  private readonly heap: E[] = []

  get size(): number {
    return this.heap.length
  }

  peek(): E | undefined {
    return this.heap[0]
  }

  push(event: E): void {
    const heap = this.heap
    heap.push(event)
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      const p = heap[parent] as E
      if (!before(event, p)) break
      heap[i] = p
      i = parent
    }
    heap[i] = event
  }

  pop(): E | undefined {
    const heap = this.heap
    const top = heap[0]
    const last = heap.pop()
    if (top === undefined || last === undefined || heap.length === 0) return top
    const n = heap.length
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      if (l >= n) break
      const r = l + 1
      let c = l
      if (r < n && before(heap[r] as E, heap[l] as E)) c = r
      const child = heap[c] as E
      if (!before(child, last)) break
      heap[i] = child
      i = c
    }
    heap[i] = last
    return top
  }
}

function before(a: Timed, b: Timed): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq)
}

function compare(a: Timed, b: Timed): number {
  return a.at - b.at || a.seq - b.seq
}
