/**
 * The one shape of an expected failure (docs/ARCHITECTURE.md §2.3: expected failures are data, throws are bugs).
 *
 * A vendor that refuses a key, a file that does not parse, a value out of range: the caller gets
 * `{ ok: false, error }` and decides what to tell the user. Something that cannot happen in a correct program
 * still throws.
 */
export type Result<T, F> = Ok<T> | Fail<F>
export interface Ok<T> {
  readonly ok: true
  readonly value: T
}
export interface Fail<F> {
  readonly ok: false
  readonly error: F
}

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value }
}

export function fail<F>(error: F): Fail<F> {
  return { ok: false, error }
}

/** The value of a success transformed; a failure passes through unchanged. */
export function mapResult<T, U, F>(r: Result<T, F>, fn: (value: T) => U): Result<U, F> {
  return r.ok ? ok(fn(r.value)) : r
}

/** The failure of a result transformed (add context, change the type); a success passes through unchanged. */
export function mapError<T, F, G>(r: Result<T, F>, fn: (error: F) => G): Result<T, G> {
  return r.ok ? r : fail(fn(r.error))
}

/** The words of anything thrown: an Error's message, else the value as text. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
