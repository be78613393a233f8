import { runFileAppendBenchmark } from './file-append-benchmark.js'
import { runMemoryRecallBenchmark } from './memory-recall-benchmark.js'
import { runReembedThroughputBenchmark } from './reembed-throughput-benchmark.js'
import { runStartBenchmark, type Figure } from './start-benchmark.js'
import { runWebhookIngestBenchmark } from './webhook-ingest-benchmark.js'

const log = (line: string): void => void process.stderr.write(`  … ${line}\n`)

/** Benchmarks by name, in the order they run. */
const benchmarks: Record<string, () => Promise<Figure[]>> = {
  start: () => runStartBenchmark(),
  'file-append': () => runFileAppendBenchmark(),
  webhook: () => runWebhookIngestBenchmark(),
  memory: () => runMemoryRecallBenchmark({ sizes: memorySizes(), log }),
  reembed: () => runReembedThroughputBenchmark(2_000, log),
}

/** BENCH_MEMORY_SIZES=1000,10000 runs the recall benchmark at those sizes only (default 1k, 10k, 100k). */
const memorySizes = (): number[] | undefined =>
  process.env.BENCH_MEMORY_SIZES?.split(',').map((size) => Number(size.trim())).filter((size) => Number.isInteger(size) && size > 0)

/**
 * `npm run bench`: prints figures; nothing here asserts a speed. BENCH_ONLY=memory,reembed runs
 * only the named ones (start, file-append, webhook, memory, reembed).
 */
const main = async (): Promise<void> => {
  const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim()).filter(Boolean)
  const unknown = only?.filter((name) => !(name in benchmarks)) ?? []
  if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown benchmark ${unknown.join(', ')} (known: ${Object.keys(benchmarks).join(', ')})`)
  const figures: Figure[] = []
  for (const [name, run] of Object.entries(benchmarks)) {
    if (only && !only.includes(name)) continue
    log(`${name}…`)
    figures.push(...(await run()))
  }
  const width = Math.max(...figures.map((figure) => figure.name.length))
  process.stdout.write(`\nfabio benchmarks (${process.version}, ${new Date().toISOString()})\n`)
  for (const figure of figures) {
    process.stdout.write(`  ${figure.name.padEnd(width)}  ${String(figure.value).padStart(10)} ${figure.unit}\n`)
  }
}

await main()
