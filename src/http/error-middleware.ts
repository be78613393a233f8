import type { ErrorRequestHandler, RequestHandler } from 'express'
import { AppError, isAppError } from '../shared/app-error.js'
import { errorCodes } from '../shared/error-codes.js'
import type { Logger } from '../shared/logger.js'

interface BodyParserError {
  type?: string
  status?: number
}

/** Maps body-parser failures (bad JSON, too large) to our codes. */
const fromBodyParser = (error: BodyParserError): AppError | null => {
  if (error.type === 'entity.parse.failed') return new AppError('HTTP_BODY_NOT_JSON', 'the request body is not valid JSON')
  if (error.type === 'entity.too.large') return new AppError('HTTP_BODY_TOO_LARGE', 'the request body is too large')
  if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported') {
    return new AppError('HTTP_BODY_NOT_JSON', 'the request body encoding is not supported; send UTF-8 JSON')
  }
  return null
}

/** Past this much discarded body the socket is dropped instead: nobody uploads this to a webhook. */
const MAX_DISCARDED_BYTES = 256 * 1024 * 1024

/**
 * A body refused as too large is usually still arriving. Closing the socket under the sender turns
 * our 413 into a connection reset on its side (which Evolution retries); reading the rest and
 * throwing it away lets the sender see the 413, then the connection closes.
 */
const discardRestOfBody = (request: Parameters<RequestHandler>[0], response: Parameters<RequestHandler>[1]): void => {
  response.set('connection', 'close')
  let discarded = 0
  request.on('data', (chunk: Buffer) => {
    discarded += chunk.length
    if (discarded > MAX_DISCARDED_BYTES) request.socket.destroy()
  })
  request.resume()
}

export const statusOf = (error: AppError): number => {
  if (error.category === 'third_party') return 502
  if (error.category === 'system') return 500
  return (errorCodes as Record<string, number>)[error.code] ?? 400
}

/**
 * The one place errors become HTTP answers: `{"error":{"code","message"}}`, never a stack.
 * System errors are logged whole and answered with a generic message.
 */
export const createErrorMiddleware = (logger: Logger): ErrorRequestHandler => (error, request, response, _next) => {
  const appError = isAppError(error) ? error : fromBodyParser(error as BodyParserError)
  if (appError?.code === 'HTTP_BODY_TOO_LARGE' && !request.complete) discardRestOfBody(request, response)
  if (appError && appError.category === 'user') {
    response.status(statusOf(appError)).json({ error: { code: appError.code, message: appError.message } })
    return
  }
  logger.error({ err: error, method: request.method, path: request.path }, 'request failed')
  const code = appError?.code ?? 'INTERNAL_ERROR'
  const status = appError ? statusOf(appError) : 500
  response.status(status).json({ error: { code, message: 'fabio hit an internal error; the operator can find it in the logs' } })
}

export const notFoundHandler: RequestHandler = (request, _response, next) => {
  next(new AppError('HTTP_ROUTE_NOT_FOUND', `no route for ${request.method} ${request.path}`))
}
