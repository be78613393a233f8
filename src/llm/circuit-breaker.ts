import type { Clock } from '../shared/clock.js'

export type CircuitState = 'closed' | 'open' | 'half_open'

export interface CircuitBreakerOptions {
  clock: Clock
  /** Consecutive failures that open the circuit (default 3). */
  failureThreshold?: number
  /** ms the circuit stays open before one trial call may go through (default 60 000). */
  openMs?: number
}

/**
 * Per-tenant circuit breaker. Closed: calls go through and consecutive failures are counted.
 * Open: calls are refused. After `openMs` it is half-open: `isOpen` lets one trial call through;
 * its success closes the circuit, its failure opens it again. A trial that never reports back
 * (the caller crashed) stops blocking after another `openMs`. Callers report only failures that
 * say the provider is unwell (third-party ones), never their own mistakes.
 */
export interface CircuitBreaker {
  /** True when a call must be refused; in half-open state, false once (the trial call). */
  isOpen(tenantId: string): boolean
  recordSuccess(tenantId: string): void
  /** `opened` is true only on the closed → open transition, so the owner is told once per outage. */
  recordFailure(tenantId: string): { opened: boolean }
  state(tenantId: string): CircuitState
}

interface TenantCircuit {
  failures: number
  openedAt: number | null
  trialStartedAt: number | null
}

export const createCircuitBreaker = ({ clock, failureThreshold = 3, openMs = 60_000 }: CircuitBreakerOptions): CircuitBreaker => {
  // Only tenants with recent failures have an entry; a success deletes it.
  const circuits = new Map<string, TenantCircuit>()
  const now = () => clock.now().getTime()

  const state = (tenantId: string): CircuitState => {
    const circuit = circuits.get(tenantId)
    if (!circuit || circuit.openedAt === null) return 'closed'
    return now() - circuit.openedAt < openMs ? 'open' : 'half_open'
  }

  return {
    state,
    isOpen: (tenantId) => {
      const current = state(tenantId)
      if (current !== 'half_open') return current === 'open'
      const circuit = circuits.get(tenantId) as TenantCircuit
      if (circuit.trialStartedAt !== null && now() - circuit.trialStartedAt < openMs) return true
      circuit.trialStartedAt = now()
      return false
    },
    recordSuccess: (tenantId) => {
      circuits.delete(tenantId)
    },
    recordFailure: (tenantId) => {
      const circuit = circuits.get(tenantId) ?? { failures: 0, openedAt: null, trialStartedAt: null }
      circuits.set(tenantId, circuit)
      circuit.failures += 1
      if (circuit.openedAt !== null) {
        // A failed trial (or a late failure of a call started before opening): open again, quietly.
        circuit.openedAt = now()
        circuit.trialStartedAt = null
        return { opened: false }
      }
      if (circuit.failures < failureThreshold) return { opened: false }
      circuit.openedAt = now()
      return { opened: true }
    },
  }
}
