// How equipment names become index terms and how a query becomes a MiniSearch query.
// Pure. Korean: each word's stem and its character bigrams, and the bigrams across the
// spaces of a Korean phrase, so "초음파탐상" finds "초음파 탐상기" and the other way round.
// Latin: each word, hyphenated ones also joined ("ICP-MS" → "icpms"), numbers of three
// digits or more (model numbers), and the stem shared by a technique and its instrument
// ("spectroscopy" and "spectrometer" → "spectro"). Words mixing scripts ("X선",
// "3D프린터") are also kept whole.
import type { Query } from 'minisearch';
import { hangulBigrams, isHangul, normalizeText, rawTokens, stripKoreanSuffix, wordTerms } from '../routing/tokenize';

const TECHNIQUE = /(?:oscopy|oscope|ometry|ometer|ography|ograph)s?$/;
/** Words a request adds around the instrument's name ("박막 두께 재는 장비"): not searched for. */
const FILLERS = new Set([
  '장비',
  '기기',
  '기계',
  '재는',
  '거',
  '것',
  '하는',
  '할',
  '있는',
  '쓰는',
  '좀',
  '필요',
  'equipment',
  'machine',
]);

const techniqueStem = (word: string) => (TECHNIQUE.test(word) ? [word.replace(TECHNIQUE, 'o')] : []);
const isMixed = (word: string) => /[a-z0-9]/.test(word) && /[가-힣]/.test(word);
const compactWord = (word: string) => word.replace(/[^a-z0-9가-힣]/g, '');

function latinTerms(token: string): string[] {
  const numbers = /^\d{3,}$/.test(token) ? [token] : [];
  return [...wordTerms(token), ...numbers, ...wordTerms(token).flatMap(techniqueStem)];
}

/** Bigrams of each Korean phrase with its spaces removed. */
function phraseBigrams(text: string): string[] {
  return (normalizeText(text).match(/[가-힣]+(?:\s+[가-힣]+)+/g) ?? []).flatMap((phrase) =>
    hangulBigrams(phrase.replace(/\s+/g, '')),
  );
}

/** Index terms of a text. */
export function termsOf(text: string): string[] {
  const words = rawTokens(text).flatMap((token) =>
    isHangul(token) ? [...wordTerms(token), ...hangulBigrams(stripKoreanSuffix(token))] : latinTerms(token),
  );
  const mixed = normalizeText(text).split(/\s+/).filter(isMixed).map(compactWord);
  return [...words, ...phraseBigrams(text), ...mixed];
}

/**
 * 'all': every word, every bigram of a Korean word, exact Latin words. 'most' (when
 * that found too little): every word, but some bigrams, Latin words with typos, model
 * numbers optional. 'anyWord' (a description rather than a name, "세탁하면 색 빠지는지
 * 시험"): any of the words, ranked by how many and how rare.
 */
export type Strictness = 'all' | 'most' | 'anyWord';

/** One typed token: a Korean word by its bigrams (all, or any when relaxed), a Latin word whole, with typos. */
function tokenQuery(token: string, last: boolean, strictness: Strictness): Query | undefined {
  if (isHangul(token)) {
    const stem = stripKoreanSuffix(token);
    const grams = hangulBigrams(stem);
    if (grams.length) return { queries: grams, combineWith: strictness === 'all' ? 'AND' : 'OR' };
    return stem.length >= 2 ? stem : undefined;
  }
  // Relaxed, a model number may differ ("Sigma 300" for a Sigma 360): the words decide.
  if (strictness !== 'all' && /^\d+$/.test(token)) return undefined;
  const terms = latinTerms(token);
  const [term, ...others] = terms;
  if (!term) return undefined;
  const letters = /^[a-z]+$/.test(term);
  const typos = strictness !== 'all' && letters;
  const fuzzy = typos && term.length >= 5 ? 2 : typos && term.length === 4 ? 1 : false;
  const prefix = last && /^[a-z0-9]{3,}$/.test(term) && /[a-z]/.test(term);
  const alternatives = others.filter((t) => t !== term && /^\d+$|o$/.test(t));
  return { queries: [term, ...alternatives], combineWith: 'OR', fuzzy, prefix };
}

/** One typed word (as split by spaces): its tokens, or, for a word mixing scripts, the word whole. */
function wordQuery(word: string, last: boolean, strictness: Strictness): Query | undefined {
  const tokens = rawTokens(word);
  const parts = tokens
    .map((t, i) => tokenQuery(t, last && i === tokens.length - 1, strictness))
    .filter((q): q is Query => !!q);
  const whole = isMixed(word) ? compactWord(word) : '';
  if (!parts.length) return whole || undefined;
  const all: Query = parts.length === 1 ? (parts[0] as Query) : { queries: parts, combineWith: 'AND' };
  return whole ? { queries: [whole, all], combineWith: 'OR' } : all;
}

/** A query that matches every word of the text, strictly or ('most') forgiving typos and partial words. */
export function phraseQuery(text: string, strictness: Strictness = 'all'): Query | undefined {
  const typed = normalizeText(text).split(/\s+/).filter(Boolean);
  const kept = typed.filter((w) => !FILLERS.has(w));
  const words = (kept.length ? kept : typed)
    .map((w, i, list) => wordQuery(w, i === list.length - 1, strictness))
    .filter((q): q is Query => !!q);
  return words.length ? { queries: words, combineWith: strictness === 'anyWord' ? 'OR' : 'AND' } : undefined;
}
