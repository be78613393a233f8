import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'

import { evolutionFixturesDir } from '../../../support/evolution-fixtures-dir.js'

export { evolutionFixturesDir }

export const listEvolutionFixtures = (): string[] =>
  readdirSync(evolutionFixturesDir)
    .filter((name) => name.endsWith('.json'))
    .sort()

/** A fresh deep copy of a fixture body, safe to modify in a test. */
export const loadEvolutionFixture = (name: string): Record<string, any> =>
  JSON.parse(readFileSync(path.join(evolutionFixturesDir, name), 'utf8')) as Record<string, any>
