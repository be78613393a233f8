import type { PanelSession } from './panel-session.js'

/** Panel sessions of the whole deploy (not scoped to a tenant: an operator session spans them). */
export interface PanelSessionStore {
  save(input: { session: PanelSession }): Promise<void>
  /** The session, or null when unknown or expired at `now`. */
  find(input: { sessionHash: string; now: Date }): Promise<PanelSession | null>
  /** True when a session was removed. */
  delete(input: { sessionHash: string }): Promise<boolean>
  /** Removes the sessions expired at `now`; answers how many. */
  deleteExpired(input: { now: Date }): Promise<number>
}
