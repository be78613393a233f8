import { fileURLToPath } from 'node:url'

/**
 * The Evolution webhook fixtures, copied from ../shared/fixtures/evolution into the repository so
 * tests run on any clone; test/fixtures/evolution-fixtures-copy.test.ts keeps the copy in sync.
 */
export const evolutionFixturesDir = fileURLToPath(new URL('../fixtures/evolution/', import.meta.url))

/** Where the shared originals live beside the repository (absent on a bare clone). */
export const sharedEvolutionFixturesDir = fileURLToPath(new URL('../../../shared/fixtures/evolution/', import.meta.url))
