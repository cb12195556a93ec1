import { AppError } from '../errors';

/** For a form that failed validation or a rule: the message and field errors to show again. */
export function formProblem(error: unknown): { status: number; error: string; fields: Record<string, string> } {
  if (error instanceof AppError && error.status < 500 && error.status !== 401) {
    return { status: error.status, error: error.message, fields: error.fields ?? {} };
  }
  throw error;
}

/** Only same-site paths may be a redirect target after login. */
export function safeNext(value: unknown, fallback = '/cases'): string {
  return typeof value === 'string' && /^\/(?!\/)[^\s\\]*$/.test(value) ? value : fallback;
}
