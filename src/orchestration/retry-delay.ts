/**
 * Exponential backoff with jitter: base·2^(attempt−1), capped, ±20%, so retries of many tasks
 * that failed together (Evolution down) do not return in lockstep.
 */
export const retryDelayMs = (attempt: number, options: { baseMs?: number; maxMs?: number; random?: () => number } = {}): number => {
  const base = options.baseMs ?? 2_000
  const max = options.maxMs ?? 10 * 60_000
  const exponential = Math.min(max, base * 2 ** Math.max(0, attempt - 1))
  const jitter = 1 + ((options.random ?? Math.random)() * 0.4 - 0.2)
  return Math.round(exponential * jitter)
}
