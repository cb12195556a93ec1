import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { AppError, isDatabaseUnavailable, notFound } from '../errors';
import { localeOf } from '../../i18n/middleware';
import { serverFields, serverText } from '../../i18n/server-text';
import type { Logger } from '../logger';
import { uploadRefusal } from './uploads';

const UNAVAILABLE_MESSAGE = '데이터베이스에 일시적으로 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.';

export function wantsJson(req: Request): boolean {
  return req.originalUrl.startsWith('/api/') || req.accepts(['html', 'json']) === 'json';
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(notFound(`페이지를 찾을 수 없습니다: ${req.path}`));
};

function describe(error: unknown): { status: number; message: string; fields?: Record<string, string> } {
  if (error instanceof AppError) return { status: error.status, message: error.message, fields: error.fields };
  if (isDatabaseUnavailable(error)) return { status: 503, message: UNAVAILABLE_MESSAGE };
  const refused = uploadRefusal(error);
  if (refused) return { status: refused.status, message: refused.message, fields: refused.fields };
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, message: status === 413 ? '요청이 너무 큽니다.' : '요청을 처리할 수 없습니다.' };
  }
  return { status: 500, message: '서버 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.' };
}

/** The one place errors become responses; stack traces go to the log, never to users. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const { status, message, fields } = describe(error);
    if (status === 503) log.warn({ path: req.originalUrl }, 'database unavailable');
    else if (status >= 500) log.error({ err: error, path: req.originalUrl }, 'request failed');
    if (res.headersSent) return;
    res.status(status);
    if (wantsJson(req)) {
      const locale = localeOf(res);
      const error = serverText(locale, message);
      res.json(fields ? { error, fields: serverFields(locale, fields) } : { error });
      return;
    }
    res.render('errors/error', { title: `${status}`, status, message, unavailable: status === 503 });
  };
}
