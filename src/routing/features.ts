// Turns text into weighted features on three channels: concepts from the synonym
// table ("c:"), word stems ("w:") and Hangul bigrams ("g:"). Requests and catalogue
// entries go through the same function, so both sides always agree.
import { analyseText } from './lexicon';
import type { Lexicon } from './lexicon';
import { hangulBigrams, wordTerms } from './tokenize';

export type Channel = 'c' | 'w' | 'g';

/** How much one matched feature of each channel is worth relative to a word. */
export const CHANNEL_WEIGHT: Record<Channel, number> = { c: 1.2, w: 1, g: 0.3 };

export interface QueryFeature {
  weight: number;
  /** The request's own wording for this feature, first occurrence first. */
  surfaces: string[];
}

export type FeatureBag = Map<string, QueryFeature>;

export function channelOf(feature: string): Channel {
  return feature[0] === 'c' ? 'c' : feature[0] === 'w' ? 'w' : 'g';
}

export function conceptFeature(conceptId: string): string {
  return `c:${conceptId}`;
}

function add(bag: FeatureBag, feature: string, weight: number, surface: string): void {
  const existing = bag.get(feature);
  if (!existing) bag.set(feature, { weight, surfaces: [surface] });
  else {
    existing.weight += weight;
    if (!existing.surfaces.includes(surface)) existing.surfaces.push(surface);
  }
}

/**
 * Adds the features of one text to a bag, each occurrence counting `weight`. Words
 * inside a concept phrase of several words are consumed by it: "방사 방출" (radiated
 * emission) must not also count as "방사" (fibre spinning).
 */
export function addTextFeatures(bag: FeatureBag, lexicon: Lexicon, text: string, weight: number): void {
  const { tokens, hits } = analyseText(lexicon, text);
  const phrases = hits.filter((hit) => tokens.filter((t) => t.start >= hit.start && t.end <= hit.end).length > 1);
  for (const { token, start, end } of tokens) {
    if (phrases.some((phrase) => start >= phrase.start && end <= phrase.end)) continue;
    const terms = wordTerms(token);
    for (const term of terms) add(bag, `w:${term}`, weight, term);
    const stem = terms[0];
    if (stem) for (const gram of hangulBigrams(stem)) add(bag, `g:${gram}`, weight, stem);
  }
  for (const hit of hits) {
    const concept = lexicon.concepts[hit.concept];
    if (concept) add(bag, conceptFeature(concept.id), weight, hit.surface);
  }
}

/** The distinct features of a catalogue text. */
export function textFeatureSet(lexicon: Lexicon, text: string): Set<string> {
  const bag: FeatureBag = new Map();
  addTextFeatures(bag, lexicon, text, 1);
  return new Set(bag.keys());
}
