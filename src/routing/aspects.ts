// Capability aspects: the distinct things a request needs. Matched concepts and words
// are grouped by who in the catalogue offers them: two needs served by the same
// institutes are one aspect; needs served by different institutes are separate.
import type { RoutingIndex } from './build-index';
import { channelOf } from './features';
import type { FeatureMatch } from './score';

/** Features offered by more than this share of institutes say nothing about who is needed. */
const MAX_DF_SHARE = 0.5;
/** Sector words describe the request's context more than a capability to cover. */
const INDUSTRY_CONCEPT_FACTOR = 0.3;
/** Two needs whose provider profiles are this alike (cosine) are one aspect. */
const SAME_ASPECT_COSINE = 0.5;

export interface Aspect {
  label: string;
  terms: string[];
  /** Share of the request's aspect evidence, 0..1. */
  weight: number;
  /** Per institute: how much of this aspect it covers, 0..1 (relative to the best provider). */
  coverage: number[];
  /** Named where the request states what it asks for, not only in its background. */
  requested: boolean;
}

interface Need {
  feature: string;
  surface: string;
  label: string;
  value: number;
  /** Per institute: weight relative to the best provider of this need. */
  providers: number[];
}

function compact(text: string): string {
  return text.replace(/[\s\-.·]/g, '');
}

function needsOf(index: RoutingIndex, matches: FeatureMatch[]): Need[] {
  const maxDf = index.institutes.length * MAX_DF_SHARE;
  const conceptSurfaces = matches.filter((m) => channelOf(m.feature) === 'c').flatMap((m) => m.surfaces.map(compact));
  const needs: Need[] = [];
  for (const match of matches) {
    const channel = channelOf(match.feature);
    if (channel === 'g' || match.postings.entries.length > maxDf) continue;
    if (channel === 'w' && index.lexicon.genericWords.has(match.surface)) continue;
    const concept = channel === 'c' ? index.lexicon.conceptById.get(match.feature.slice(2)) : undefined;
    // A word inside a matched concept phrase is already counted by that concept.
    if (channel === 'w' && conceptSurfaces.some((surface) => surface.includes(match.surface))) continue;
    const best = Math.max(...match.postings.entries.map((entry) => entry.weight));
    const providers = new Array<number>(index.institutes.length).fill(0);
    for (const entry of match.postings.entries) providers[entry.institute] = entry.weight / best;
    const factor = concept?.kind === 'industry' ? INDUSTRY_CONCEPT_FACTOR : 1;
    needs.push({
      feature: match.feature,
      surface: match.surface,
      label: concept?.label ?? match.surface,
      value: match.value * factor,
      providers,
    });
  }
  return needs.sort((a, b) => b.value - a.value);
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa && bb ? dot / Math.sqrt(aa * bb) : 0;
}

function cluster(needs: Need[]): Need[][] {
  const clusters: { needs: Need[]; profile: number[] }[] = [];
  for (const need of needs) {
    let best: (typeof clusters)[number] | undefined;
    let bestCosine = SAME_ASPECT_COSINE;
    for (const candidate of clusters) {
      const similarity = cosine(need.providers, candidate.profile);
      if (similarity >= bestCosine) [best, bestCosine] = [candidate, similarity];
    }
    if (best) {
      best.needs.push(need);
      best.profile = best.profile.map((value, i) => value + need.value * (need.providers[i] ?? 0));
    } else {
      clusters.push({ needs: [need], profile: need.providers.map((value) => value * need.value) });
    }
  }
  return clusters.map((c) => c.needs);
}

function toAspect(needs: Need[], total: number, instituteCount: number, requested: Set<string> | undefined): Aspect {
  const value = needs.reduce((sum, need) => sum + need.value, 0);
  const coverage = new Array<number>(instituteCount).fill(0);
  for (const need of needs) {
    need.providers.forEach((provider, i) => (coverage[i] = (coverage[i] ?? 0) + (need.value * provider) / value));
  }
  const labels = [...new Set(needs.map((need) => need.label))];
  const terms = [...new Set(needs.map((need) => need.surface))];
  return {
    label: labels.slice(0, 3).join('·'),
    terms,
    weight: value / total,
    coverage,
    requested: !requested || needs.some((need) => requested.has(need.feature)),
  };
}

/**
 * The request's capability aspects, heaviest first. `requested` holds the features
 * of the sentences that state the request's needs; without it (or when those
 * sentences name no capability) every aspect counts as requested.
 */
export function deriveAspects(
  index: RoutingIndex,
  matches: FeatureMatch[],
  requested: Set<string> | undefined,
): Aspect[] {
  const needs = needsOf(index, matches);
  const total = needs.reduce((sum, need) => sum + need.value, 0);
  if (total === 0) return [];
  const stated = requested && needs.some((need) => requested.has(need.feature)) ? requested : undefined;
  return cluster(needs)
    .map((group) => toAspect(group, total, index.institutes.length, stated))
    .sort((a, b) => b.weight - a.weight);
}
