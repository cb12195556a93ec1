// Text relevance: a TF-IDF style sum over the request's features, read from the
// postings. An institute's text score is the share of the request's matchable
// evidence it explains (0..1), softened by a square root so that partial fits spread.
import type { PostingEntry, PostingList, RoutingIndex } from './build-index';
import { addTextFeatures, CHANNEL_WEIGHT, channelOf } from './features';
import { isNeedSentence, sentencesOf } from './lexicon';
import type { FeatureBag } from './features';
import type { RoutingRequest } from './types';

/**
 * Where the words of a request come from, and what one occurrence there is worth. The
 * sentences that state what the request asks for outweigh its background.
 */
const PART_WEIGHT = { title: 1.5, need: 1.6, background: 1, equipment: 1.2 };

export interface FeatureMatch {
  feature: string;
  /** The request's wording: first occurrence first. */
  surface: string;
  surfaces: string[];
  /** The feature's worth in this request: query weight × idf × channel weight. */
  value: number;
  postings: PostingList;
}

export interface TextScores {
  matches: FeatureMatch[];
  /** Per institute: share of the matched evidence explained, 0..1. */
  text: number[];
}

export function requestFeatures(index: RoutingIndex, request: RoutingRequest): FeatureBag {
  const bag: FeatureBag = new Map();
  addTextFeatures(bag, index.lexicon, request.title, PART_WEIGHT.title);
  for (const sentence of sentencesOf(request.description)) {
    const weight = isNeedSentence(index.lexicon, sentence) ? PART_WEIGHT.need : PART_WEIGHT.background;
    addTextFeatures(bag, index.lexicon, sentence, weight);
  }
  if (request.equipment) addTextFeatures(bag, index.lexicon, request.equipment, PART_WEIGHT.equipment);
  return bag;
}

/** Repeating a word helps, with diminishing returns. */
function queryWeight(occurrences: number): number {
  return occurrences >= 1 ? 1 + Math.log(occurrences) : occurrences;
}

export function matchFeatures(index: RoutingIndex, bag: FeatureBag): FeatureMatch[] {
  const matches: FeatureMatch[] = [];
  for (const [feature, { weight, surfaces }] of bag) {
    const postings = index.postings.get(feature);
    if (!postings || postings.idf <= 0) continue;
    const value = queryWeight(weight) * postings.idf * CHANNEL_WEIGHT[channelOf(feature)];
    matches.push({ feature, surface: surfaces[0] ?? '', surfaces, value, postings });
  }
  return matches;
}

export function scoreText(index: RoutingIndex, matches: FeatureMatch[]): TextScores {
  const raw = new Array<number>(index.institutes.length).fill(0);
  let total = 0;
  for (const match of matches) {
    total += match.value;
    for (const entry of match.postings.entries)
      raw[entry.institute] = (raw[entry.institute] ?? 0) + match.value * entry.weight;
  }
  const text = raw.map((value, i) => {
    if (total === 0) return 0;
    return Math.sqrt(Math.min(1, value / total / (index.lengthNorm[i] ?? 1)));
  });
  return { matches, text };
}

export function entryFor(match: FeatureMatch, institute: number): PostingEntry | undefined {
  return match.postings.entries.find((entry) => entry.institute === institute);
}
