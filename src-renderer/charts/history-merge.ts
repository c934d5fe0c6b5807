/**
 * Keeping a local copy of history series current with small incremental fetches (`history:get` since the last
 * point held), so a refresh moves a few points, not eight hours of them.
 */
export type Point = [number, number | null]

/**
 * Append `fetched` (all points at or after some instant, oldest first, as main returns them) to `held`. Points
 * before the last held instant are already held; at that instant main may hold more than one point (a gap is
 * recorded at the same instant as the last value), so the ones already held there are skipped by count.
 */
export function mergePoints(held: readonly Point[], fetched: readonly Point[]): Point[] {
  const last = held.at(-1)
  if (!last) return [...fetched]
  const lastT = last[0]
  let sameInstant = 0
  for (let i = held.length - 1; i >= 0 && held[i]?.[0] === lastT; i--) sameInstant += 1
  const out = [...held]
  for (const p of fetched) {
    if (p[0] < lastT) continue
    if (p[0] === lastT && sameInstant > 0) {
      sameInstant -= 1
      continue
    }
    out.push(p)
  }
  return out
}

/** Drop points before `from`, keeping the series' array when nothing is dropped. */
export function trimPoints(points: Point[], from: number): Point[] {
  let i = 0
  while (i < points.length && (points[i]?.[0] ?? 0) < from) i += 1
  return i === 0 ? points : points.slice(i)
}
