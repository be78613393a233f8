import { runFileAppendBenchmark } from './file-append-benchmark.js'
import { runStartBenchmark } from './start-benchmark.js'
import { runWebhookIngestBenchmark } from './webhook-ingest-benchmark.js'
import { runMemoryRecallBenchmark } from './memory-recall-benchmark.js'

/** `npm run bench`: prints figures; nothing here asserts a speed. */
const main = async (): Promise<void> => {
  const figures = [...(await runStartBenchmark()), ...(await runFileAppendBenchmark()), ...(await runWebhookIngestBenchmark()), ...(await runMemoryRecallBenchmark())]
  const width = Math.max(...figures.map((figure) => figure.name.length))
  process.stdout.write(`\nfabio benchmarks (${process.version}, ${new Date().toISOString()})\n`)
  for (const figure of figures) {
    process.stdout.write(`  ${figure.name.padEnd(width)}  ${String(figure.value).padStart(10)} ${figure.unit}\n`)
  }
}

await main()
