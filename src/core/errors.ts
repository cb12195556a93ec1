// Errors that carry their HTTP meaning. Services throw these; the one error handler
// (core/http/error-handler.ts) turns them into pages or JSON.

export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields?: FieldErrors,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, fields?: FieldErrors) => new AppError(400, message, fields);
export const unauthorized = (message = '로그인이 필요합니다.') => new AppError(401, message);
export const forbidden = (message: string) => new AppError(403, message);
export const notFound = (message = '찾을 수 없습니다.') => new AppError(404, message);
export const conflict = (message: string) => new AppError(409, message);
export const tooManyRequests = (message: string) => new AppError(429, message);

/** A start-up failure explained in one sentence; main prints it without a stack trace. */
export class StartupError extends Error {}

const UNAVAILABLE_ERROR_NAMES = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoServerClosedError',
  'PoolClosedError',
  'MongooseServerSelectionError',
  'DatabaseUnavailableError',
]);
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
const UNAVAILABLE_MESSAGE =
  /buffering timed out|connection .*(closed|reset)|pool .*cleared|socket hang up|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT/i;

/**
 * True for errors that mean "the database cannot be reached right now", however the
 * driver wraps them (a bulk write error around a reset connection, a pool cleared after
 * a network error): every layer of the error and its causes is looked at.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  const code = (error as { code?: unknown }).code;
  const labels = (error as { errorLabelSet?: Set<string> }).errorLabelSet;
  if (UNAVAILABLE_ERROR_NAMES.has(error.name) || (typeof code === 'string' && UNAVAILABLE_CODES.has(code))) return true;
  if (labels?.has('NetworkError') || labels?.has('ResetPool')) return true;
  if (UNAVAILABLE_MESSAGE.test(error.message)) return true;
  return isDatabaseUnavailable(error.cause, depth + 1);
}

/** The database refused a write because a unique key is taken (E11000). */
export const isDuplicateKey = (error: unknown) => (error as { code?: number }).code === 11000;
