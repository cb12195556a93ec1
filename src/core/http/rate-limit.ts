// Attempt limits for login and password reset, per client address and per account.
import type { Request, RequestHandler } from 'express';
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import { tooManyRequests } from '../errors';

/**
 * `onlyFailures`: only refused attempts (4xx) count, per address and per account; a
 * success, or an answer of 5xx (the database slow or away), is not the client's failure.
 */
export type Limit = {
  windowMinutes: number;
  perAddress: number;
  perAccount: number;
  onlyFailures?: boolean;
  /** Requests the per-account limit does not count (a browser that signed in to the account before). */
  trustedForAccount?: (req: Request, account: string) => boolean;
};

const accountOf = (req: Request) => {
  const email = (req.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase() : '';
};

export function attemptLimits(name: string, limit: Limit): RequestHandler[] {
  const message = `시도 횟수가 너무 많습니다. ${limit.windowMinutes}분 뒤에 다시 시도해 주세요.`;
  const common = {
    windowMs: limit.windowMinutes * 60 * 1000,
    standardHeaders: 'draft-7' as const,
    legacyHeaders: false,
    handler: (_req: Request, _res: unknown, next: (e: unknown) => void) => next(tooManyRequests(message)),
    skipSuccessfulRequests: limit.onlyFailures === true,
    requestWasSuccessful: (_req: Request, res: { statusCode: number }) => res.statusCode < 400 || res.statusCode >= 500,
  };
  return [
    rateLimit({
      ...common,
      limit: limit.perAddress,
      keyGenerator: (req) => `${name}:ip:${ipKeyGenerator(req.ip ?? '')}`,
    }),
    rateLimit({
      ...common,
      limit: limit.perAccount,
      skip: (req) => !accountOf(req) || limit.trustedForAccount?.(req, accountOf(req)) === true,
      keyGenerator: (req) => `${name}:account:${accountOf(req)}`,
    }),
  ];
}
