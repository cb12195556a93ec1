// Messages the system writes for people (chat system lines, notifications, audit
// details) are stored as a key with parameters, never as finished sentences, and
// rendered in the reader's language when read. Korean templates mark particles as
// 이(가), 을(를), 은(는), 과(와), (으)로; they are resolved against the word before them
// (es-hangul reads Hangul and Latin endings alike: "KIMM이", "(주)한빛소재가").
import { josa } from 'es-hangul';
import { LOCALES, translate, type Locale } from './i18n';

export type MessageParams = Record<string, string | number>;

/** A sentence to show, as its locale key (under `events.`) and its parameters. */
export interface LocalMessage {
  key: string;
  params?: MessageParams;
}

type Particle = Parameters<typeof josa>[1];

const PARTICLES: Record<string, Particle> = {
  '이(가)': '이/가',
  '을(를)': '을/를',
  '은(는)': '은/는',
  '과(와)': '와/과',
  '(으)로': '으로/로',
};

const PARTICLE_AFTER_WORD = /([^\s(]+?)(이\(가\)|을\(를\)|은\(는\)|과\(와\)|\(으\)로)/g;

/** "KIER이(가) 거절" → "KIER이 거절"; "(주)한빛소재이(가)" → "(주)한빛소재가". */
export function withParticles(text: string): string {
  return text.replace(PARTICLE_AFTER_WORD, (_all, word: string, marker: string) => {
    const particle = PARTICLES[marker];
    return particle ? josa(word, particle) : `${word}${marker}`;
  });
}

/**
 * Parameters that are the system's own words, not what people wrote: a support type
 * (`service`) is stored as its Korean catalogue name and shown in the reader's language.
 */
const WORD_PARAMS: Record<string, string> = { service: 'services' };

function withWords(locale: Locale, params: MessageParams): MessageParams {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => {
      const group = WORD_PARAMS[name];
      return [name, group ? translate(locale, `${group}.${value}`, { defaultValue: String(value) }) : value];
    }),
  );
}

/** A locale text with its parameters, particles resolved in Korean. */
function render(locale: Locale, key: string, params: MessageParams = {}): string {
  const text = translate(locale, key, withWords(locale, params));
  return locale === 'ko' ? withParticles(text) : text;
}

export function renderMessage(locale: Locale, message: LocalMessage): string {
  return render(locale, `events.${message.key}`, message.params);
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** User data shown as written, in any language: marked so that translators (and our checks) leave it alone. */
export const asIsHtml = (text: string) => `<span translate="no">${escapeHtml(text)}</span>`;

/**
 * The message as HTML for a page: its parameters (names, titles, reasons people wrote)
 * escaped and marked translate="no". Korean is escaped whole: its particles read the
 * words before them, which markup would hide.
 */
export function renderMessageHtml(locale: Locale, message: LocalMessage): string {
  if (locale === 'ko') return escapeHtml(renderMessage(locale, message));
  const words = withWords(locale, message.params ?? {});
  const params = Object.fromEntries(
    Object.entries(words).map(([name, value]) => [
      name,
      name in WORD_PARAMS ? escapeHtml(String(value)) : asIsHtml(String(value)),
    ]),
  );
  return translate(locale, `events.${message.key}`, params);
}

/** The message in every language, for broadcasts whose readers read different languages. */
export function renderAll(message: LocalMessage): Record<Locale, string> {
  return Object.fromEntries(LOCALES.map((l) => [l, renderMessage(l, message)])) as Record<Locale, string>;
}

/** An e-mail's subject and body in the recipient's language (locale keys `mail.<key>.subject` and `.body`). */
export function mailIn(locale: Locale, key: string, params: MessageParams): { subject: string; text: string } {
  return { subject: render(locale, `mail.${key}.subject`, params), text: render(locale, `mail.${key}.body`, params) };
}

export type MessageFormat = 'text' | 'html';

/**
 * What a stored entry says (a notification, an audit detail): its message in the
 * reader's language, or, for entries written before messages existed and for user data
 * such as a file name, its text as written.
 */
export function storedText(
  locale: Locale,
  message: { key?: string | null; params?: unknown } | null | undefined,
  text: string | null | undefined,
  format: MessageFormat,
): string | null {
  if (message?.key) {
    const stored = { key: message.key, params: (message.params ?? {}) as MessageParams };
    return format === 'html' ? renderMessageHtml(locale, stored) : renderMessage(locale, stored);
  }
  if (!text) return null;
  return format === 'html' ? asIsHtml(text) : text;
}
