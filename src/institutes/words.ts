// Catalogue words (expertise, equipment, capabilities, industries) in the reader's
// language. The catalogue mixes Korean and English terms; the synonym table groups
// them by concept, so a Korean term reads in English as its concept's first English
// term, and an equipment item by its English name. Words English has no term for are
// left out of English pages rather than shown in Korean.
import { translate, type Locale } from '../i18n/i18n';
import { HANGUL } from '../core/hangul';
import { defaultLexicon } from '../routing/lexicon';
import { seedCatalogue } from './catalogue';

export const compact = (text: string) => text.toLowerCase().replace(/[\s\-.·]/g, '');

type Wording = { ko: string; en: string | null };

let wordings: Map<string, Wording> | undefined;

/**
 * Catalogue and lexicon words in both languages: an equipment item by its Korean and
 * English names, a concept by its label and its first English term.
 */
function wordingTable(): Map<string, Wording> {
  if (wordings) return wordings;
  const table = new Map<string, Wording>();
  for (const concept of defaultLexicon().concepts) {
    const wording = { ko: concept.label, en: concept.terms.find((term) => !HANGUL.test(term)) ?? null };
    for (const term of [concept.label, ...concept.terms])
      if (!table.has(compact(term))) table.set(compact(term), wording);
  }
  for (const institute of seedCatalogue().institutes)
    for (const item of institute.equipment) {
      const wording = { ko: item.name, en: item.nameEn ?? (HANGUL.test(item.name) ? null : item.name) };
      table.set(compact(item.name), wording);
      if (item.nameEn) table.set(compact(item.nameEn), wording);
    }
  wordings = table;
  return table;
}

/** A catalogue word in the reader's language; undefined when English has none for it. */
export function localWord(label: string, locale: Locale): string | undefined {
  // Equipment is indexed as "name(capabilities…)": the name is what people read.
  const word = label.replace(/\s*\([^)]*\)\s*$/, '');
  const known = wordingTable().get(compact(word));
  if (locale === 'ko') return known?.ko ?? word;
  if (known?.en) return known.en;
  return HANGUL.test(word) ? undefined : word;
}

/** A list of catalogue words in the reader's language, each once. */
export function localWordList(words: readonly string[], locale: Locale): string[] {
  return [...new Set(words.map((w) => localWord(w, locale)).filter((w): w is string => !!w))];
}

/** An industry as the reader reads it: a listed one by the list's label, an older free-text one word by word. */
export function industryName(value: string, locale: Locale): string {
  return translate(locale, `industries.${value}`, { defaultValue: localWord(value, locale) ?? value });
}
