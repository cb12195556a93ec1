// One set of attempt limiters per app, shared by the JSON API and the forms, so an
// account gets the same number of tries whichever way it comes in.
import type { RequestHandler } from 'express';
import { attemptLimits } from '../core/http/rate-limit';
import { isKnownDevice } from './known-devices';

export type AccountLimiters = {
  login: RequestHandler[];
  signup: RequestHandler[];
  signupConfirm: RequestHandler[];
  resetRequest: RequestHandler[];
  resetUse: RequestHandler[];
};

export function accountLimiters(secret: string): AccountLimiters {
  return {
    login: attemptLimits('login', {
      windowMinutes: 15,
      perAddress: 30,
      perAccount: 10,
      onlyFailures: true,
      trustedForAccount: (req, email) => isKnownDevice(req, email, secret),
    }),
    signup: attemptLimits('signup', { windowMinutes: 60, perAddress: 10, perAccount: 3 }),
    signupConfirm: attemptLimits('signup-confirm', { windowMinutes: 60, perAddress: 10, perAccount: 5 }),
    resetRequest: attemptLimits('reset', { windowMinutes: 60, perAddress: 10, perAccount: 5 }),
    resetUse: attemptLimits('reset-use', { windowMinutes: 60, perAddress: 10, perAccount: 5 }),
  };
}
