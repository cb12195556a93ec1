import { Router } from 'express';
import { User } from '../accounts/model';
import { safeNext } from '../core/http/forms';
import { notFound } from '../core/errors';
import { isLocale } from './i18n';
import { LOCALE_COOKIE } from './middleware';

export const localePages = Router();

const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** The language switch: remembered in a cookie, and on the account of a signed-in user. */
localePages.get('/lang/:locale', async (req, res) => {
  const { locale } = req.params;
  if (!isLocale(locale)) throw notFound();
  res.cookie(LOCALE_COOKIE, locale, { maxAge: ONE_YEAR_MS, sameSite: 'lax', httpOnly: true });
  if (req.user) await User.updateOne({ _id: req.user.id }, { $set: { locale } });
  res.redirect(safeNext(req.query.next, '/'));
});
