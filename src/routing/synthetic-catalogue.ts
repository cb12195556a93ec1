// A deterministic catalogue at real scale for benchmarks: the 37 institutes with
// thousands of generated equipment items and researcher profiles, plus generated
// requests, all drawn with a seeded PRNG from each institute's own vocabulary.
import type { Catalogue, CatalogueEquipment, CatalogueInstitute } from '../institutes/catalogue';
import type { ResearcherProfile, RoutingRequest } from './types';

export interface SyntheticScale {
  equipment: number;
  researchers: number;
  seed?: number;
}

export interface SyntheticData {
  catalogue: Catalogue;
  researchers: ResearcherProfile[];
}

export type Random = () => number;

/** mulberry32: small, fast and good enough for test data. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: Random, list: readonly T[]): T {
  const item = list[Math.floor(random() * list.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function pickSome<T>(random: Random, list: readonly T[], count: number): T[] {
  return Array.from({ length: count }, () => pick(random, list));
}

const DEVICES: readonly (readonly [string, string])[] = [
  ['분석기', 'analyzer'],
  ['시험기', 'tester'],
  ['현미경', 'microscope'],
  ['환경 챔버', 'environmental chamber'],
  ['측정기', 'measuring instrument'],
  ['가공기', 'machining center'],
  ['증착기', 'deposition system'],
  ['반응기', 'reactor'],
  ['분광기', 'spectrometer'],
  ['평가 장치', 'evaluation rig'],
  ['열처리로', 'furnace'],
  ['검사기', 'inspection system'],
  ['시뮬레이터', 'simulator'],
  ['파일럿 라인', 'pilot line'],
];

const GENERIC_CAPABILITIES = [
  '정밀 분석',
  '신뢰성 시험',
  '성능 평가',
  '내구 시험',
  '특성 평가',
  'characterization',
  'quality control',
  'performance test',
];

const SURNAMES = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임', '한', '오', '서', '신', '권'];
const GIVEN = ['민', '서', '준', '지', '현', '우', '연', '수', '영', '호', '진', '은', '성', '재', '하', '윤'];

function vocabulary(institute: CatalogueInstitute): string[] {
  return [
    ...institute.expertise,
    ...institute.equipment.flatMap((equipment) => [equipment.name, ...equipment.capabilities]),
  ];
}

function syntheticEquipment(random: Random, words: string[], serial: number): CatalogueEquipment {
  const [deviceKo, deviceEn] = pick(random, DEVICES);
  const topic = pick(random, words);
  return {
    name: `${topic} ${deviceKo} ${serial}호기`,
    nameEn: `${deviceEn} no. ${serial}`,
    capabilities: [...pickSome(random, words, 2), pick(random, GENERIC_CAPABILITIES)],
  };
}

function researcherName(random: Random): string {
  return `${pick(random, SURNAMES)}${pick(random, GIVEN)}${pick(random, GIVEN)}`;
}

/** The catalogue with `scale.equipment` extra equipment items and `scale.researchers` profiles. */
export function syntheticCatalogue(base: Catalogue, scale: SyntheticScale): SyntheticData {
  const random = seededRandom(scale.seed ?? 20240601);
  const vocabularies = base.institutes.map(vocabulary);
  const extra = base.institutes.map((): CatalogueEquipment[] => []);
  for (let n = 0; n < scale.equipment; n++) {
    const i = Math.floor(random() * base.institutes.length);
    extra[i]?.push(syntheticEquipment(random, vocabularies[i] ?? [], n + 1));
  }
  const researchers: ResearcherProfile[] = [];
  for (let n = 0; n < scale.researchers; n++) {
    const i = Math.floor(random() * base.institutes.length);
    const institute = base.institutes[i];
    if (!institute) continue;
    researchers.push({
      institute: institute.code,
      name: researcherName(random),
      keywords: pickSome(random, vocabularies[i] ?? [], 4),
    });
  }
  const institutes = base.institutes.map((institute, i) => ({
    ...institute,
    equipment: [...institute.equipment, ...(extra[i] ?? [])],
  }));
  return { catalogue: { ...base, institutes }, researchers };
}

const TITLE_TEMPLATES = ['{a} {b} 문제', '{a} 관련 {b} 개선', '{a}와 {b} 평가 요청'];
const BODY_TEMPLATES = [
  '당사는 {a} 제품을 생산합니다. 최근 {b} 관련 불량이 늘어 {c} 지원이 필요합니다.',
  '{a} 공정에서 {b} 특성이 고르지 않습니다. {c}와 {d} 분석을 받고 싶습니다.',
  'We make {a} parts. {b} is unstable and we need {c} testing.',
];

function fill(template: string, words: string[]): string {
  return template.replace(/\{([a-d])\}/g, (_, slot: string) => words['abcd'.indexOf(slot)] ?? '');
}

/** `count` requests, each built from the vocabulary of one or two institutes. */
export function syntheticRequests(base: Catalogue, count: number, seed = 7): RoutingRequest[] {
  const random = seededRandom(seed);
  const vocabularies = base.institutes.map(vocabulary);
  return Array.from({ length: count }, () => {
    const words = [...pickSome(random, pick(random, vocabularies), 3), pick(random, pick(random, vocabularies))];
    const institute = pick(random, base.institutes);
    return {
      title: fill(pick(random, TITLE_TEMPLATES), words),
      description: fill(pick(random, BODY_TEMPLATES), words),
      industry: pick(random, institute.industries),
      region: institute.region,
      supportTypes: pickSome(random, base.services, 1),
    };
  });
}
