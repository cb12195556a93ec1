// The demo registry: about 26,000 instruments across the 37 institutes, generated
// deterministically from the kinds of instruments each institute runs
// (instrument-types.json): makers, models, specs, fees, rooms and managers vary by a
// seeded random, so every start builds the same registry. Marked as demo data
// (source 'demo') wherever it is shown. Pure.
import { seedCatalogue } from '../institutes/catalogue';
import { seededRandom, type Random } from '../routing/synthetic-catalogue';
import { instrumentTypes, type InstrumentType } from './instrument-types';
import type { RegistryRow } from './registry-row';

export const DEMO_REGISTRY_SIZE = 26_000;
/** Changes whenever the generator's output changes, so a started app regenerates its demo registry. */
export const DEMO_REGISTRY_VERSION = 'demo-1';

const SURNAMES = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임', '한', '오', '서', '신', '권', '황'];
const GIVEN = [
  '민준',
  '서연',
  '지훈',
  '하은',
  '도윤',
  '수빈',
  '현우',
  '지민',
  '예준',
  '유진',
  '승민',
  '다은',
  '준호',
  '소연',
];
const BUILDINGS = ['본관', '분석동', '시험동', '신뢰성센터', '연구동', '실증동', '파일럿동'];
const AREA_CODES: Record<string, string> = {
  서울: '02',
  경기: '031',
  인천: '032',
  강원: '033',
  충북: '043',
  충남: '041',
  대전: '042',
  세종: '044',
  전북: '063',
  전남: '061',
  광주: '062',
  경북: '054',
  경남: '055',
  대구: '053',
  울산: '052',
  부산: '051',
  제주: '064',
};

const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const digits = (random: Random, n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');

/** Each institute's share of the registry, by how many kinds of instrument it runs and how common they are. */
function sharesOf(types: InstrumentType[], codes: string[], size: number): Map<string, number> {
  const weightOf = (code: string) => types.filter((t) => t.institutes.includes(code)).reduce((s, t) => s + t.weight, 0);
  const total = codes.reduce((s, code) => s + weightOf(code), 0) || 1;
  return new Map(codes.map((code) => [code, Math.round((size * weightOf(code)) / total)]));
}

function weightedType(random: Random, types: InstrumentType[]): InstrumentType {
  const total = types.reduce((s, t) => s + t.weight, 0);
  let at = random() * total;
  for (const type of types) if ((at -= type.weight) < 0) return type;
  return types[types.length - 1] as InstrumentType;
}

/** A Korean name with the first acronym in brackets, as ZEUS often lists them ("… (FE-SEM)"). */
const displayName = (type: InstrumentType) => (type.acronyms[0] ? `${type.nameKo} (${type.acronyms[0]})` : type.nameKo);

function feeOf(random: Random, type: InstrumentType) {
  const amount = type.fee.min + random() * Math.max(0, type.fee.max - type.fee.min);
  return { unit: type.fee.unit, amount: Math.round(amount / 1000) * 1000 };
}

function statusOf(random: Random): RegistryRow['status'] {
  const roll = random();
  if (roll < 0.05) return 'repair';
  return roll < 0.07 ? 'unavailable' : 'available';
}

function rowOf(random: Random, code: string, region: string, seq: number, type: InstrumentType): RegistryRow {
  const maker = pick(random, type.makers);
  const managerName = `${pick(random, SURNAMES)}${pick(random, GIVEN)}`;
  return {
    instituteCode: code,
    registryId: `${code}-${String(seq).padStart(5, '0')}`,
    name: displayName(type),
    nameEn: type.nameEn,
    model: pick(random, maker.models),
    maker: maker.maker,
    category: type.category,
    uses: type.uses,
    usesEn: type.usesEn,
    specs: type.specs.map((spec) => ({ label: spec.label, value: pick(random, spec.values) })),
    location: `${pick(random, BUILDINGS)} ${1 + Math.floor(random() * 4)}층 ${100 + Math.floor(random() * 30)}호`,
    fee: feeOf(random, type),
    manager: {
      name: managerName,
      phone: `${AREA_CODES[region] ?? '042'}-${digits(random, 3)}-${digits(random, 4)}`,
      email: `equipment${seq % 50}@${code.toLowerCase()}.demo.test`,
    },
    status: statusOf(random),
  };
}

/** The demo registry's rows, the same on every call. */
export function demoRegistry(size = DEMO_REGISTRY_SIZE): RegistryRow[] {
  return demoRegistryWithKinds(size).map(({ row }) => row);
}

/** The rows with the kind of instrument each was made from (the search evaluation's ground truth). */
export function demoRegistryWithKinds(size = DEMO_REGISTRY_SIZE): { row: RegistryRow; kind: string }[] {
  const types = instrumentTypes();
  const institutes = seedCatalogue().institutes;
  const shares = sharesOf(
    types,
    institutes.map((i) => i.code),
    size,
  );
  return institutes.flatMap((institute, n) => {
    const own = types.filter((t) => t.institutes.includes(institute.code));
    if (!own.length) return [];
    const random = seededRandom(1000 + n);
    return Array.from({ length: shares.get(institute.code) ?? 0 }, (_, i) => {
      const type = i < own.length ? (own[i] as InstrumentType) : weightedType(random, own);
      return { row: rowOf(random, institute.code, institute.region, i + 1, type), kind: type.key };
    });
  });
}
