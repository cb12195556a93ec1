// Capability aspects: the distinct things a request needs. Matched concepts and words
// are grouped by who in the catalogue offers them: two needs served by the same
// institutes are one aspect; needs served by different institutes are separate.
import type { RoutingIndex } from './build-index';
import { channelOf } from './features';
import type { FeatureMatch } from './score';
import { hasKoreanEnding } from './tokenize';

/** Features offered by more than this share of institutes say nothing about who is needed. */
const MAX_DF_SHARE = 0.5;
/** Two needs whose provider profiles are this alike (cosine) are one aspect. */
const SAME_ASPECT_COSINE = 0.5;
/** An aspect lighter than this is folded into a heavier one with the same best provider. */
const SMALL_ASPECT_SHARE = 0.15;

export interface Aspect {
  label: string;
  terms: string[];
  /** The request features the aspect groups. */
  features: string[];
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
  /** Whether the catalogue or a profile carries it, not only solved requests' wording ("불합격했습니다"). */
  catalogued: boolean;
  value: number;
  /** Per institute: weight relative to the best provider of this need. */
  providers: number[];
}

function compact(text: string): string {
  return text.replace(/[\s\-.·]/g, '');
}

/**
 * Sector words (industry concepts) and application phrases ("ESS용") are left out: they
 * say where a request comes from, not what it needs, and a sector shared by two needs
 * would glue them into one aspect.
 */
function needsOf(index: RoutingIndex, matches: FeatureMatch[], context: Set<string>): Need[] {
  const maxDf = index.institutes.length * MAX_DF_SHARE;
  const conceptSurfaces = matches.filter((m) => channelOf(m.feature) === 'c').flatMap((m) => m.surfaces.map(compact));
  const needs: Need[] = [];
  for (const match of matches) {
    const channel = channelOf(match.feature);
    if (channel === 'g' || match.postings.entries.length > maxDf || context.has(match.feature)) continue;
    if (channel === 'w' && index.lexicon.genericWords.has(match.surface)) continue;
    const concept = channel === 'c' ? index.lexicon.conceptById.get(match.feature.slice(2)) : undefined;
    if (concept?.kind === 'industry') continue;
    // A word inside a matched concept phrase is already counted by that concept.
    if (channel === 'w' && conceptSurfaces.some((surface) => surface.includes(match.surface))) continue;
    const { catalogued } = match.postings;
    // An inflected word only solved requests' wording carries ("고객사는", "있습니다") is no need of its own.
    if (!catalogued && channel === 'w' && hasKoreanEnding(match.surface)) continue;
    const best = Math.max(...match.postings.entries.map((entry) => entry.weight));
    const providers = new Array<number>(index.institutes.length).fill(0);
    for (const entry of match.postings.entries) providers[entry.institute] = entry.weight / best;
    needs.push({
      feature: match.feature,
      surface: match.surface,
      label: concept?.label ?? match.surface,
      catalogued,
      value: match.value,
      providers,
    });
  }
  return needs.sort((a, b) => b.value - a.value || a.feature.localeCompare(b.feature));
}

/** Providers within this share of a need's best count as its top providers. */
const TOP_PROVIDER = 0.9;

function sharesTopProvider(a: Need, b: Need): boolean {
  return a.providers.some((value, i) => value >= TOP_PROVIDER && (b.providers[i] ?? 0) >= TOP_PROVIDER);
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

/**
 * Complete linkage: a need joins a group only when it is alike every member and shares
 * a top provider with it. Comparing with a running sum instead lets a group drift until
 * it swallows needs that have nothing in common with its first member (fire safety →
 * building → structural safety), and two needs whose best providers differ are exactly
 * what a team decision must see apart.
 */
function cluster(needs: Need[]): Need[][] {
  const groups: Need[][] = [];
  for (const need of needs) {
    let best: Need[] | undefined;
    let bestSimilarity = SAME_ASPECT_COSINE;
    for (const group of groups) {
      if (!group.every((member) => sharesTopProvider(need, member))) continue;
      const similarity = Math.min(...group.map((member) => cosine(need.providers, member.providers)));
      if (similarity >= bestSimilarity) [best, bestSimilarity] = [group, similarity];
    }
    if (best) best.push(need);
    else groups.push([need]);
  }
  return groups;
}

function toAspect(needs: Need[], total: number, instituteCount: number, requested: Set<string> | undefined): Aspect {
  const value = needs.reduce((sum, need) => sum + need.value, 0);
  const coverage = new Array<number>(instituteCount).fill(0);
  for (const need of needs) {
    need.providers.forEach((provider, i) => (coverage[i] = (coverage[i] ?? 0) + (need.value * provider) / value));
  }
  // An aspect is named in the catalogue's words where it has some; solved requests'
  // wording counts as evidence but reads badly as a name.
  const named = needs.filter((need) => need.catalogued);
  const labels = [...new Set((named.length ? named : needs).map((need) => need.label))];
  const terms = [...new Set(needs.map((need) => need.surface))];
  return {
    label: labels.slice(0, 3).join('·'),
    terms,
    features: needs.map((need) => need.feature),
    weight: value / total,
    coverage,
    requested: !requested || needs.some((need) => requested.has(need.feature)),
  };
}

/** The institute covering an aspect best (lowest index on ties). */
export function bestProvider(aspect: Aspect): number {
  return aspect.coverage.reduce((best, value, i) => (value > (aspect.coverage[best] ?? 0) ? i : best), 0);
}

/**
 * Small aspects whose best provider is also the best provider of a heavier aspect add
 * nothing a team decision could use on their own; fold them into that aspect.
 */
function mergeSmall(
  groups: Need[][],
  total: number,
  instituteCount: number,
  requested: Set<string> | undefined,
): Aspect[] {
  const sized = groups
    .map((needs) => ({ needs, aspect: toAspect(needs, total, instituteCount, requested) }))
    .sort((a, b) => b.aspect.weight - a.aspect.weight);
  const kept: { needs: Need[]; aspect: Aspect }[] = [];
  for (const entry of sized) {
    const provider = bestProvider(entry.aspect);
    const host =
      entry.aspect.weight < SMALL_ASPECT_SHARE
        ? kept.find((k) => bestProvider(k.aspect) === provider && (k.aspect.coverage[provider] ?? 0) > 0)
        : undefined;
    if (host) {
      host.needs = [...host.needs, ...entry.needs];
      host.aspect = toAspect(host.needs, total, instituteCount, requested);
    } else kept.push(entry);
  }
  return kept.map((k) => k.aspect).sort((a, b) => b.weight - a.weight);
}

/**
 * The request's capability aspects, heaviest first. `requested` holds the features
 * of the sentences that state the request's needs; without it (or when those
 * sentences name no capability) every aspect counts as requested. `context` holds the
 * features of the request's application phrases.
 */
export function deriveAspects(
  index: RoutingIndex,
  matches: FeatureMatch[],
  requested: Set<string> | undefined,
  context: Set<string> = new Set(),
): Aspect[] {
  const needs = needsOf(index, matches, context);
  const total = needs.reduce((sum, need) => sum + need.value, 0);
  if (total === 0) return [];
  const stated = requested && needs.some((need) => requested.has(need.feature)) ? requested : undefined;
  return mergeSmall(cluster(needs), total, index.institutes.length, stated);
}
