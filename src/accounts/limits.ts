// One set of attempt limiters per app, shared by the JSON API and the forms, so an
// account gets the same number of tries whichever way it comes in.
import type { RequestHandler } from 'express';
import { attemptLimits } from '../core/http/rate-limit';

export type AccountLimiters = { login: RequestHandler[]; resetRequest: RequestHandler[]; resetUse: RequestHandler[] };

export function accountLimiters(): AccountLimiters {
  return {
    login: attemptLimits('login', { windowMinutes: 15, perAddress: 30, perAccount: 10, onlyFailures: true }),
    resetRequest: attemptLimits('reset', { windowMinutes: 60, perAddress: 10, perAccount: 5 }),
    resetUse: attemptLimits('reset-use', { windowMinutes: 60, perAddress: 10, perAccount: 5 }),
  };
}
