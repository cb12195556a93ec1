// Interface strings in two languages. Korean is the default; every string a page
// shows lives in locales/<lng>.json, looked up by key with the `t` view helper.
import i18next, { type TOptions } from 'i18next';
import en from './locales/en.json';
import ko from './locales/ko.json';

export const LOCALES = ['ko', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'ko';

export const isLocale = (value: unknown): value is Locale => LOCALES.includes(value as Locale);

/** A stored or asked language, or Korean when there is none. */
export const asLocale = (value: unknown): Locale => (isLocale(value) ? value : DEFAULT_LOCALE);

const i18n = i18next.createInstance();
void i18n.init({
  resources: { ko: { translation: ko }, en: { translation: en } },
  lng: DEFAULT_LOCALE,
  fallbackLng: DEFAULT_LOCALE,
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function translate(locale: Locale, key: string, options: TOptions = {}): string {
  return i18n.t(key, { ...options, lng: locale });
}

/** A whole namespace as JSON, for client scripts that need their strings. */
export function translateGroupJson(locale: Locale, key: string): string {
  return JSON.stringify(i18n.t(key, { lng: locale, returnObjects: true }));
}

/** For tests: every key of one locale exists in the other. */
export function missingKeys(from: Locale, to: Locale): string[] {
  const flatten = (obj: object, prefix = ''): string[] =>
    Object.entries(obj).flatMap(([k, v]) =>
      v && typeof v === 'object' ? flatten(v, `${prefix}${k}.`) : [`${prefix}${k}`],
    );
  const target = new Set(flatten(to === 'ko' ? ko : en));
  return flatten(from === 'ko' ? ko : en).filter((key) => !target.has(key));
}
