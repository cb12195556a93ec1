// Browsers that signed in to an account before. The per-account attempt limit stops
// password guessing from many addresses; it must not let a stranger lock the owner out
// by failing on purpose. So a successful sign-in leaves a signed mark for the account
// in the browser (httpOnly, a year), and the per-account limit does not count attempts
// that carry it; the per-address limit still does.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { cookieValue } from '../core/http/cookies';

const COOKIE = 'sobujang.device';
const ACCOUNTS_REMEMBERED = 5;
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

const markOf = (secret: string, email: string) =>
  createHmac('sha256', secret).update(`known-device:${email.toLowerCase()}`).digest('base64url').slice(0, 22);

const marksIn = (req: Request) => (cookieValue(req.headers.cookie, COOKIE) ?? '').split('.').filter(Boolean);

const sameMark = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function isKnownDevice(req: Request, email: string, secret: string): boolean {
  const mark = markOf(secret, email);
  return marksIn(req).some((known) => sameMark(known, mark));
}

export function rememberDevice(req: Request, res: Response, email: string, secret: string): void {
  const mark = markOf(secret, email);
  const marks = [...marksIn(req).filter((known) => known !== mark), mark].slice(-ACCOUNTS_REMEMBERED);
  res.cookie(COOKIE, marks.join('.'), { maxAge: ONE_YEAR_MS, httpOnly: true, sameSite: 'lax', secure: req.secure });
}
