/**
 * Decides which process runs scheduled jobs. Exactly one holder at a time, so a job runs once
 * even when several replicas share a database.
 */
export interface LeaderLock {
  /** Tries to become (or stay) the leader; true when this process leads. */
  acquire(): Promise<boolean>
  isLeader(): boolean
  release(): Promise<void>
}

/** The file backend allows one process per data dir (its lock file), so that process leads. */
export const createDataDirLeaderLock = (): LeaderLock => ({
  acquire: async () => true,
  isLeader: () => true,
  release: async () => undefined,
})
