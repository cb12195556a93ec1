// What the team model (team-model.ts) reads about each possible partner: how it
// compares with the lead on the request as a whole, on each need unit (need-units.ts)
// routed on its own, and on the engine's capability aspects. Every feature is a
// number in 0..1 with a plain meaning, so a decision can be explained. Pure.
import type { Aspect } from './aspects';
import type { RoutingIndex } from './build-index';
import { addTextFeatures, channelOf, type FeatureBag } from './features';
import { isNeedSentence, sentencesOf } from './lexicon';
import { needUnits } from './need-units';
import { matchFeatures, scoreText } from './score';

export const TEAM_FEATURES = [
  'scoreRatio',
  'rankInverse',
  'unitAdvantage',
  'weightedUnitAdvantage',
  'needUnitAdvantage',
  'unitsLed',
  'aspectAdvantage',
  'jointCue',
  'sameHomeField',
  'leadWeakUnit',
  'leadUnitCoverage',
  'bestUnitWeight',
  'unitCount',
  'distinctUnitLeaders',
  'conceptUnitAdvantage',
  'conceptUnitsLed',
] as const;
export type TeamFeature = (typeof TEAM_FEATURES)[number];

/** Partners are looked for among the best few of the whole-request ranking and each unit's best. */
const RANKED_POOL = 8;

export interface Ranked {
  institute: number;
  score: number;
}

export interface PartnerCandidate {
  institute: number;
  features: number[];
  /** The need unit on which it beats the lead most: two partners for one unit are one too many. */
  bestUnit: number;
  /** That unit's text, named in the partner's reason. */
  unitText: string;
}

interface Unit {
  text: string;
  /** Per institute: its text score on this unit relative to the unit's best, 0..1. */
  share: number[];
  /** The same from the unit's concepts alone (synonym groups): less noisy than words, often empty. */
  conceptShare: number[];
  conceptBest: number;
  /** The unit's share of the request's matched evidence. */
  weight: number;
  /** Whether it comes from the title or a sentence that states what is needed. */
  need: boolean;
  best: number;
}

function unitOf(index: RoutingIndex, text: string, need: boolean): Unit & { evidence: number } {
  const bag: FeatureBag = new Map();
  addTextFeatures(bag, index.lexicon, text, 1);
  const matches = matchFeatures(index, bag);
  const relative = (scores: number[]) => {
    const top = Math.max(0, ...scores);
    return { share: scores.map((s) => (top > 0 ? s / top : 0)), best: top > 0 ? scores.indexOf(top) : -1 };
  };
  const { share, best } = relative(scoreText(index, matches).text);
  const concepts = relative(
    scoreText(
      index,
      matches.filter((m) => channelOf(m.feature) === 'c'),
    ).text,
  );
  return {
    text,
    share,
    conceptShare: concepts.share,
    conceptBest: concepts.best,
    weight: 0,
    need,
    best,
    evidence: matches.reduce((sum, m) => sum + m.value, 0),
  };
}

/** The request's need units, each routed against the index on its own. */
export function routeUnits(index: RoutingIndex, title: string, description: string): Unit[] {
  const needSentences = new Set(sentencesOf(description).filter((s) => isNeedSentence(index.lexicon, s)));
  const inNeedSentence = (unit: string) => [...needSentences].some((sentence) => sentence.includes(unit));
  const units = needUnits(title, description).map((text, i) => unitOf(index, text, i === 0 || inNeedSentence(text)));
  const total = units.reduce((sum, unit) => sum + unit.evidence, 0);
  return units
    .filter((unit) => unit.evidence > 0)
    .map(({ evidence, ...unit }) => ({ ...unit, weight: total > 0 ? evidence / total : 0 }));
}

const positive = (value: number) => Math.max(0, value);

function aspectAdvantage(aspects: Aspect[], candidate: number, lead: number): number {
  return Math.max(
    0,
    ...aspects
      .filter((aspect) => aspect.requested)
      .map((aspect) => aspect.weight * positive((aspect.coverage[candidate] ?? 0) - (aspect.coverage[lead] ?? 0))),
  );
}

function featuresOf(
  index: RoutingIndex,
  units: Unit[],
  aspects: Aspect[],
  ranked: Ranked[],
  candidate: Ranked,
  jointCue: boolean,
): PartnerCandidate {
  const lead = ranked[0] as Ranked;
  const advantage = units.map((u) => positive((u.share[candidate.institute] ?? 0) - (u.share[lead.institute] ?? 0)));
  const bestUnit = advantage.reduce((best, value, u) => (value > (advantage[best] ?? 0) ? u : best), 0);
  const led = units.filter((u) => u.best === candidate.institute && (u.share[lead.institute] ?? 0) < 0.6);
  const rank = ranked.findIndex((r) => r.institute === candidate.institute) + 1;
  const home = (i: number) => index.institutes[i]?.homeField;
  const values: Record<TeamFeature, number> = {
    scoreRatio: lead.score > 0 ? Math.min(1, candidate.score / lead.score) : 0,
    rankInverse: rank > 0 ? 1 / rank : 0,
    unitAdvantage: Math.max(0, ...advantage),
    weightedUnitAdvantage: Math.min(1, units.reduce((sum, u, i) => sum + u.weight * (advantage[i] ?? 0), 0) * 2),
    needUnitAdvantage: Math.max(0, ...advantage.filter((_, i) => units[i]?.need)),
    unitsLed: units.length ? led.length / units.length : 0,
    aspectAdvantage: Math.min(1, aspectAdvantage(aspects, candidate.institute, lead.institute) * 2),
    jointCue: jointCue ? 1 : 0,
    sameHomeField: home(candidate.institute) === home(lead.institute) ? 1 : 0,
    leadWeakUnit: Math.max(
      0,
      ...units.map((u) => (u.best === candidate.institute ? 1 - (u.share[lead.institute] ?? 0) : 0)),
    ),
    leadUnitCoverage: units.reduce((sum, u) => sum + u.weight * (u.share[lead.institute] ?? 0), 0),
    bestUnitWeight: Math.min(1, (units[bestUnit]?.weight ?? 0) * 3) * (advantage[bestUnit] ?? 0),
    unitCount: Math.min(1, units.length / 8),
    distinctUnitLeaders: units.length ? new Set(units.map((u) => u.best)).size / units.length : 0,
    conceptUnitAdvantage: Math.max(
      0,
      ...units.map((u) => positive((u.conceptShare[candidate.institute] ?? 0) - (u.conceptShare[lead.institute] ?? 0))),
    ),
    conceptUnitsLed: units.length
      ? units.filter((u) => u.conceptBest === candidate.institute && (u.conceptShare[lead.institute] ?? 0) < 0.6)
          .length / units.length
      : 0,
  };
  return {
    institute: candidate.institute,
    features: TEAM_FEATURES.map((name) => values[name]),
    bestUnit,
    unitText: units[bestUnit]?.text ?? '',
  };
}

/** Every possible partner of the lead (`ranked[0]`) with its features. */
export function partnerCandidates(
  index: RoutingIndex,
  request: { title: string; description: string },
  ranked: Ranked[],
  aspects: Aspect[],
  jointCue: boolean,
): PartnerCandidate[] {
  const lead = ranked[0];
  if (!lead) return [];
  const units = routeUnits(index, request.title, request.description);
  const pool = new Set(ranked.slice(1, RANKED_POOL + 1).map((r) => r.institute));
  for (const unit of units) if (unit.best >= 0 && unit.best !== lead.institute) pool.add(unit.best);
  return ranked
    .filter((r) => pool.has(r.institute))
    .map((candidate) => featuresOf(index, units, aspects, ranked, candidate, jointCue));
}
