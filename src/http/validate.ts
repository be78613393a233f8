import type { z } from 'zod'
import { AppError } from '../shared/app-error.js'

/** Parses request input with a zod schema; a failure is a 400 naming each bad field. */
export const parseInput = <Schema extends z.ZodType>(schema: Schema, input: unknown, code = 'HTTP_VALIDATION_FAILED'): z.output<Schema> => {
  const parsed = schema.safeParse(input)
  if (!parsed.success) {
    const message = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`).join('; ')
    throw new AppError(code, message)
  }
  return parsed.data
}
