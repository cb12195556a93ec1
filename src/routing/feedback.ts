// Learning from coordinators: overrides and declines on earlier requests shift the
// scores of later requests that resemble them (set cosine over concept and word
// features), in proportion to the resemblance.
import type { RoutingIndex } from './build-index';
import { textFeatureSet } from './features';
import type { FeedbackEntry, FeedbackKind } from './types';

const MIN_SIMILARITY = 0.2;
const SHIFT: Record<FeedbackKind, number> = { override_to: 0.3, override_from: -0.3, decline: -0.2 };
const NOTE: Record<FeedbackKind, string> = {
  override_to: '유사 요청에서 코디네이터가 이 기관으로 재배정',
  override_from: '유사 요청에서 코디네이터가 이 기관에서 재배정',
  decline: '유사 요청을 이 기관이 반려',
};

export interface FeedbackShift {
  delta: number;
  notes: string[];
}

/** Feedback lists are re-read for every request: analyse each distinct entry text once. */
const featureCache = new WeakMap<RoutingIndex, Map<string, Set<string>>>();
const MAX_CACHED_ENTRIES = 20_000;

/** Concept and word features only: bigrams would make unrelated requests look alike. */
export function similarityFeatures(index: RoutingIndex, text: string): Set<string> {
  return new Set([...textFeatureSet(index.lexicon, text)].filter((feature) => !feature.startsWith('g:')));
}

function featuresOf(index: RoutingIndex, entry: FeedbackEntry): Set<string> {
  const text = [entry.text ?? '', ...(entry.terms ?? [])].join('\n');
  let cache = featureCache.get(index);
  if (!cache) featureCache.set(index, (cache = new Map()));
  let features = cache.get(text);
  if (!features) {
    if (cache.size >= MAX_CACHED_ENTRIES) cache.clear();
    features = similarityFeatures(index, text);
    cache.set(text, features);
  }
  return features;
}

function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const feature of a) if (b.has(feature)) shared++;
  return shared / Math.sqrt(a.size * b.size);
}

/** Score shifts per institute code from the feedback that resembles this request. */
export function feedbackShifts(
  index: RoutingIndex,
  requestFeatures: Set<string>,
  entries: FeedbackEntry[],
): Map<string, FeedbackShift> {
  const shifts = new Map<string, FeedbackShift>();
  for (const entry of entries) {
    const resemblance = similarity(requestFeatures, featuresOf(index, entry));
    if (resemblance < MIN_SIMILARITY) continue;
    const shift = shifts.get(entry.institute) ?? { delta: 0, notes: [] };
    shift.delta += SHIFT[entry.kind] * resemblance;
    shift.notes.push(`${NOTE[entry.kind]}(유사도 ${resemblance.toFixed(2)})`);
    shifts.set(entry.institute, shift);
  }
  return shifts;
}
