import type { Express } from 'express';
import { engine } from 'express-handlebars';
import Handlebars, { type HelperOptions } from 'handlebars';
import path from 'node:path';
import { asLocale, LOCALES, translate, translateGroupJson, type Locale } from '../../i18n/i18n';
import { renderMessageHtml, type LocalMessage } from '../../i18n/messages';
import { serverText } from '../../i18n/server-text';
import { localWordList } from '../../institutes/words';
import { koreaDay } from './fields';

export const VIEWS_DIR = path.resolve(import.meta.dirname, '../../../views');

/** Dates and numbers as each language writes them, always in Korea time. */
const INTL_LOCALE: Record<Locale, string> = { ko: 'ko-KR', en: 'en-GB' };
const dateTimeFormats = Object.fromEntries(
  LOCALES.map((l) => [
    l,
    new Intl.DateTimeFormat(INTL_LOCALE[l], {
      timeZone: 'Asia/Seoul',
      dateStyle: 'medium',
      timeStyle: 'short',
      hourCycle: 'h23',
    }),
  ]),
) as Record<Locale, Intl.DateTimeFormat>;
const dateFormats = Object.fromEntries(
  LOCALES.map((l) => [l, new Intl.DateTimeFormat(INTL_LOCALE[l], { timeZone: 'Asia/Seoul', dateStyle: 'medium' })]),
) as Record<Locale, Intl.DateTimeFormat>;
/** A stored date (or an ISO string of one); undefined for anything that is not a valid moment. */
function asDate(value: unknown): Date | undefined {
  const d = value instanceof Date || typeof value === 'string' ? new Date(value) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
}

/** `{{t "cases.title"}}`, or with parts joined into one key: `{{t "status." status}}`. */
function t(...args: unknown[]): string {
  const options = args.pop() as HelperOptions;
  return translate(localeOf(options), args.map(String).join(''), options.hash);
}

function localeOf(options: HelperOptions) {
  const root = options.data?.root as { locale?: unknown } | undefined;
  return asLocale(root?.locale);
}

const BUSINESS_DAY_HOURS = 9;

/** An SLA clock in business days and hours: "1영업일 3시간 남음", "2시간 지남". */
function slaText(value: unknown, options: HelperOptions): string {
  const clock = value as { hours?: unknown } | undefined;
  if (typeof clock?.hours !== 'number') return '';
  const hours = Math.abs(clock.hours);
  const days = Math.floor(hours / BUSINESS_DAY_HOURS);
  const rest = Math.round((hours - days * BUSINESS_DAY_HOURS) * 10) / 10;
  const locale = localeOf(options);
  const time = [
    days ? translate(locale, 'sla.days', { count: days }) : '',
    rest || !days ? translate(locale, 'sla.hours', { count: rest }) : '',
  ]
    .filter(Boolean)
    .join(' ');
  return translate(locale, clock.hours < 0 ? 'sla.over' : 'sla.left', { time });
}

const helpers = {
  t,
  slaText,
  /** A stored message (what the desk must do, a log entry) in the page's language, what users wrote marked as such. */
  message: (value: unknown, options: HelperOptions) =>
    value && typeof value === 'object' && 'key' in value
      ? new Handlebars.SafeString(renderMessageHtml(localeOf(options), value as LocalMessage))
      : '',
  tJson: (key: unknown, options: HelperOptions) => translateGroupJson(localeOf(options), String(key)),
  encode: (value: unknown) => encodeURIComponent(typeof value === 'string' ? value : ''),
  iso: (value: unknown) => asDate(value)?.toISOString() ?? '',
  datetime: (value: unknown, options: HelperOptions) => {
    const d = asDate(value);
    return d ? dateTimeFormats[localeOf(options)].format(d) : '';
  },
  date: (value: unknown, options: HelperOptions) => {
    const d = asDate(value);
    return d ? dateFormats[localeOf(options)].format(d) : '';
  },
  /** A service's sentence (an error, a field message) in the page's language. */
  st: (value: unknown, options: HelperOptions) =>
    typeof value === 'string' ? serverText(localeOf(options), value) : '',
  // A date field's value: a stored date as its day in Korea time; what the user typed, as typed.
  dateInput: (value: unknown) => {
    if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '';
    const d = asDate(value);
    return d ? koreaDay(d) : '';
  },
  won: (value: unknown, options: HelperOptions) => {
    if (typeof value !== 'number') return '';
    return localeOf(options) === 'en' ? `₩${value.toLocaleString('en-GB')}` : `${value.toLocaleString('ko-KR')}원`;
  },
  /** A large amount in the units people say: "1,077.9억원", "₩107.8 bn". */
  wonCompact: (value: unknown, options: HelperOptions) => {
    if (typeof value !== 'number') return '';
    if (localeOf(options) === 'en')
      return value >= 1e9
        ? `₩${(value / 1e9).toLocaleString('en-GB', { maximumFractionDigits: 1 })} bn`
        : `₩${value.toLocaleString('en-GB')}`;
    return value >= 1e8
      ? `${(value / 1e8).toLocaleString('ko-KR', { maximumFractionDigits: 1 })}억원`
      : `${value.toLocaleString('ko-KR')}원`;
  },
  /** A file's kind in words, not its MIME type. */
  fileKind: (value: unknown, options: HelperOptions) => {
    const kind = value === 'application/pdf' ? 'pdf' : String(value).startsWith('image/') ? 'image' : 'other';
    return translate(localeOf(options), `fileKinds.${kind}`);
  },
  isImage: (value: unknown) => typeof value === 'string' && value.startsWith('image/'),
  fileSize: (value: unknown) => {
    if (typeof value !== 'number') return '';
    return value < 1024 * 1024
      ? `${Math.max(1, Math.round(value / 1024))} KB`
      : `${(value / 1024 / 1024).toFixed(1)} MB`;
  },
  /** Catalogue words (expertise, capabilities, industries) in the page's language, joined. */
  words: (list: unknown, options: HelperOptions) =>
    Array.isArray(list) ? localWordList(list.map(String), localeOf(options)).join(', ') : '',
  localList: (list: unknown, options: HelperOptions) =>
    Array.isArray(list) ? localWordList(list.map(String), localeOf(options)) : [],
  /** A count as the page's language writes numbers. */
  num: (value: unknown, options: HelperOptions) =>
    typeof value === 'number' ? value.toLocaleString(INTL_LOCALE[localeOf(options)]) : '',
  array: (...args: unknown[]) => args.slice(0, -1),
  first: (list: unknown, n: unknown) => (Array.isArray(list) ? list.slice(0, typeof n === 'number' ? n : 1) : []),
  includes: (list: unknown, item: unknown) => Array.isArray(list) && list.includes(item),
  percent: (value: unknown) => (typeof value === 'number' ? `${Math.round(value * 100)}%` : ''),
  eq: (a: unknown, b: unknown) => a === b,
  /** Joins strings, e.g. a locale key built from a value: (concat "equipment.statuses." status). */
  concat: (...args: unknown[]) => args.slice(0, -1).map(String).join(''),
  /** A "대분류 > 중분류" category: the class in the page's language, the subclass as the registry writes it. */
  categoryName: (category: unknown, options: HelperOptions) => {
    const [top = '', ...rest] = String(category ?? '')
      .split('>')
      .map((part) => part.trim());
    const shown = translate(localeOf(options), `equipment.categories.${top}`, { defaultValue: top });
    const sub = rest.join(' > ');
    return new Handlebars.SafeString(
      `${Handlebars.escapeExpression(shown)}${sub ? ` &gt; <span lang="ko">${Handlebars.escapeExpression(sub)}</span>` : ''}`,
    );
  },
  /** A name in the page's language: the English one on an English page when there is one. */
  localName: (locale: unknown, ko: unknown, en: unknown) => (locale === 'en' && en ? en : ko),
  /** The Korean or the English of a pair, by the page's language: `(pick locale nameKo nameEn)`. */
  pick: (locale: unknown, ko: unknown, en: unknown) => (locale === 'en' ? en : ko),
  string: (value: unknown) => String(value),
  join: (list: unknown, separator: unknown) =>
    Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ', ') : '',
  count: (list: unknown) => (Array.isArray(list) ? list.length : 0),
};

export function useHandlebars(app: Express): void {
  app.engine(
    'hbs',
    engine({
      extname: '.hbs',
      defaultLayout: 'main',
      layoutsDir: path.join(VIEWS_DIR, 'layouts'),
      partialsDir: path.join(VIEWS_DIR, 'partials'),
      helpers,
    }),
  );
  app.set('view engine', 'hbs');
  app.set('views', VIEWS_DIR);
  // Compile each template once (express caches only in production otherwise; compiling
  // on every render cost ~30 ms a page). `npm run dev` restarts when a view changes.
  app.set('view cache', true);
}
