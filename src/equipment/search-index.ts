// Full-text search over the equipment registry, in memory, with MiniSearch. Pure: the
// same items and query give the same answer. docs/equipment.md explains the choices.
//
// Terms: Korean words and their character bigrams (so "주사전자현미경" finds "전계방출형
// 주사전자현미경" and spacing does not matter); Latin words, hyphenated ones also joined
// ("ICP-MS" → "icpms", so it never matches "GC-MS"); acronyms read off the English
// name's last words ("Scanning Electron Microscope" → SEM). A query must match every
// word; English words of five letters or more forgive a typo. The instrument synonym
// table (synonyms.ts) adds the other names of the instrument a query names, and the
// routing lexicon the terms of the capabilities it names, both ranked below the typed
// words; a whole-query match with a name, acronym or model ranks first.
import MiniSearch, { type Query, type SearchResult } from 'minisearch';
import { Lru } from '../core/lru';
import { phraseQuery, termsOf } from './search-terms';
import type { InstrumentSynonyms } from './synonyms';

export type SearchItem = {
  id: string;
  instituteCode: string;
  registryId: string;
  name: string;
  nameEn: string;
  model: string;
  maker: string;
  category: string;
  uses: string[];
  usesEn: string[];
  region: string;
  fields: string[];
  fee?: { unit: string; amount: number };
  status: string;
};

type IndexedDoc = {
  idx: number;
  name: string;
  nameEn: string;
  acronyms: string;
  model: string;
  maker: string;
  category: string;
  uses: string;
};

const FIELD_BOOST = { name: 3, acronyms: 3, nameEn: 2, model: 2, maker: 1, category: 1, uses: 0.7 };
/** A match through a synonym, or a whole-query match, against one on the typed words. */
const SYNONYM_WEIGHT = 0.6;
/** …through a synonym of only some of the query's words ("X-ray" in "x-ray photoelectron spectroscopy"). */
const PARTIAL_SYNONYM_WEIGHT = 0.2;
/** A match through the routing lexicon's capability terms ("부식" → corrosion), used when little else matched: last. */
const CAPABILITY_WEIGHT = 0.25;
const EXACT_BOOST = 4;
/** A match on some of a Korean word's bigrams, when too few matched them all. */
const RELAXED_WEIGHT = 0.5;
/** A match on any of the words, when even that found too few (a description rather than a name). */
const ANY_WORD_WEIGHT = 0.4;
/** Fewer matching kinds than this, and the query is relaxed and widened by the capabilities it names. */
const FEW_GROUPS = 3;
/** Groups scoring within this share of each other count as equally good matches. */
const TIE = 0.9;
const RANKINGS_KEPT = 2000;

/** Acronyms read off the initials of an English name's last 3–6 words ("…Scanning Electron Microscope" → SEM). */
export function acronymsOf(nameEn: string): string[] {
  const words = nameEn
    .replace(/\(.*?\)/g, ' ')
    .split(/[\s/]+/)
    .map((w) => w.replace(/[^A-Za-z0-9-]/g, ''))
    .filter(Boolean)
    .flatMap((w) => w.split('-').filter(Boolean));
  const initials = words.map((w) => w[0]?.toLowerCase() ?? '');
  const found: string[] = [];
  for (let length = 3; length <= Math.min(6, initials.length); length++) found.push(initials.slice(-length).join(''));
  return found;
}

/** A text reduced to what identifies it: lower case, no spaces, hyphens or brackets. */
export const compact = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-_()[\]·.,/]+/g, '');

function docOf(item: SearchItem, idx: number): IndexedDoc {
  return {
    idx,
    name: item.name,
    nameEn: item.nameEn,
    acronyms: acronymsOf(item.nameEn).join(' '),
    model: item.model,
    maker: item.maker,
    category: item.category,
    uses: [...item.uses, ...item.usesEn].join(' '),
  };
}

export type RankedHit = { item: SearchItem; score: number };

/** The searchable text of an item: items that share it (same kind, maker and model) are indexed once. */
const signatureOf = (item: SearchItem) =>
  JSON.stringify([item.name, item.nameEn, item.model, item.maker, item.category, item.uses, item.usesEn]);

type Group = { doc: IndexedDoc; members: number[]; exact: Set<string> };

export class EquipmentSearchIndex {
  private readonly search: MiniSearch<IndexedDoc>;
  private readonly groups: Group[] = [];

  constructor(
    readonly items: SearchItem[],
    private readonly synonyms: InstrumentSynonyms,
  ) {
    const bySignature = new Map<string, Group>();
    items.forEach((item, idx) => {
      const signature = signatureOf(item);
      let group = bySignature.get(signature);
      if (!group) {
        group = { doc: docOf(item, this.groups.length), members: [], exact: exactForms(item) };
        bySignature.set(signature, group);
        this.groups.push(group);
      }
      group.members.push(idx);
    });
    this.search = new MiniSearch<IndexedDoc>({
      idField: 'idx',
      fields: Object.keys(FIELD_BOOST),
      tokenize: termsOf,
      processTerm: (term) => term,
      searchOptions: { boost: FIELD_BOOST, tokenize: (text) => text.split(' '), processTerm: (t) => t },
    });
    this.search.addAll(this.groups.map((g) => g.doc));
  }

  /** Popular searches repeat ("SEM", "XRD"): their ranking is kept; an index lives for one registry revision. */
  private readonly rankedGroups = new Lru<string, [number, number][]>(RANKINGS_KEPT);

  private rankGroups(text: string, typed: Query): [number, number][] {
    return [...this.groupScores(text, typed)].sort(
      ([a, x], [b, y]) => y - x || (this.groups[a]?.members[0] ?? 0) - (this.groups[b]?.members[0] ?? 0),
    );
  }

  private anyOf(phrases: string[]): SearchResult[] {
    const queries = phrases.map((phrase) => phraseQuery(phrase)).filter((q): q is Query => !!q);
    return queries.length ? this.search.search({ queries, combineWith: 'OR' }) : [];
  }

  /** Group scores: the typed words, then the other names of the instrument named, then (if little was found) capabilities. */
  private groupScores(text: string, typed: Query): Map<number, number> {
    const scores = new Map<number, number>();
    // Each search's scores are relative to its best match, so a phase's weight is what ranks it.
    const add = (results: SearchResult[], weight: number) => {
      const best = Math.max(0, ...results.map((r) => r.score)) || 1;
      for (const r of results)
        scores.set(r.id as number, Math.max(scores.get(r.id as number) ?? 0, (r.score / best) * weight));
    };
    add(this.search.search(typed), 1);
    if (scores.size < FEW_GROUPS) add(this.search.search(phraseQuery(text, 'most') ?? typed), RELAXED_WEIGHT);
    if (scores.size < FEW_GROUPS) add(this.search.search(phraseQuery(text, 'anyWord') ?? typed), ANY_WORD_WEIGHT);
    const names = this.synonyms.otherNames(text);
    add(this.anyOf(names.whole), SYNONYM_WEIGHT);
    add(this.anyOf(names.partial), PARTIAL_SYNONYM_WEIGHT);
    if (scores.size < FEW_GROUPS) add(this.anyOf(this.synonyms.capabilityTerms(text)), CAPABILITY_WEIGHT);
    const whole = compact(text);
    const named = new Set(names.whole.map(compact));
    for (const [g, score] of scores) {
      const exact = this.groups[g]?.exact;
      if (exact?.has(whole)) scores.set(g, score * EXACT_BOOST);
      else if (exact && [...named].some((n) => exact.has(n))) scores.set(g, score * EXACT_BOOST * SYNONYM_WEIGHT);
    }
    return scores;
  }

  /** Every item matching the query, best first; all items in registry order when the query is empty. */
  query(text: string): RankedHit[] {
    const typed = phraseQuery(text);
    if (!typed) return this.items.map((item) => ({ item, score: 0 }));
    const ranked = this.rankedGroups.get(text) ?? this.rankGroups(text, typed);
    this.rankedGroups.set(text, ranked);
    return interleaved(ranked, (g) => this.groups[g]?.members ?? []).map(({ idx, score }) => ({
      item: this.items[idx] as SearchItem,
      score,
    }));
  }
}

/**
 * The members of ranked groups in order, except that groups scoring about the same
 * (within TIE of the first of their run) take turns, so that the first page shows
 * every kind that matches equally well ("SEM": field-emission and tabletop SEMs)
 * rather than a hundred of one.
 */
function interleaved(ranked: [number, number][], membersOf: (group: number) => number[]) {
  const out: { idx: number; score: number }[] = [];
  for (let start = 0; start < ranked.length;) {
    const top = ranked[start]?.[1] ?? 0;
    let end = start;
    while (end < ranked.length && (ranked[end]?.[1] ?? 0) >= top * TIE) end++;
    const run = ranked.slice(start, end).map(([g, score]) => ({ members: membersOf(g), score }));
    const longest = Math.max(...run.map((r) => r.members.length));
    for (let i = 0; i < longest; i++)
      for (const { members, score } of run) {
        const idx = members[i];
        if (idx !== undefined) out.push({ idx, score });
      }
    start = end;
  }
  return out;
}

/** The compact forms a whole query may equal to rank an item first: names, acronyms, model, bracketed names. */
function exactForms(item: SearchItem): Set<string> {
  const forms = [item.name, item.nameEn, item.model, ...acronymsOf(item.nameEn), ...bracketed(item.name)];
  return new Set(forms.map(compact).filter(Boolean));
}

/** Names in brackets within a name ("전계방출형 주사전자현미경 (FE-SEM)" → FE-SEM). */
function bracketed(name: string): string[] {
  return [...name.matchAll(/\(([^)]+)\)/g)].map((m) => m[1] ?? '');
}
