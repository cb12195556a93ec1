// The synonym table (synonyms.json) as concepts: groups of Korean and English terms
// that name the same capability. Terms are matched as phrases on a space-free form of
// the text, so "고장 원인" and "고장원인" meet; Latin edges must sit on word edges
// so that "led" is not found inside "controlled".
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { isHangul, normalizeText, rawTokens, stemEnglish, stripKoreanSuffix } from './tokenize';

const conceptSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  label: z.string().min(1),
  kind: z.enum(['industry', 'topic', 'service']),
  terms: z.array(z.string().min(2)).min(1),
});

export const synonymsSchema = z.object({
  about: z.string(),
  concepts: z.array(conceptSchema),
  genericWords: z.array(z.string().min(2)),
  jointCues: z.array(z.string().min(2)),
  needCues: z.array(z.string().min(2)),
  /** Phrases of a sentence that describes the company or its market, not an ask. */
  backgroundCues: z.array(z.string().min(2)),
  /** Phrases saying something is already done or fine ("광특성은 문제없는데", "already done in-house"). */
  settledCues: z.array(z.string().min(2)),
});

export type Concept = z.infer<typeof conceptSchema>;
export type Synonyms = z.infer<typeof synonymsSchema>;

interface PhraseTerm {
  compact: string;
  display: string;
  latinStart: boolean;
  latinEnd: boolean;
  groups: number[];
}

/** Phrases by their first two characters, for a scan that only tries plausible terms. */
type PhraseTable = Map<string, PhraseTerm[]>;

export interface Lexicon {
  concepts: Concept[];
  conceptById: Map<string, Concept>;
  /** Word stems too general to be a capability aspect of their own. */
  genericWords: Set<string>;
  phrases: PhraseTable;
  jointCues: PhraseTable;
  needCues: PhraseTable;
  backgroundCues: PhraseTable;
  settledCues: PhraseTable;
}

export interface ConceptHit {
  concept: number;
  surface: string;
  /** Span in the space-free text. */
  start: number;
  end: number;
}

export interface TokenSpan {
  token: string;
  start: number;
  end: number;
}

interface CompactText {
  text: string;
  tokens: TokenSpan[];
  tokenStart: Set<number>;
  tokenEnd: Set<number>;
}

export interface AnalysedText {
  tokens: TokenSpan[];
  /** Every concept named in the text, once per occurrence of one of its terms. */
  hits: ConceptHit[];
}

const LATIN = /[a-z0-9]/;

function compactToken(token: string): string {
  return isHangul(token) ? token : stemEnglish(token.replace(/[-.]/g, ''));
}

function compactText(text: string): CompactText {
  const tokens: TokenSpan[] = [];
  let compact = '';
  for (const token of rawTokens(text)) {
    const start = compact.length;
    compact += compactToken(token);
    tokens.push({ token, start, end: compact.length });
  }
  return {
    text: compact,
    tokens,
    tokenStart: new Set(tokens.map((t) => t.start)),
    tokenEnd: new Set(tokens.map((t) => t.end)),
  };
}

function phraseTable(groups: string[][]): PhraseTable {
  const byCompact = new Map<string, PhraseTerm>();
  groups.forEach((terms, group) => {
    for (const display of terms) {
      const compact = compactText(display).text;
      if (compact.length < 2) continue;
      const existing = byCompact.get(compact);
      if (existing) {
        if (!existing.groups.includes(group)) existing.groups.push(group);
        continue;
      }
      byCompact.set(compact, {
        compact,
        display: normalizeText(display),
        latinStart: LATIN.test(compact[0] ?? ''),
        latinEnd: LATIN.test(compact.at(-1) ?? ''),
        groups: [group],
      });
    }
  });
  const table: PhraseTable = new Map();
  for (const term of byCompact.values()) {
    const key = term.compact.slice(0, 2);
    table.set(key, [...(table.get(key) ?? []), term]);
  }
  return table;
}

function findPhrases(table: PhraseTable, compact: CompactText): { term: PhraseTerm; start: number; end: number }[] {
  const found: { term: PhraseTerm; start: number; end: number }[] = [];
  for (let at = 0; at + 2 <= compact.text.length; at++) {
    for (const term of table.get(compact.text.slice(at, at + 2)) ?? []) {
      if (!compact.text.startsWith(term.compact, at)) continue;
      const end = at + term.compact.length;
      if (term.latinStart && !compact.tokenStart.has(at)) continue;
      if (term.latinEnd && !compact.tokenEnd.has(end)) continue;
      found.push({ term, start: at, end });
    }
  }
  return found;
}

export function buildLexicon(synonyms: Synonyms): Lexicon {
  const { concepts } = synonyms;
  return {
    concepts,
    conceptById: new Map(concepts.map((concept) => [concept.id, concept])),
    genericWords: new Set(synonyms.genericWords.map((word) => stripKoreanSuffix(normalizeText(word)))),
    phrases: phraseTable(concepts.map((concept) => concept.terms)),
    jointCues: phraseTable([synonyms.jointCues]),
    needCues: phraseTable([synonyms.needCues]),
    backgroundCues: phraseTable([synonyms.backgroundCues]),
    settledCues: phraseTable([synonyms.settledCues]),
  };
}

type Found = ReturnType<typeof findPhrases>[number];

/**
 * Nested matches both stand ("플라즈마 내식성" and "플라즈마"); of two matches that
 * cross, the longer wins ("철도 차량|용" is railway, not "차량용" automotive).
 */
function withoutCrossings(found: Found[]): Found[] {
  const crosses = (a: Found, b: Found): boolean =>
    a.start < b.end &&
    b.start < a.end &&
    !(a.start <= b.start && b.end <= a.end) &&
    !(b.start <= a.start && a.end <= b.end);
  const length = (f: Found): number => f.end - f.start;
  return found.filter((f) => !found.some((other) => crosses(f, other) && length(other) > length(f)));
}

export function analyseText(lexicon: Lexicon, text: string): AnalysedText {
  const compact = compactText(text);
  // A term may run across a space ("방진 고무"), but not start in the last syllable of a
  // word: that syllable is an ending or particle ("싶고 로봇" is not "고로", blast furnace).
  const found = findPhrases(lexicon.phrases, compact).filter(
    ({ start }) => compact.tokenStart.has(start) || !compact.tokenEnd.has(start + 1),
  );
  const hits = withoutCrossings(found).flatMap(({ term, start, end }) =>
    term.groups.map((concept) => ({ concept, surface: term.display, start, end })),
  );
  return { tokens: compact.tokens, hits };
}

/** Whether the text says it needs several things at once ("모두 필요", "as well as"…). */
export function mentionsJointNeed(lexicon: Lexicon, text: string): boolean {
  return findPhrases(lexicon.jointCues, compactText(text)).length > 0;
}

// "…사출품 휨 개선도 원합니다": a noun with the additive particle 도 right before a need
// verb adds one more ask to the request. The verb must follow, so that nouns ending in 도
// (온도, 강도, 위험도) in other positions are not taken for the particle, and questions
// about schedules or prices ("일정도 문의드립니다") are not asks for a capability. The
// phrase runs back to the previous clause break (a comma, a sentence end, or 고/며/면서).
const ADDITIVE_NEED =
  /[가-힣]{2,}도[\s,]*(?:꼭\s*|함께\s*|같이\s*|추가로\s*|별도로\s*|따로\s*|다시\s*)?(?:원합|원해|원함|필요|희망|요청|부탁|의뢰|고민|검토|가능|[가-힣]*고\s*(?:싶|자\s)|(?!알려)[가-힣]*(?:주실|주셨으면|주세요|주시면)|[가-힣]*(?:해야|받아야|받았으면|했으면))/g;
const CLAUSE_BREAK = /[,;.!?]|(?<=[가-힣](?:고|며|면서))\s/;

/** The phrases of a text that add one more ask with the additive particle ("…개선도 원합니다"). */
export function additiveNeeds(text: string): string[] {
  const normal = normalizeText(text);
  return [...normal.matchAll(ADDITIVE_NEED)].map((match) => {
    const before = normal.slice(0, match.index).split(CLAUSE_BREAK).pop() ?? '';
    return `${before}${match[0]}`.trim();
  });
}

const SENTENCE_BREAK = /(?<=[.!?。])\s+|\n+/;

export function sentencesOf(text: string): string[] {
  return text.split(SENTENCE_BREAK).filter((sentence) => sentence.trim());
}

/** Whether the sentence states what the request asks for ("…평가가 필요합니다"). */
export function isNeedSentence(lexicon: Lexicon, sentence: string): boolean {
  return findPhrases(lexicon.needCues, compactText(sentence)).length > 0;
}

/** Whether the sentence describes the company or its market ("…을 만드는 회사입니다"). */
export function isBackgroundSentence(lexicon: Lexicon, sentence: string): boolean {
  return findPhrases(lexicon.backgroundCues, compactText(sentence)).length > 0;
}

/** Whether the text says something is already done or fine ("광특성은 문제없는데"). */
export function saysSettled(lexicon: Lexicon, text: string): boolean {
  return findPhrases(lexicon.settledCues, compactText(text)).length > 0;
}

/** The sentences in which a text states what it asks for; the others give background. */
export function needSentences(lexicon: Lexicon, text: string): string[] {
  return sentencesOf(text).filter((sentence) => isNeedSentence(lexicon, sentence));
}

// "…을 하는데, …이 필요합니다": a clause ending in a background connective sets the
// scene for the ask that follows it.
const BACKGROUND_CONNECTIVE = /(?<=[가-힣](?:는데|은데|인데|지만|는데요))[,\s]+/;

/** The clauses of the need sentences that carry the ask, without their scene-setting clauses. */
export function needClauses(lexicon: Lexicon, text: string): string[] {
  return needSentences(lexicon, text).flatMap((sentence) => {
    const clauses = sentence.split(BACKGROUND_CONNECTIVE);
    const asking = clauses.filter((clause) => isNeedSentence(lexicon, clause) || additiveNeeds(clause).length > 0);
    return asking.length ? asking : [sentence];
  });
}

// Korean "N용" (ESS용, 선박용, 의료용) names what a product is for: the request's
// application, not a capability it asks for. Words ending in 용 that are not this
// suffix (사용, 적용, 재활용…) are listed so they are not taken for it.
const APPLICATION = /(?:([a-z0-9][a-z0-9./-]*)\s*)?([가-힣]*)용(?=으로|의|도|$|[^가-힣])/g;
const NOT_APPLICATION = /(?:사|활|적|이|비|내|허|수|효|채|운|응|작|착|복)$|^(?:범|신|상|혼|인|통|고|차|무|도|겸|전)$/;

/** The application phrases of a text ("ESS용", "EV 급속충전기용"), which describe its context. */
export function applicationPhrases(text: string): string[] {
  const phrases: string[] = [];
  for (const [match, latin, hangul = ''] of normalizeText(text).matchAll(APPLICATION)) {
    if (hangul ? NOT_APPLICATION.test(hangul) : !latin) continue;
    phrases.push(match);
  }
  return phrases;
}

let seedLexicon: Lexicon | undefined;

/** The lexicon of the bundled synonym table, parsed once per process. */
export function defaultLexicon(): Lexicon {
  seedLexicon ??= buildLexicon(
    synonymsSchema.parse(JSON.parse(readFileSync(new URL('./synonyms.json', import.meta.url), 'utf8'))),
  );
  return seedLexicon;
}
