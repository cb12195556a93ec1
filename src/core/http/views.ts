import type { Express } from 'express';
import { engine } from 'express-handlebars';
import type { HelperOptions } from 'handlebars';
import path from 'node:path';
import { DEFAULT_LOCALE, isLocale, translate, translateGroupJson } from '../../i18n/i18n';
import { koreaDay } from './fields';

export const VIEWS_DIR = path.resolve(import.meta.dirname, '../../../views');

const kstDateTime = new Intl.DateTimeFormat('ko-KR', {
  timeZone: 'Asia/Seoul',
  dateStyle: 'medium',
  timeStyle: 'short',
  hourCycle: 'h23',
});
const kstDate = new Intl.DateTimeFormat('ko-KR', { timeZone: 'Asia/Seoul', dateStyle: 'medium' });
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
  return isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE;
}

const helpers = {
  t,
  tJson: (key: unknown, options: HelperOptions) => translateGroupJson(localeOf(options), String(key)),
  encode: (value: unknown) => encodeURIComponent(typeof value === 'string' ? value : ''),
  iso: (value: unknown) => asDate(value)?.toISOString() ?? '',
  datetime: (value: unknown) => {
    const d = asDate(value);
    return d ? kstDateTime.format(d) : '';
  },
  date: (value: unknown) => {
    const d = asDate(value);
    return d ? kstDate.format(d) : '';
  },
  // A date field's value: a stored date as its day in Korea time; what the user typed, as typed.
  dateInput: (value: unknown) => {
    if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '';
    const d = asDate(value);
    return d ? koreaDay(d) : '';
  },
  won: (value: unknown) => (typeof value === 'number' ? `${value.toLocaleString('ko-KR')}원` : ''),
  array: (...args: unknown[]) => args.slice(0, -1),
  first: (list: unknown, n: unknown) => (Array.isArray(list) ? list.slice(0, typeof n === 'number' ? n : 1) : []),
  includes: (list: unknown, item: unknown) => Array.isArray(list) && list.includes(item),
  percent: (value: unknown) => (typeof value === 'number' ? `${Math.round(value * 100)}%` : ''),
  eq: (a: unknown, b: unknown) => a === b,
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
