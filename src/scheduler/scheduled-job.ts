/** One recurring job. `cron` is a node-cron expression; `timezone` defaults to UTC. */
export interface ScheduledJob {
  name: string
  cron: string
  timezone?: string
  run: () => Promise<void>
}
