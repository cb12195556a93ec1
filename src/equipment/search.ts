// Equipment search terms, pure. A query becomes case-insensitive patterns over name,
// nameEn and capabilities, matched in memory (service.ts holds the catalogue). The routing synonym
// table (src/routing/synonyms.json) widens it: '열충격' also finds 'thermal shock'
// items and the other way round.
import { HANGUL } from '../core/hangul';
import { analyseText, defaultLexicon, type Lexicon } from '../routing/lexicon';

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const normalizeQuery = (q: string) => q.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * One term as a pattern source: Korean letters may be written with or without spaces
 * between them ('열충격' = '열 충격'); Latin words may be joined by spaces or hyphens
 * and must start and end on word edges ('led' is not in 'controlled').
 */
export function termPattern(term: string): string {
  const words = normalizeQuery(term)
    .split(/[\s-]+/)
    .filter(Boolean);
  const body = words
    .map((word) => (HANGUL.test(word) ? [...word].map(escapeRegex).join('\\s?') : escapeRegex(word)))
    .join('[\\s-]*');
  const start = /^[a-z0-9]/.test(words[0] ?? '') ? '\\b' : '';
  const end = /[a-z0-9]$/.test(words.at(-1) ?? '') ? '\\b' : '';
  return `${start}${body}${end}`;
}

/** The query and the synonym-table terms of every concept it names. */
export function expandQuery(q: string, lexicon: Lexicon = defaultLexicon()): string[] {
  const query = normalizeQuery(q);
  if (!query) return [];
  const concepts = new Set(analyseText(lexicon, query).hits.map((hit) => hit.concept));
  const terms = [...concepts].flatMap((index) => lexicon.concepts[index]?.terms ?? []);
  return [...new Set([query, ...terms.map(normalizeQuery)])];
}

/**
 * The pattern matching any of the expanded terms. The typed query itself matches as a
 * prefix of words; synonyms match as whole terms.
 */
export function searchPattern(q: string, lexicon: Lexicon = defaultLexicon()): RegExp | undefined {
  const [query, ...synonyms] = expandQuery(q, lexicon);
  if (!query) return undefined;
  const typed = termPattern(query).replace(/\\b$/, '');
  return new RegExp([typed, ...synonyms.map(termPattern)].map((p) => `(?:${p})`).join('|'), 'i');
}

export type Searchable = { name: string; nameEn: string; capabilities: string[] };

const anyField = (pattern: RegExp) => (item: Searchable) =>
  pattern.test(item.name) || pattern.test(item.nameEn) || item.capabilities.some((c) => pattern.test(c));

/**
 * Whether an item matches a search over name, English name and capabilities: the query
 * as a phrase or one of its synonyms, or else every word of it somewhere in the item.
 */
export function textMatcher(q: string | undefined, lexicon?: Lexicon): (item: Searchable) => boolean {
  const pattern = q ? searchPattern(q, lexicon) : undefined;
  if (!q || !pattern) return () => true;
  const phrase = anyField(pattern);
  const words = normalizeQuery(q).split(' ');
  if (words.length < 2) return phrase;
  const each = words.map((word) => anyField(new RegExp(termPattern(word).replace(/\\b$/, ''), 'i')));
  return (item) => phrase(item) || each.every((matches) => matches(item));
}
