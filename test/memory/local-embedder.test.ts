import { describe, expect, it } from 'vitest'
import { cosineSimilarity, createLocalEmbedder, embeddingSpaceOf } from '../../src/memory/index.js'

describe('local n-gram embedder', () => {
  it('names its space by provider, model and dims', () => {
    expect(createLocalEmbedder().space).toMatchObject({ space_id: 'local:ngram-v1:256', dims: 256 })
    expect(createLocalEmbedder({ dims: 64 }).space.space_id).toBe('local:ngram-v1:64')
    expect(embeddingSpaceOf({ provider: 'openai', model: 'text-embedding-3-small', dims: 1536 })).toBe(
      'openai:text-embedding-3-small:1536',
    )
  })

  it('is deterministic, unit-length and folds case and accents', async () => {
    const embedder = createLocalEmbedder()
    const [a, b, c] = await embedder.embed(['Horário de atendimento', 'Horário de atendimento', 'HORARIO DE ATENDIMENTO'])
    expect(Array.from(a as Float32Array)).toEqual(Array.from(b as Float32Array))
    expect(Array.from(a as Float32Array)).toEqual(Array.from(c as Float32Array))
    expect(Math.hypot(...(a as Float32Array))).toBeCloseTo(1, 5)
    expect(a).toHaveLength(256)
  })

  it('gives an empty text a zero vector instead of NaN', async () => {
    const [empty] = await createLocalEmbedder().embed(['  '])
    expect(Array.from(empty as Float32Array).every((value) => value === 0)).toBe(true)
  })

  it('puts similar pt-BR sentences closer than unrelated ones', async () => {
    const embedder = createLocalEmbedder()
    const [query, similar, unrelated] = await embedder.embed([
      'Cliente prefere horários depois das 18h',
      'A cliente prefere horário após as 18h',
      'Aceitamos pagamento com cartão de crédito',
    ])
    const close = cosineSimilarity(query as Float32Array, similar as Float32Array)
    const far = cosineSimilarity(query as Float32Array, unrelated as Float32Array)
    expect(close).toBeGreaterThan(far + 0.2)
    expect(close).toBeGreaterThan(0.4)
  })
})
