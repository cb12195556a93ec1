// CSRF protection. Forms carry a synchroniser token (csrf-sync). JSON endpoints
// accept only application/json bodies, which a cross-site form cannot send, so they
// need no token. Uploads are checked before their body is read (up to 10 MB), so their
// token comes outside the body: in the x-csrf-token header (the chat's upload) or in
// the form's action URL (the case page's upload form).
import type { Request, RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';
import { AppError } from '../errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Case attachments and equipment registry imports. */
const UPLOAD_PATH = /^\/(api\/)?(?:cases\/[^/]+\/attachments|equipment\/imports?|account\/designations)$/;

const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req: Request) => {
    const fromBody = (req.body as { _csrf?: unknown } | undefined)?._csrf;
    const fromUploadUrl = UPLOAD_PATH.test(req.path) ? req.query._csrf : undefined;
    if (typeof fromBody === 'string') return fromBody;
    return typeof fromUploadUrl === 'string' ? fromUploadUrl : req.get('x-csrf-token');
  },
});

export { generateToken as csrfToken };

/** For pages whose forms anonymous visitors submit (login, sign-up, reset). */
export const withCsrfToken: RequestHandler = (req, res, next) => {
  res.locals.csrfToken = generateToken(req);
  next();
};

/** Checks the token now (for routes that parse their own body, e.g. uploads). */
export const requireCsrfToken: RequestHandler = (req, res, next) =>
  csrfSynchronisedProtection(req, res, (error?: unknown) =>
    next(error ? new AppError(403, '보안 토큰이 맞지 않습니다. 페이지를 새로 고친 뒤 다시 시도해 주세요.') : undefined),
  );

export const csrfProtection: RequestHandler = (req, res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  // Uploads are checked by their route before it reads the body (requireCsrfToken).
  if (req.is('multipart/form-data') && UPLOAD_PATH.test(req.path)) return next();
  if (req.path.startsWith('/api/')) {
    if (req.is('application/json')) return next();
    return next(new AppError(415, 'JSON 요청만 받습니다 (Content-Type: application/json).'));
  }
  return requireCsrfToken(req, res, next);
};
