/**
 * Spaces out sends per Evolution instance: a minimum gap plus up to 50% jitter, so a burst of
 * replies does not look like a bot blasting messages (ban risk). Per process: replicas each
 * pace their own sends.
 */
export interface SendPacer {
  wait(key: string, minGapMs: number): Promise<void>
}

export const createSendPacer = (deps: { now?: () => number; sleep?: (ms: number) => Promise<void>; random?: () => number } = {}): SendPacer => {
  const now = deps.now ?? Date.now
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const random = deps.random ?? Math.random
  const nextAllowed = new Map<string, number>()
  return {
    wait: async (key, minGapMs) => {
      const current = now()
      const slot = Math.max(current, nextAllowed.get(key) ?? 0)
      nextAllowed.set(key, slot + minGapMs * (1 + random() * 0.5))
      if (slot > current) await sleep(slot - current)
    },
  }
}
