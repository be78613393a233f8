import { AppError } from '../shared/app-error.js'

export const memoryNotFoundError = (memoryId: string): AppError =>
  new AppError('MEMORY_NOT_FOUND', `memory ${memoryId} does not exist`, { details: { memory_id: memoryId } })

export const vectorDimsInvalidError = (spaceId: string, expected: number, got: number): AppError =>
  new AppError('MEMORY_VECTOR_DIMS_INVALID', `a vector of space ${spaceId} must have ${expected} dims, got ${got}`, {
    category: 'system',
    details: { space_id: spaceId, expected, got },
  })

export const memoryTextInvalidError = (reason: string): AppError =>
  new AppError('MEMORY_TEXT_INVALID', `the memory text is not usable: ${reason}`)

export const memoryExistsError = (memoryId: string): AppError =>
  new AppError('MEMORY_ALREADY_EXISTS', `memory ${memoryId} already exists`, { details: { memory_id: memoryId } })
