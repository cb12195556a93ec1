// Equipment search as pages and the API see it: the index's ranked matches
// (search-index.ts), narrowed by facets — institute, region, field, category, fee band,
// available now — each counted over the matches that the other facets keep, and the
// page of results with the query's words marked in each name.
import { Lru } from '../core/lru';
import { catalogueInstitutes } from '../institutes/catalogue';
import { currentIndex } from './catalog';
import type { EquipmentSearchIndex, SearchItem } from './search-index';
import type { EquipmentQuery } from './schemas';

export const FEE_BANDS = ['under50k', '50k-200k', 'over200k', 'ask'] as const;
export type FeeBand = (typeof FEE_BANDS)[number];

export function feeBandOf(fee: SearchItem['fee']): FeeBand {
  if (!fee) return 'ask';
  if (fee.amount < 50_000) return 'under50k';
  return fee.amount <= 200_000 ? '50k-200k' : 'over200k';
}

/** The top level of a "대분류 > 중분류" category. */
export const topCategory = (category: string) => category.split('>')[0]?.trim() ?? '';

type Facet = 'institute' | 'region' | 'field' | 'category' | 'fee' | 'available';
const FACETS: Facet[] = ['institute', 'region', 'field', 'category', 'fee', 'available'];

const facetTest: Record<Facet, (item: SearchItem, query: EquipmentQuery) => boolean> = {
  institute: (item, q) => !q.institute || item.instituteCode === q.institute,
  region: (item, q) => !q.region || item.region === q.region,
  field: (item, q) => !q.field || item.fields.includes(q.field),
  category: (item, q) => !q.category || topCategory(item.category) === q.category,
  fee: (item, q) => !q.fee || feeBandOf(item.fee) === q.fee,
  available: (item, q) => !q.available || item.status === 'available',
};

const facetValues: Record<Facet, (item: SearchItem) => string[]> = {
  institute: (item) => [item.instituteCode],
  region: (item) => [item.region],
  field: (item) => item.fields,
  category: (item) => [topCategory(item.category)].filter(Boolean),
  fee: (item) => [feeBandOf(item.fee)],
  available: (item) => (item.status === 'available' ? ['available'] : []),
};

export type FacetCounts = Record<Facet, { value: string; count: number }[]>;

function countFacets(items: SearchItem[], query: EquipmentQuery): FacetCounts {
  const counts = Object.fromEntries(FACETS.map((f) => [f, new Map<string, number>()])) as Record<
    Facet,
    Map<string, number>
  >;
  for (const item of items) {
    const failing = FACETS.filter((f) => !facetTest[f](item, query));
    if (failing.length > 1) continue;
    for (const facet of FACETS) {
      if (failing.length === 1 && failing[0] !== facet) continue;
      for (const value of facetValues[facet](item)) counts[facet].set(value, (counts[facet].get(value) ?? 0) + 1);
    }
  }
  return Object.fromEntries(
    FACETS.map((f) => [
      f,
      [...counts[f]]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)),
    ]),
  ) as FacetCounts;
}

export type Segment = { text: string; mark: boolean };

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The text cut into marked and unmarked pieces: the query's words, ignoring case, spaces and hyphens. */
export function markWords(text: string, query: string): Segment[] {
  const words = query
    .normalize('NFKC')
    .split(/\s+/)
    .map((w) => w.replace(/[\s\-_]/g, ''))
    .filter((w) => w.length >= 2);
  if (!words.length) return [{ text, mark: false }];
  const pattern = new RegExp(words.map((w) => [...w].map(escapeRegex).join('[\\s\\-]*')).join('|'), 'giu');
  const segments: Segment[] = [];
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    if (!match[0]) continue;
    if (match.index > at) segments.push({ text: text.slice(at, match.index), mark: false });
    segments.push({ text: match[0], mark: true });
    at = match.index + match[0].length;
  }
  if (at < text.length) segments.push({ text: text.slice(at), mark: false });
  return segments;
}

function instituteNames(): Map<string, string> {
  return new Map(catalogueInstitutes().map((i) => [i.code, i.nameKo]));
}

export type EquipmentHit = ReturnType<typeof hitView>;

function hitView(item: SearchItem, query: string, names: ReadonlyMap<string, string>) {
  return {
    id: item.id,
    registryId: item.registryId,
    name: item.name,
    nameEn: item.nameEn,
    model: item.model,
    maker: item.maker,
    category: item.category,
    uses: item.uses,
    usesEn: item.usesEn,
    region: item.region,
    fields: item.fields,
    fee: item.fee ?? null,
    status: item.status,
    institute: { code: item.instituteCode, nameKo: names.get(item.instituteCode) ?? item.instituteCode },
    marked: { name: markWords(item.name, query), nameEn: markWords(item.nameEn, query) },
  };
}

export type EquipmentPage = {
  items: EquipmentHit[];
  total: number;
  page: number;
  pages: number;
  limit: number;
  facets: FacetCounts;
};

/** Pages already answered, per index (one registry revision): the landing page and popular searches repeat. */
const answered = new WeakMap<EquipmentSearchIndex, Lru<string, EquipmentPage>>();
const PAGES_KEPT = 500;

export async function searchEquipment(query: EquipmentQuery): Promise<EquipmentPage> {
  const index = await currentIndex();
  let pages = answered.get(index);
  if (!pages) answered.set(index, (pages = new Lru(PAGES_KEPT)));
  const key = JSON.stringify(query);
  const page = pages.get(key) ?? searchIn(index, query);
  pages.set(key, page);
  return page;
}

/** The page of results and the facets of a query over an index. Pure. */
export function searchIn(index: EquipmentSearchIndex, query: EquipmentQuery): EquipmentPage {
  const matches = index.query(query.q ?? '').map((hit) => hit.item);
  const kept = matches.filter((item) => FACETS.every((f) => facetTest[f](item, query)));
  const start = (query.page - 1) * query.limit;
  const names = instituteNames();
  return {
    items: kept.slice(start, start + query.limit).map((item) => hitView(item, query.q ?? '', names)),
    total: kept.length,
    page: query.page,
    limit: query.limit,
    pages: Math.max(1, Math.ceil(kept.length / query.limit)),
    facets: countFacets(matches, query),
  };
}
