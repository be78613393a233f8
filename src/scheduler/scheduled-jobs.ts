import type { ScheduledJob } from './scheduled-job.js'

/**
 * The one list of every scheduled job fabio runs. Each capability adds its jobs here, so an
 * operator reads one file to know what runs when.
 */
export interface ScheduledJobDependencies {
  /** Rewrites the file backend's logs as snapshots; absent on Postgres. */
  compactFileStorage?: () => Promise<void>
  /** Polls every tenant's Evolution instance and records connection changes. */
  watchWhatsappConnections?: () => Promise<void>
}

export const listScheduledJobs = (deps: ScheduledJobDependencies): ScheduledJob[] => {
  const jobs: ScheduledJob[] = []
  if (deps.compactFileStorage) {
    jobs.push({ name: 'storage.compact', cron: '30 4 * * *', run: deps.compactFileStorage })
  }
  if (deps.watchWhatsappConnections) {
    jobs.push({ name: 'whatsapp.watchdog', cron: '* * * * *', run: deps.watchWhatsappConnections })
  }
  return jobs
}
