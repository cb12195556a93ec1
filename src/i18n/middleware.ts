import type { RequestHandler } from 'express';
import { DEFAULT_LOCALE, isLocale, type Locale } from './i18n';

export const LOCALE_COOKIE = 'lang';

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** The language of this request: the user's saved choice, else the cookie, else Korean. */
export const localeMiddleware: RequestHandler = (req, res, next) => {
  const fromUser = req.user?.locale;
  const fromCookie = cookieValue(req.headers.cookie, LOCALE_COOKIE);
  const locale: Locale = isLocale(fromUser) ? fromUser : isLocale(fromCookie) ? fromCookie : DEFAULT_LOCALE;
  res.locals.locale = locale;
  next();
};
