// routeCase: the pure routing function. Text relevance plus attribute fit give each
// institute a score; signals (availability, load, region, feedback) adjust or skip;
// aspects and a set cover turn the ranking into a team.
import { bestProvider, deriveAspects } from './aspects';
import type { Aspect } from './aspects';
import { attributeFit } from './attributes';
import type { RoutingIndex } from './build-index';
import { feedbackShifts, similarityFeatures } from './feedback';
import { textFeatureSet } from './features';
import { normalizeText } from './tokenize';
import { additiveNeeds, applicationPhrases, mentionsJointNeed, needClauses } from './lexicon';
import type { FeedbackShift } from './feedback';
import { matchDetail, matchReasons } from './reasons';
import { matchFeatures, requestFeatures, scoreText } from './score';
import type { FeatureMatch } from './score';
import { loadPenalty, regionBonus, unavailability } from './signals';
import { chooseTeam } from './team';
import type {
  RankedInstitute,
  RoutingAspect,
  RoutingRequest,
  RoutingResult,
  RoutingSignals,
  SkippedInstitute,
} from './types';

/** Text relevance dominates; attribute fit adds at most ~0.17 on top. */
const TEXT_WEIGHT = 0.85;
const DEFAULT_LIMIT = 10;

export interface RouteOptions {
  /** How many ranked institutes to return (the team is chosen from the full ranking). */
  limit?: number;
}

interface Candidate {
  institute: number;
  score: number;
  notes: string[];
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function signalNotes(
  index: RoutingIndex,
  institute: number,
  request: RoutingRequest,
  signals: RoutingSignals,
): {
  adjustment: number;
  notes: string[];
} {
  const { code, region } = index.institutes[institute] ?? { code: '', region: '' };
  const notes: string[] = [];
  const region_ = regionBonus(region, request.region);
  if (region_ > 0)
    notes.push(region === request.region ? `같은 지역(${region}) — 현장 지원 용이` : `인접 권역(${region})`);
  const signal = signals.institutes?.[code];
  const load = loadPenalty(signal, request.supplyChainItem === true);
  if (load > 0 && signal) notes.push(`진행 중 과제 ${signal.openLoad}건 반영`);
  return { adjustment: region_ - load, notes };
}

function scoreCandidates(
  index: RoutingIndex,
  request: RoutingRequest,
  signals: RoutingSignals,
  text: number[],
  shifts: Map<string, FeedbackShift>,
): { candidates: Candidate[]; skipped: SkippedInstitute[] } {
  const candidates: Candidate[] = [];
  const skipped: SkippedInstitute[] = [];
  index.institutes.forEach((institute, i) => {
    const relevance = text[i] ?? 0;
    const shift = shifts.get(institute.code);
    if (relevance === 0 && !shift) return;
    const unavailable = unavailability(signals.institutes?.[institute.code]);
    if (unavailable) {
      skipped.push({ institute: institute.code, ...unavailable });
      return;
    }
    const fit = attributeFit(institute, request, index.serviceRarity);
    const { adjustment, notes } = signalNotes(index, i, request, signals);
    const score = clamp01(TEXT_WEIGHT * relevance + fit.bonus + adjustment + (shift?.delta ?? 0));
    candidates.push({ institute: i, score, notes: [...notes, ...(shift?.notes ?? [])] });
  });
  candidates.sort((a, b) => b.score - a.score || a.institute - b.institute);
  return { candidates, skipped };
}

function rankedEntry(
  index: RoutingIndex,
  request: RoutingRequest,
  matches: FeatureMatch[],
  candidate: Candidate,
): RankedInstitute {
  const institute = index.institutes[candidate.institute];
  if (!institute) throw new Error(`unknown institute #${candidate.institute}`);
  const fit = attributeFit(institute, request, index.serviceRarity);
  const match = matchDetail(index, candidate.institute, matches, fit);
  return {
    institute: institute.code,
    nameKo: institute.nameKo,
    score: round3(candidate.score),
    reasons: [...matchReasons(match, fit), ...candidate.notes],
    match,
  };
}

function publicAspects(index: RoutingIndex, aspects: Aspect[], coveredBy: (number | null)[]): RoutingAspect[] {
  return aspects.map((aspect, a) => {
    const member = coveredBy[a];
    return {
      label: aspect.label,
      terms: aspect.terms,
      weight: round3(aspect.weight),
      requested: aspect.requested,
      coveredBy: member === null || member === undefined ? null : (index.institutes[member]?.code ?? null),
    };
  });
}

/** Features named only in the request's application phrases ("ESS용 배터리 모듈"): context, not needs. */
export function contextFeatures(index: RoutingIndex, request: RoutingRequest): Set<string> {
  const text = `${request.title}\n${request.description}`;
  const phrases = applicationPhrases(text);
  if (!phrases.length) return new Set();
  const rest = phrases.reduce((remaining, phrase) => remaining.split(phrase).join('\n'), normalizeText(text));
  const elsewhere = textFeatureSet(index.lexicon, rest);
  return new Set([...textFeatureSet(index.lexicon, phrases.join('\n'))].filter((f) => !elsewhere.has(f)));
}

/**
 * "…도 원합니다" adds one more ask. It is a joint cue only when that ask names a
 * capability whose best provider is not the lead: "신발 소재 시험도 하고 싶습니다" beside a
 * footwear lead asks the same institute for one more thing.
 */
function asksForAnotherProvider(
  index: RoutingIndex,
  stated: string[],
  aspects: Aspect[],
  lead: number | undefined,
): boolean {
  if (lead === undefined) return false;
  return stated.flatMap(additiveNeeds).some((phrase) => {
    const added = textFeatureSet(index.lexicon, phrase);
    return aspects.some(
      (aspect) => aspect.requested && aspect.features.some((f) => added.has(f)) && bestProvider(aspect) !== lead,
    );
  });
}

/** What the engine reads from a request before it forms the team: the ranking, the aspects and the joint cue. */
export function analyseRequest(index: RoutingIndex, request: RoutingRequest, signals: RoutingSignals = {}) {
  const bag = requestFeatures(index, request);
  const matches = matchFeatures(index, bag);
  const { text } = scoreText(index, matches);
  const shifts = signals.feedback?.length
    ? feedbackShifts(index, similarityFeatures(index, `${request.title}\n${request.description}`), signals.feedback)
    : new Map<string, FeedbackShift>();
  const { candidates, skipped } = scoreCandidates(index, request, signals, text, shifts);
  const stated = needClauses(index.lexicon, request.description);
  const requested = stated.length ? textFeatureSet(index.lexicon, stated.join('\n')) : undefined;
  const aspects = deriveAspects(index, matches, requested, contextFeatures(index, request));
  // "그리고", "까지" and the like mark several asks only where the request states its needs.
  const jointCue =
    mentionsJointNeed(index.lexicon, stated.join('\n')) ||
    asksForAnotherProvider(index, stated, aspects, candidates[0]?.institute);
  return { matches, candidates, skipped, aspects, jointCue };
}

/** The ranking's first `limit` entries, then any team member ranked below them (its evidence explains it). */
function shownRanking(candidates: Candidate[], team: number[], limit: number): Candidate[] {
  const top = candidates.slice(0, limit);
  return [...top, ...candidates.filter((c) => team.includes(c.institute) && !top.includes(c))];
}

/** Routes one request. Pure: the same index, request and signals give the same result. */
export function routeCase(
  index: RoutingIndex,
  request: RoutingRequest,
  signals: RoutingSignals = {},
  options: RouteOptions = {},
): RoutingResult {
  const { matches, candidates, skipped, aspects, jointCue } = analyseRequest(index, request, signals);
  const { team, coveredBy } = chooseTeam(index, request, candidates, aspects, jointCue);
  const codes = team.map((i) => index.institutes[i]?.code ?? '');
  return {
    ranked: shownRanking(candidates, team, options.limit ?? DEFAULT_LIMIT).map((c) =>
      rankedEntry(index, request, matches, c),
    ),
    team: codes,
    convergence: codes.length > 1,
    skipped,
    aspects: publicAspects(index, aspects, coveredBy),
    ...(index.catalogueVersion ? { catalogueVersion: index.catalogueVersion } : {}),
  };
}
