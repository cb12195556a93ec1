// Explains one institute's fit in Korean phrases for coordinators and engineers, and
// as structured match details: which request terms, concepts, catalogue expertise,
// equipment, researchers, services and fields matched.
import type { ItemKind, RoutingIndex } from './build-index';
import type { AttributeFit } from './attributes';
import { channelOf } from './features';
import { entryFor } from './score';
import type { FeatureMatch } from './score';
import type { MatchDetail } from './types';

const MAX_TERMS = 6;
const MAX_ITEMS: Record<ItemKind, number> = {
  expertise: 4,
  equipment: 2,
  researcher: 2,
  profile: 0,
  example: 0,
  industry: 2,
  service: 0,
  name: 0,
};

function topByWeight(weights: Map<string, number>, limit: number): string[] {
  return [...weights]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([key]) => key);
}

function bump(weights: Map<string, number>, key: string, by: number): void {
  weights.set(key, (weights.get(key) ?? 0) + by);
}

export function matchDetail(
  index: RoutingIndex,
  institute: number,
  matches: FeatureMatch[],
  fit: AttributeFit,
): MatchDetail {
  const terms = new Map<string, number>();
  const concepts = new Map<string, number>();
  const items = new Map<ItemKind, Map<string, number>>();
  for (const match of matches) {
    const entry = entryFor(match, institute);
    if (!entry) continue;
    const contribution = match.value * entry.weight;
    const channel = channelOf(match.feature);
    if (channel !== 'g') bump(terms, match.surface, contribution);
    if (channel === 'c') {
      const concept = index.lexicon.conceptById.get(match.feature.slice(2));
      if (concept) bump(concepts, concept.label, contribution);
    }
    for (const item of entry.items) {
      const indexed = index.items[item];
      if (!indexed) continue;
      let byLabel = items.get(indexed.kind);
      if (!byLabel) items.set(indexed.kind, (byLabel = new Map()));
      bump(byLabel, indexed.label, contribution);
    }
  }
  const itemsOf = (kind: ItemKind): string[] => topByWeight(items.get(kind) ?? new Map(), MAX_ITEMS[kind]);
  return {
    terms: topByWeight(terms, MAX_TERMS),
    concepts: topByWeight(concepts, MAX_TERMS),
    expertise: itemsOf('expertise'),
    equipment: itemsOf('equipment'),
    researchers: itemsOf('researcher'),
    services: fit.services,
    industries: [...new Set([...fit.industries, ...itemsOf('industry')])],
    fields: fit.fields,
  };
}

export function matchReasons(detail: MatchDetail, fit: AttributeFit): string[] {
  const reasons: string[] = [];
  if (detail.terms.length) reasons.push(`요청 핵심어 일치: ${detail.terms.join(', ')}`);
  if (detail.expertise.length) reasons.push(`전문분야: ${detail.expertise.join(', ')}`);
  if (detail.equipment.length) reasons.push(`보유 장비: ${detail.equipment.join(', ')}`);
  if (detail.researchers.length) reasons.push(`관련 연구자: ${detail.researchers.join(', ')}`);
  if (detail.services.length) reasons.push(`요청 지원유형 제공: ${detail.services.join(', ')}`);
  if (fit.missingServices.length) reasons.push(`제공하지 않는 지원유형: ${fit.missingServices.join(', ')}`);
  if (detail.industries.length) reasons.push(`산업 분야: ${detail.industries.join(', ')}`);
  if (detail.fields.length) reasons.push(`기술 분야 일치: ${detail.fields.join(', ')}`);
  return reasons;
}
