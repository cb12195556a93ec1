// English for the sentences services write in Korean (errors, field messages, notices).
// gettext-style: a service writes its Korean sentence as the message id, and pages and
// JSON answers look it up when the reader reads English. A part that varies is a
// {{name}} in the catalogue (locales/server-en.json) and is itself looked up.
import catalogue from './locales/server-en.json';
import en from './locales/en.json';
import ko from './locales/ko.json';
import type { Locale } from './i18n';

type Pattern = { regex: RegExp; names: string[]; english: string };

const messages = catalogue.messages as Record<string, string>;

/** Status labels in both languages: they appear inside sentences ("'해결' 상태"). */
const labels = new Map(
  Object.entries(ko.status).map(([key, label]) => [label, (en.status as Record<string, string>)[key] ?? label]),
);

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(korean: string, english: string): Pattern {
  const names: string[] = [];
  const source = korean
    .split(/(\{\{\w+\}\})/)
    .map((part) => {
      const name = /^\{\{(\w+)\}\}$/.exec(part)?.[1];
      if (!name) return escapeRegex(part);
      names.push(name);
      return '(.+?)';
    })
    .join('');
  return { regex: new RegExp(`^${source}$`, 's'), names, english };
}

const patterns = Object.entries(messages)
  .filter(([korean]) => korean.includes('{{'))
  .map(([korean, english]) => compile(korean, english));

/** A part that varies: a known sentence or label in English, labels inside a list too. */
function englishPart(part: string): string {
  const known = messages[part] ?? labels.get(part);
  if (known) return known;
  return part.replace(/'([^']+)'/g, (all, label: string) => (labels.has(label) ? `'${labels.get(label)}'` : all));
}

function toEnglish(text: string): string {
  const exact = messages[text];
  if (exact) return exact;
  for (const pattern of patterns) {
    const match = pattern.regex.exec(text);
    if (!match) continue;
    return pattern.names.reduce(
      (sentence, name, i) => sentence.replaceAll(`{{${name}}}`, englishPart(match[i + 1] ?? '')),
      pattern.english,
    );
  }
  return text;
}

/** A service's sentence in the reader's language (unknown sentences are shown as written). */
export function serverText(locale: Locale, text: string): string {
  return locale === 'en' ? toEnglish(text) : text;
}

/** Field messages of a form in the reader's language. */
export function serverFields(locale: Locale, fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([field, text]) => [field, serverText(locale, text)]));
}
