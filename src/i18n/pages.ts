import { Router, type Response } from 'express';
import { User } from '../accounts/model';
import { safeNext } from '../core/http/forms';
import { notFound } from '../core/errors';
import { isLocale } from './i18n';
import { LOCALE_COOKIE } from './middleware';

export const localePages = Router();

const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

// The language switch. A link (GET) only sets this browser's cookie: a GET never changes
// stored state. A signed-in user's switch is a form (POST, with its CSRF token) that also
// keeps the choice on the account, for mail and for other devices.
function chosenLocale(locale: string): 'ko' | 'en' {
  if (!isLocale(locale)) throw notFound();
  return locale;
}

const rememberInBrowser = (res: Response, locale: string) =>
  res.cookie(LOCALE_COOKIE, locale, { maxAge: ONE_YEAR_MS, sameSite: 'lax', httpOnly: true });

localePages.get('/lang/:locale', (req, res) => {
  rememberInBrowser(res, chosenLocale(req.params.locale));
  res.redirect(safeNext(req.query.next, '/'));
});

localePages.post('/lang/:locale', async (req, res) => {
  const locale = chosenLocale(req.params.locale);
  rememberInBrowser(res, locale);
  if (req.user) await User.updateOne({ _id: req.user.id }, { $set: { locale } });
  res.redirect(safeNext((req.body as { next?: unknown }).next, '/'));
});
