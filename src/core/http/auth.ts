import type { Request, RequestHandler } from 'express';
import type { Actor } from '../../accounts/roles';
import { unauthorized } from '../errors';
import { wantsJson } from './error-handler';

/** The signed-in user; 401 when there is none. */
export function actorOf(req: Request): Actor {
  if (!req.user) throw unauthorized();
  return req.user;
}

/** Pages send anonymous visitors to the login form; the API answers 401. */
export const requireUser: RequestHandler = (req, res, next) => {
  if (req.user) return next();
  if (wantsJson(req)) return next(unauthorized());
  res.redirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
};
