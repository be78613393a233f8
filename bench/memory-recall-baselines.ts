import { Document } from '@langchain/core/documents'
import { Embeddings } from '@langchain/core/embeddings'
import { MemoryVectorStore } from '@langchain/classic/vectorstores/memory'
import { timeQueries } from './bench-memories.js'
import { exactTopK, recallAtK, type VectorDataset } from './memory-vector-dataset.js'
import type { Figure } from './start-benchmark.js'

const K = 8

/** The store is given vectors directly; it never embeds. */
class NoEmbeddings extends Embeddings {
  constructor() {
    super({})
  }
  override embedDocuments(): Promise<number[][]> {
    throw new Error('the benchmark adds vectors, not texts')
  }
  override embedQuery(): Promise<number[]> {
    throw new Error('the benchmark searches by vector')
  }
}

/**
 * An optimised plain-JS brute force: one contiguous Float32Array, four accumulators, a bounded
 * top-k. What a careful loop gets without SIMD; the bar the file backend has to clear.
 */
const createBruteForce = (dataset: VectorDataset) => {
  const { dims } = dataset
  const rows = new Float32Array(dataset.vectors.length * dims)
  dataset.vectors.forEach((vector, index) => rows.set(vector, index * dims))
  return (query: Float32Array): number[] => {
    const best: { index: number; dot: number }[] = []
    for (let row = 0; row < dataset.vectors.length; row++) {
      const start = row * dims
      let a = 0
      let b = 0
      let c = 0
      let d = 0
      for (let index = 0; index < dims; index += 4) {
        a += (rows[start + index] as number) * (query[index] as number)
        b += (rows[start + index + 1] as number) * (query[index + 1] as number)
        c += (rows[start + index + 2] as number) * (query[index + 2] as number)
        d += (rows[start + index + 3] as number) * (query[index + 3] as number)
      }
      const dot = a + b + c + d
      if (best.length === K && dot <= (best[K - 1] as { dot: number }).dot) continue
      best.push({ index: row, dot })
      best.sort((x, y) => y.dot - x.dot)
      if (best.length > K) best.pop()
    }
    return best.map((entry) => entry.index)
  }
}

/**
 * The two in-process baselines measured in the same run as fabio's stores, on the same data:
 * the brute-force loop above and LangChain's MemoryVectorStore (@langchain/classic, given
 * number[] vectors as its embeddings would return them).
 */
export const benchRecallBaselines = async (dataset: VectorDataset, queries: readonly Float32Array[]): Promise<Figure[]> => {
  const label = `${dataset.vectors.length} × ${dataset.dims} dims`
  const exact = queries.map((query) => exactTopK(dataset.vectors, query, K))
  const bruteForce = createBruteForce(dataset)
  const brute = await timeQueries(queries, (query) => bruteForce(query))

  const langchain = new MemoryVectorStore(new NoEmbeddings())
  await langchain.addVectors(
    dataset.vectors.map((vector) => Array.from(vector)),
    dataset.vectors.map((_, index) => new Document({ pageContent: `memória ${index}`, metadata: { index } })),
  )
  const chain = await timeQueries(queries, async (query) =>
    (await langchain.similaritySearchVectorWithScore(Array.from(query), K)).map(([document]) => document.metadata.index as number),
  )
  return [
    { name: `memory recall, brute-force JS scan, ${label}: p50`, value: round(brute.p50), unit: 'ms' },
    { name: `memory recall, brute-force JS scan, ${label}: p99`, value: round(brute.p99), unit: 'ms' },
    { name: `memory recall, LangChain MemoryVectorStore, ${label}: p50`, value: round(chain.p50), unit: 'ms' },
    { name: `memory recall, LangChain MemoryVectorStore, ${label}: p99`, value: round(chain.p99), unit: 'ms' },
    { name: `memory recall, LangChain MemoryVectorStore, ${label}: recall@${K}`, value: round(recallAtK(exact, chain.results), 3), unit: '' },
    { name: `memory recall, brute-force JS scan, ${label}: recall@${K}`, value: round(recallAtK(exact, brute.results), 3), unit: '' },
  ]
}

const round = (value: number, digits = 2): number => Number(value.toFixed(digits))
