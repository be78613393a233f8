import { normalizeMemoryText } from './memory.js'

// Frequent pt-BR function words: matching them says nothing about relevance.
const stopwords = new Set(
  ('a o as os um uma uns umas de da do das dos em na no nas nos por para pra pro com sem sob que se e ou mas ' +
    'ao aos eu tu ele ela eles elas voce voces me te lhe nos vos meu minha seu sua isso isto esse essa este esta ' +
    'ja nao sim mais muito muita tem ter foi ser sao era esta estao como quando onde qual quais the and of to is')
    .split(' '),
)

/** Prefix stemming: "horários"/"horário", "prefere"/"preferência" meet on their first 5 letters. */
const STEM = 5

export const contentTerms = (text: string): string[] => [
  ...new Set(
    normalizeMemoryText(text)
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length >= 2 && !stopwords.has(word))
      .map((word) => word.slice(0, STEM)),
  ),
]

/**
 * The file backend's lexical signal (design §3 "a small BM25 over the subject's memories"),
 * simplified: query terms found in the memory, weighted by how rare they are among the
 * candidates, saturated as `r / (r + 2)`. 0 when nothing matches.
 */
export const lexicalScores = (query: string, documents: readonly string[]): number[] => {
  const queryTerms = contentTerms(query)
  const documentTerms = documents.map((document) => new Set(contentTerms(document)))
  const total = documents.length
  const idf = new Map(
    queryTerms.map((term) => {
      const containing = documentTerms.filter((terms) => terms.has(term)).length
      return [term, Math.log(1 + (total - containing + 0.5) / (containing + 0.5))] as const
    }),
  )
  return documentTerms.map((terms) => {
    // Floor at 1 per term: with few candidates a shared term would otherwise count for ~nothing.
    const raw = queryTerms.reduce((sum, term) => sum + (terms.has(term) ? Math.max(1, idf.get(term) ?? 0) : 0), 0)
    return raw / (raw + 2)
  })
}
