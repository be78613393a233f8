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
  /** Appointment reminders (24 h and 2 h before), caught up after downtime while still ahead. */
  sendAppointmentReminders?: () => Promise<void>
  /** Overdue charge reminders; the service allows one per interval and never two on one local day. */
  sendOverdueReminders?: () => Promise<void>
  /** Follow-ups due inside each tenant's send window. */
  sendFollowUps?: () => Promise<void>
  /** Expires confirmations nobody answered. */
  expireConfirmations?: () => Promise<void>
  /** Re-embeds memories on each tenant's memory.maintenance_cron, or at once after a model change. */
  maintainMemory?: () => Promise<void>
  /** Closes idle conversations into episodes and extracts their facts. */
  closeEpisodes?: () => Promise<void>
  /** Removes the web panel's expired login sessions. */
  deleteExpiredPanelSessions?: () => Promise<void>
}

export const listScheduledJobs = (deps: ScheduledJobDependencies): ScheduledJob[] => {
  const jobs: ScheduledJob[] = []
  if (deps.compactFileStorage) {
    jobs.push({ name: 'storage.compact', cron: '30 4 * * *', run: deps.compactFileStorage })
  }
  if (deps.watchWhatsappConnections) {
    jobs.push({ name: 'whatsapp.watchdog', cron: '* * * * *', run: deps.watchWhatsappConnections })
  }
  if (deps.sendAppointmentReminders) jobs.push({ name: 'agenda.reminders', cron: '*/5 * * * *', run: deps.sendAppointmentReminders })
  // Hourly: each tenant is reminded in its own morning (the source only answers from 09:00 local).
  if (deps.sendOverdueReminders) jobs.push({ name: 'billing.overdue_reminders', cron: '7 * * * *', run: deps.sendOverdueReminders })
  if (deps.sendFollowUps) jobs.push({ name: 'crm.follow_ups', cron: '*/5 * * * *', run: deps.sendFollowUps })
  if (deps.expireConfirmations) jobs.push({ name: 'confirmations.expire', cron: '* * * * *', run: deps.expireConfirmations })
  if (deps.maintainMemory) jobs.push({ name: 'memory.maintenance', cron: '* * * * *', run: deps.maintainMemory })
  if (deps.closeEpisodes) jobs.push({ name: 'memory.episodes', cron: '* * * * *', run: deps.closeEpisodes })
  if (deps.deleteExpiredPanelSessions) jobs.push({ name: 'panel.sessions_cleanup', cron: '17 * * * *', run: deps.deleteExpiredPanelSessions })
  return jobs
}
