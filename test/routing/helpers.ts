// Shared test data: the seed index, and a tiny catalogue of look-alike institutes for
// tests where everything but one signal must be equal.
import { seedCatalogue } from '../../src/institutes/catalogue';
import type { Catalogue, CatalogueInstitute } from '../../src/institutes/catalogue';
import { seedRoutingIndex as buildSeedIndex } from '../../src/routing';
import type { RoutingIndex, RoutingRequest } from '../../src/routing';

let seedIndex: RoutingIndex | undefined;

/** The app's index (catalogue and profiles), built once for all tests. */
export function seedRoutingIndex(): RoutingIndex {
  seedIndex ??= buildSeedIndex();
  return seedIndex;
}

function coatingInstitute(code: string, region: string): CatalogueInstitute {
  return {
    code,
    nameKo: `${code} 연구원`,
    nameEn: `${code} Institute`,
    type: '정부출연연구기관',
    region,
    city: region,
    homeField: '응용소재',
    fields: ['응용소재'],
    industries: ['기계금속'],
    expertise: ['내식성 코팅', 'corrosion resistant coating', '염수분무 시험'],
    services: ['시험분석', '기술자문'],
    equipment: [{ name: '염수분무 시험기', nameEn: 'salt spray chamber', capabilities: ['부식', 'corrosion'] }],
  };
}

/** Two institutes that differ only in code and region. */
export function twinCatalogue(): Catalogue {
  return { ...seedCatalogue(), institutes: [coatingInstitute('TWINA', '부산'), coatingInstitute('TWINB', '경기')] };
}

export const corrosionRequest: RoutingRequest = {
  title: '도금 부품 부식',
  description: '아연 도금 부품에 녹이 생깁니다. 염수분무 시험과 내식성 코팅 자문이 필요합니다.',
};
