// What the team model (team-model.ts) reads about each possible partner: how it
// compares with the lead on the request as a whole, on each need unit (need-units.ts)
// routed on its own, and on the engine's capability aspects. Every feature is a
// number in 0..1 with a plain meaning, so a decision can be explained. Pure.
import type { Aspect } from './aspects';
import type { RoutingIndex } from './build-index';
import { addTextFeatures, channelOf, type FeatureBag } from './features';
import { isBackgroundSentence, isNeedSentence, saysSettled, sentencesOf } from './lexicon';
import { needUnits } from './need-units';
import { pairValues } from './team-model';
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
  'bestUnitNeed',
  'bestUnitBackground',
  'bestUnitSettled',
  'plainNeedAdvantage',
  'certifierForCertification',
  'offersAskedServiceLeadLacks',
  'plainUnitsElsewhere',
  'plainUnitsToCandidate',
  'pairRate',
  'pairSeen',
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
  /** The concepts (synonym groups) it names. */
  concepts: Set<string>;
  /** The unit's share of the request's matched evidence. */
  weight: number;
  /** Whether it comes from the title or a sentence that states what is needed. */
  need: boolean;
  /** Whether its sentence describes the company or its market. */
  background: boolean;
  /** Whether it says something is already done or fine. */
  settled: boolean;
  best: number;
}

type UnitPlace = Pick<Unit, 'need' | 'background' | 'settled'>;

function unitOf(index: RoutingIndex, text: string, place: UnitPlace): Unit & { evidence: number } {
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
    concepts: new Set(matches.filter((m) => channelOf(m.feature) === 'c').map((m) => m.feature.slice(2))),
    conceptBest: concepts.best,
    weight: 0,
    ...place,
    best,
    evidence: matches.reduce((sum, m) => sum + m.value, 0),
  };
}

/** The request's need units, each routed against the index on its own. */
export function routeUnits(index: RoutingIndex, title: string, description: string): Unit[] {
  const sentences = sentencesOf(description);
  const inSentence = (unit: string, test: (sentence: string) => boolean) =>
    sentences.some((sentence) => sentence.includes(unit) && test(sentence));
  const units = needUnits(title, description).map((text, i) =>
    unitOf(index, text, {
      need: i === 0 || inSentence(text, (s) => isNeedSentence(index.lexicon, s)),
      background: i > 0 && inSentence(text, (s) => isBackgroundSentence(index.lexicon, s)),
      settled: saysSettled(index.lexicon, text),
    }),
  );
  const total = units.reduce((sum, unit) => sum + unit.evidence, 0);
  return units
    .filter((unit) => unit.evidence > 0)
    .map(({ evidence, ...unit }) => ({ ...unit, weight: total > 0 ? evidence / total : 0 }));
}

const positive = (value: number) => Math.max(0, value);
const share = <T>(items: T[], test: (item: T) => boolean) =>
  items.length ? items.filter(test).length / items.length : 0;

/** The catalogue service that issues test reports and certificates, and the concepts that ask for it. */
const CERTIFICATION_SERVICE = '시험성적서·인증';
const CERTIFICATION_CONCEPTS = ['certification', 'class-certification'];

interface RequestContext {
  units: Unit[];
  aspects: Aspect[];
  ranked: Ranked[];
  jointCue: boolean;
  supportTypes: string[];
}

function offers(index: RoutingIndex, institute: number, service: string): boolean {
  return index.institutes[institute]?.services.includes(service) ?? false;
}

/** 1 when a need unit asks for a test report or certificate that the candidate issues and the lead does not. */
function certifierForCertification(index: RoutingIndex, units: Unit[], candidate: number, lead: number): number {
  const asked = units.some((u) => !u.settled && CERTIFICATION_CONCEPTS.some((c) => u.concepts.has(c)));
  return asked && offers(index, candidate, CERTIFICATION_SERVICE) && !offers(index, lead, CERTIFICATION_SERVICE)
    ? 1
    : 0;
}

function aspectAdvantage(aspects: Aspect[], candidate: number, lead: number): number {
  return Math.max(
    0,
    ...aspects
      .filter((aspect) => aspect.requested)
      .map((aspect) => aspect.weight * positive((aspect.coverage[candidate] ?? 0) - (aspect.coverage[lead] ?? 0))),
  );
}

function featuresOf(index: RoutingIndex, context: RequestContext, candidate: Ranked): PartnerCandidate {
  const code = (i: number) => index.institutes[i]?.code ?? '';
  const { units, aspects, ranked, jointCue } = context;
  const lead = ranked[0] as Ranked;
  const advantage = units.map((u) => positive((u.share[candidate.institute] ?? 0) - (u.share[lead.institute] ?? 0)));
  const bestUnit = advantage.reduce((best, value, u) => (value > (advantage[best] ?? 0) ? u : best), 0);
  const led = units.filter((u) => u.best === candidate.institute && (u.share[lead.institute] ?? 0) < 0.6);
  const unit = units[bestUnit];
  const plain = (u: Unit) => u.need && !u.background && !u.settled;
  const rank = ranked.findIndex((r) => r.institute === candidate.institute) + 1;
  const home = (i: number) => index.institutes[i]?.homeField;
  const [pairRate, pairSeen] = pairValues(index.teamModel.pairs, code(lead.institute), code(candidate.institute));
  const values: Record<TeamFeature, number> = {
    pairRate,
    pairSeen,
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
    bestUnitNeed: unit?.need ? 1 : 0,
    bestUnitBackground: unit?.background ? 1 : 0,
    bestUnitSettled: unit?.settled ? 1 : 0,
    plainNeedAdvantage: Math.max(0, ...advantage.filter((_, i) => units[i] && plain(units[i]))),
    plainUnitsElsewhere: share(units.filter(plain), (u) => u.best !== lead.institute),
    plainUnitsToCandidate: share(units.filter(plain), (u) => u.best === candidate.institute),
    certifierForCertification: certifierForCertification(index, units, candidate.institute, lead.institute),
    offersAskedServiceLeadLacks: context.supportTypes.some(
      (service) => offers(index, candidate.institute, service) && !offers(index, lead.institute, service),
    )
      ? 1
      : 0,
  };
  return {
    institute: candidate.institute,
    features: TEAM_FEATURES.map((name) => values[name]),
    bestUnit,
    unitText: unit?.text ?? '',
  };
}

/** Every possible partner of the lead (`ranked[0]`) with its features. */
export function partnerCandidates(
  index: RoutingIndex,
  request: { title: string; description: string; supportTypes?: string[] },
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
    .map((candidate) =>
      featuresOf(index, { units, aspects, ranked, jointCue, supportTypes: request.supportTypes ?? [] }, candidate),
    );
}
