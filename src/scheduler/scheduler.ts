import { createTask, type ScheduledTask } from 'node-cron'
import type { Logger } from '../shared/logger.js'
import type { LeaderLock } from './leader-lock.js'
import type { ScheduledJob } from './scheduled-job.js'

export interface Scheduler {
  start(): Promise<void>
  stop(): Promise<void>
  /** Runs a job now if this process leads (for tests and manual runs); false when skipped. */
  runNow(name: string): Promise<boolean>
  isLeader(): boolean
}

/**
 * Runs the jobs on their cron schedules, only in the leader process. Non-leaders retry the
 * election every `electionIntervalMs`, so a replica takes over when the leader dies.
 */
export const createScheduler = (deps: {
  jobs: ScheduledJob[]
  leaderLock: LeaderLock
  logger: Logger
  electionIntervalMs?: number
}): Scheduler => {
  const { jobs, leaderLock, logger } = deps
  const tasks: ScheduledTask[] = []
  let electionTimer: NodeJS.Timeout | undefined

  const runJob = async (job: ScheduledJob): Promise<boolean> => {
    if (!(await leaderLock.acquire())) return false
    const startedAt = Date.now()
    try {
      await job.run()
      logger.info({ job: job.name, ms: Date.now() - startedAt }, 'scheduled job finished')
    } catch (error) {
      logger.error({ job: job.name, err: error }, 'scheduled job failed')
    }
    return true
  }

  return {
    start: async () => {
      await leaderLock.acquire()
      for (const job of jobs) {
        const task = createTask(job.cron, () => runJob(job), {
          name: job.name,
          timezone: job.timezone ?? 'UTC',
          noOverlap: true,
        })
        await task.start()
        tasks.push(task)
      }
      electionTimer = setInterval(() => void leaderLock.acquire(), deps.electionIntervalMs ?? 15_000)
      electionTimer.unref()
      logger.debug({ jobs: jobs.map((job) => `${job.name} (${job.cron})`) }, 'scheduler started')
    },
    stop: async () => {
      clearInterval(electionTimer)
      await Promise.all(tasks.splice(0).map((task) => task.destroy()))
      await leaderLock.release()
    },
    runNow: async (name) => {
      const job = jobs.find((candidate) => candidate.name === name)
      if (!job) throw new Error(`no scheduled job named ${name}`)
      return runJob(job)
    },
    isLeader: () => leaderLock.isLeader(),
  }
}
