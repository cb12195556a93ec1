// Fit on the request's structured attributes: support types, industry and field.
// Small bonuses on top of text relevance; they separate near-equal candidates.
import type { IndexedInstitute } from './build-index';
import type { RoutingRequest } from './types';

/** Offering what was asked for; rare services (기술정보, 인력파견…) say more than common ones. */
const SUPPORT_BONUS = 0.05;
const RARE_SUPPORT_BONUS = 0.12;
const INDUSTRY_BONUS = 0.04;
const HOME_FIELD_BONUS = 0.05;
const FIELD_BONUS = 0.03;
/** Offering none of the requested services at all, weighted by how rare those services are. */
const NO_SUPPORT_PENALTY = 0.06;

export interface AttributeFit {
  bonus: number;
  services: string[];
  missingServices: string[];
  industries: string[];
  fields: string[];
}

/** 0..1: how few institutes offer each service (an IDF scaled by its maximum). */
export function serviceRarity(institutes: IndexedInstitute[]): Map<string, number> {
  const providers = new Map<string, number>();
  for (const institute of institutes) {
    for (const service of institute.services) providers.set(service, (providers.get(service) ?? 0) + 1);
  }
  const n = institutes.length;
  return new Map([...providers].map(([service, count]) => [service, n > 1 ? Math.log(n / count) / Math.log(n) : 0]));
}

function meanRarity(services: string[], rarity: Map<string, number>): number {
  return services.reduce((sum, service) => sum + (rarity.get(service) ?? 1), 0) / services.length;
}

export function attributeFit(
  institute: IndexedInstitute,
  request: RoutingRequest,
  rarity: Map<string, number>,
): AttributeFit {
  const wanted = request.supportTypes ?? [];
  const services = wanted.filter((service) => institute.services.includes(service));
  const missingServices = wanted.filter((service) => !institute.services.includes(service));
  const industries = request.industry && institute.industries.includes(request.industry) ? [request.industry] : [];
  const fields = request.field && institute.fields.includes(request.field) ? [request.field] : [];
  const fieldBonus = fields.length === 0 ? 0 : institute.homeField === request.field ? HOME_FIELD_BONUS : FIELD_BONUS;
  const rareness = services.reduce((sum, service) => sum + (rarity.get(service) ?? 0), 0);
  const bonus =
    (wanted.length ? (SUPPORT_BONUS * services.length + RARE_SUPPORT_BONUS * rareness) / wanted.length : 0) -
    (wanted.length && !services.length ? NO_SUPPORT_PENALTY * meanRarity(wanted, rarity) : 0) +
    (industries.length ? INDUSTRY_BONUS : 0) +
    fieldBonus;
  return { bonus, services, missingServices, industries, fields };
}
