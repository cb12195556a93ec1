import type { RequestHandler, Response } from 'express';
import { cookieValue } from '../core/http/cookies';
import { asLocale, DEFAULT_LOCALE, isLocale, type Locale } from './i18n';

export const LOCALE_COOKIE = 'lang';

/** The language of this request: this browser's choice, else the user's saved one, else Korean. */
export const localeMiddleware: RequestHandler = (req, res, next) => {
  const fromUser = req.user?.locale;
  const fromCookie = cookieValue(req.headers.cookie, LOCALE_COOKIE);
  const locale: Locale = isLocale(fromCookie) ? fromCookie : isLocale(fromUser) ? fromUser : DEFAULT_LOCALE;
  res.locals.locale = locale;
  next();
};

/** The language chosen for this response by localeMiddleware. */
export const localeOf = (res: Response): Locale => asLocale(res.locals.locale);
