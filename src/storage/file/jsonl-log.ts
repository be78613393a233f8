import { open, rename, rm, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'
import { AppError } from '../../shared/app-error.js'
import { fsyncDirectory, writeFully, writeLinesDurably } from './durable-fs.js'

export interface JsonlLogStats {
  /** Lines appended (not counting compaction snapshots). */
  appends: number
  /** fdatasync calls made for appends. */
  fsyncs: number
  compactions: number
}

/** What a compaction writes: taken synchronously when its turn comes, so it is one consistent state. */
export interface LogSnapshot {
  lines: string[]
  entries: number
}

interface PendingAppend {
  kind: 'append'
  data: string
  entries: number
  resolve: () => void
  reject: (error: unknown) => void
}

interface PendingRewrite {
  kind: 'rewrite'
  snapshot: () => LogSnapshot
  resolve: () => void
  reject: (error: unknown) => void
}

type Pending = PendingAppend | PendingRewrite

export interface JsonlLogOptions {
  path: string
  groupCommit: boolean
  /** Operations already in the file; the compaction trigger compares it with live records. */
  entries: number
  /** Called after each durable flush (the compaction trigger hangs here). */
  onFlushed?: () => void
}

/**
 * The append side of one collection file. Everything goes through one queue worked by one loop,
 * so appends and compactions never interleave. With group commit the loop takes every queued
 * line at once: one write + one fdatasync for all of them. A failed write or fsync leaves the
 * file in an unknown state, so the log stops for good (`failure`) instead of guessing.
 */
export class JsonlLog {
  private readonly queue: Pending[] = []
  private running = false
  private closed = false
  private closing: Promise<void> | null = null
  private failed: AppError | null = null
  private entryCount: number
  private readonly counters: JsonlLogStats = { appends: 0, fsyncs: 0, compactions: 0 }

  private constructor(
    private handle: FileHandle,
    private readonly options: JsonlLogOptions,
  ) {
    this.entryCount = options.entries
  }

  static async open(options: JsonlLogOptions): Promise<JsonlLog> {
    return new JsonlLog(await open(options.path, 'a'), options)
  }

  get failure(): AppError | null {
    return this.failed
  }

  /** Operations in the file as of the last flush or compaction. */
  get entries(): number {
    return this.entryCount
  }

  stats(): JsonlLogStats {
    return { ...this.counters }
  }

  /** Throws when nothing can be written any more: call before changing memory. */
  assertWritable(): void {
    if (this.failed) throw this.failed
    if (this.closed) {
      throw new AppError('STORAGE_WRITE_FAILED', `${this.options.path} is closed; no more writes are accepted.`, {
        category: 'system',
        details: { file: this.options.path },
      })
    }
  }

  /** `line` without its newline; resolves once it is on disk. `entries` = operations in it. */
  append(line: string, entries: number): Promise<void> {
    return this.enqueue((resolve, reject) => ({ kind: 'append', data: `${line}\n`, entries, resolve, reject }))
  }

  /** Resolves once everything queued before it is on disk (rejects if any of it failed). */
  barrier(): Promise<void> {
    return this.enqueue((resolve, reject) => ({ kind: 'append', data: '', entries: 0, resolve, reject }))
  }

  /** Replaces the file by a snapshot: temp file, fsync, rename, directory fsync, reopen. */
  rewrite(snapshot: () => LogSnapshot): Promise<void> {
    return this.enqueue((resolve, reject) => ({ kind: 'rewrite', snapshot, resolve, reject }))
  }

  /** Waits for everything queued, then closes the file; later writes are refused. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      // Pushed past assertWritable: a failed log still has to be closed.
      const drained = new Promise<void>((resolve) => {
        this.push({ kind: 'append', data: '', entries: 0, resolve, reject: () => resolve() })
      })
      this.closed = true
      await drained
      await this.handle.close().catch(() => undefined)
    })()
    return this.closing
  }

  private enqueue(make: (resolve: () => void, reject: (error: unknown) => void) => Pending): Promise<void> {
    try {
      this.assertWritable()
    } catch (error) {
      return Promise.reject(error)
    }
    return new Promise<void>((resolve, reject) => this.push(make(resolve, reject)))
  }

  private push(item: Pending): void {
    this.queue.push(item)
    if (this.running) return
    this.running = true
    // Start on a microtask: writers calling in the same tick share the first flush too.
    queueMicrotask(() => void this.drain())
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const head = this.queue[0] as Pending
      if (head.kind === 'rewrite') {
        this.queue.shift()
        await this.runRewrite(head)
        continue
      }
      const batch: PendingAppend[] = []
      while (this.queue[0]?.kind === 'append' && (this.options.groupCommit || batch.length === 0)) {
        batch.push(this.queue.shift() as PendingAppend)
      }
      await this.flush(batch)
    }
    this.running = false
  }

  private async flush(batch: PendingAppend[]): Promise<void> {
    const data = batch.map((item) => item.data).join('')
    if (data.length > 0) {
      try {
        await writeFully(this.handle, Buffer.from(data, 'utf8'))
        this.counters.appends += batch.filter((item) => item.data.length > 0).length
        await this.handle.datasync()
        this.counters.fsyncs += 1
      } catch (error) {
        this.fail(error, batch)
        return
      }
      for (const item of batch) this.entryCount += item.entries
    }
    for (const item of batch) item.resolve()
    if (data.length > 0) this.options.onFlushed?.()
  }

  private async runRewrite(task: PendingRewrite): Promise<void> {
    const tempPath = `${this.options.path}.tmp`
    let renamed = false
    try {
      const snapshot = task.snapshot()
      await writeLinesDurably(tempPath, snapshot.lines)
      await rename(tempPath, this.options.path)
      renamed = true
      await fsyncDirectory(dirname(this.options.path))
      const next = await open(this.options.path, 'a')
      await this.handle.close().catch(() => undefined)
      this.handle = next
      this.entryCount = snapshot.entries
      this.counters.compactions += 1
      task.resolve()
    } catch (error) {
      if (renamed) return this.fail(error, [task])
      // The old log is untouched and our fd still points at it: appending can go on.
      await rm(tempPath, { force: true }).catch(() => undefined)
      task.reject(
        new AppError('STORAGE_WRITE_FAILED', `Compacting ${this.options.path} failed; the log is unchanged.`, {
          category: 'system',
          details: { file: this.options.path },
          cause: error,
        }),
      )
    }
  }

  private fail(cause: unknown, inFlight: Pending[]): void {
    this.failed = new AppError(
      'STORAGE_WRITE_FAILED',
      `Writing ${this.options.path} failed, so its state on disk is unknown; this collection accepts no more ` +
        'writes. Fix the cause (disk full? permissions? I/O error?) and restart fabio.',
      { category: 'system', details: { file: this.options.path }, cause },
    )
    for (const item of [...inFlight, ...this.queue.splice(0)]) item.reject(this.failed)
  }
}
