// The routing index: inverted postings from feature to the institutes that carry it,
// with one aggregated weight per institute, so routing a request costs a few postings
// per request feature however large the equipment and researcher lists grow.
import type { Catalogue, CatalogueInstitute } from '../institutes/catalogue';
import { serviceRarity } from './attributes';
import { defaultLexicon, isNeedSentence } from './lexicon';
import type { Lexicon } from './lexicon';
import { textFeatureSet } from './features';
import type { ResearcherProfile } from './types';
import { defaultTeamModel, type TeamModel } from './team-model';

export type ItemKind =
  'expertise' | 'equipment' | 'researcher' | 'profile' | 'example' | 'industry' | 'service' | 'name';

/**
 * How strongly one solved request's need speaks for an institute that can meet it: less
 * than a profile entry, as a need's wording also carries the product's context. Chosen by
 * cross-validation on the training requests (docs/routing.md); 0.15–0.45 score alike.
 */
const EXAMPLE_WEIGHT = 0.3;

/** How strongly one catalogue entry of each kind speaks for its institute (0..1). */
const KIND_WEIGHT: Record<ItemKind, number> = {
  expertise: 0.9,
  equipment: 0.75,
  researcher: 0.6,
  profile: 0.6,
  example: EXAMPLE_WEIGHT,
  name: 0.6,
  industry: 0.5,
  service: 0.4,
};

/** Catalogue entries kept per posting to explain a match. */
const ITEMS_PER_POSTING = 3;
/** Length normalisation: institutes with long lists should not win on volume alone. */
const LENGTH_B = 0.25;

export interface IndexedInstitute {
  code: string;
  nameKo: string;
  region: string;
  homeField: string;
  fields: string[];
  industries: string[];
  services: string[];
}

export interface IndexedItem {
  institute: number;
  kind: ItemKind;
  label: string;
}

export interface PostingEntry {
  institute: number;
  weight: number;
  items: number[];
}

export interface PostingList {
  idf: number;
  entries: PostingEntry[];
  /** Whether a catalogue entry, profile or researcher carries the feature, not only solved requests' needs. */
  catalogued: boolean;
}

export interface RoutingIndex {
  catalogueVersion?: string;
  lexicon: Lexicon;
  /** The learned joint-team decision (team-model.json). */
  teamModel: TeamModel;
  institutes: IndexedInstitute[];
  instituteByCode: Map<string, number>;
  items: IndexedItem[];
  postings: Map<string, PostingList>;
  lengthNorm: number[];
  /** Per catalogue service: 0..1, how few institutes offer it. */
  serviceRarity: Map<string, number>;
}

export interface BuildIndexOptions {
  researchers?: ResearcherProfile[];
  /** Capability profile entries by institute code (src/institutes/profiles.ts). */
  profiles?: Record<string, string[]>;
  /** Needs of solved requests and the institutes that can meet them (examples.ts). */
  examples?: NeedExample[];
  catalogueVersion?: string;
  lexicon?: Lexicon;
  teamModel?: TeamModel;
}

export interface NeedExample {
  text: string;
  institutes: string[];
}

interface ItemSource {
  kind: ItemKind;
  label: string;
  texts: string[];
}

function instituteSources(institute: CatalogueInstitute): ItemSource[] {
  const one = (kind: ItemKind, text: string): ItemSource => ({ kind, label: text, texts: [text] });
  return [
    { kind: 'name', label: institute.nameKo, texts: [institute.nameKo, institute.nameEn] },
    ...institute.expertise.map((term) => one('expertise', term)),
    ...institute.equipment.map((equipment) => ({
      kind: 'equipment' as const,
      label: `${equipment.name}(${equipment.capabilities.join(', ')})`,
      texts: [equipment.name, equipment.nameEn, ...equipment.capabilities],
    })),
    ...institute.industries.map((industry) => one('industry', industry)),
    ...institute.services.map((service) => one('service', service)),
  ];
}

function researcherSource(researcher: ResearcherProfile): ItemSource {
  return {
    kind: 'researcher',
    label: `${researcher.name}(${researcher.keywords.join(', ')})`,
    texts: researcher.keywords,
  };
}

function profileSource(entry: string): ItemSource {
  return { kind: 'profile', label: entry, texts: [entry] };
}

function exampleSource(example: NeedExample): ItemSource {
  return { kind: 'example', label: example.text, texts: [example.text] };
}

interface Accumulator {
  keep: number;
  items: number[];
}

class PostingBuilder {
  private readonly byFeature = new Map<string, Map<number, Accumulator>>();
  /** Features some entry other than a solved request's need carries. */
  private readonly catalogued = new Set<string>();
  /** Catalogue texts repeat a lot (capabilities, keywords): analyse each once. */
  private readonly featuresOfText = new Map<string, Set<string>>();
  readonly items: IndexedItem[] = [];
  readonly wordCounts: number[];

  constructor(
    private readonly lexicon: Lexicon,
    instituteCount: number,
  ) {
    this.wordCounts = new Array<number>(instituteCount).fill(0);
  }

  /** `wordsOnly`: besides the features catalogue entries carry, only whole words that are not the wording of an ask. */
  add(institute: number, source: ItemSource, wordsOnly = false): void {
    const item = this.items.push({ institute, kind: source.kind, label: source.label }) - 1;
    const features = new Set(
      source.texts
        .flatMap((text) => [...this.textFeatures(text)])
        .filter((feature) => !wordsOnly || this.catalogued.has(feature) || this.isContentWord(feature)),
    );
    const weight = KIND_WEIGHT[source.kind];
    for (const feature of features) {
      if (source.kind !== 'example') this.catalogued.add(feature);
      let perInstitute = this.byFeature.get(feature);
      if (!perInstitute) this.byFeature.set(feature, (perInstitute = new Map()));
      let acc = perInstitute.get(institute);
      if (!acc) {
        perInstitute.set(institute, (acc = { keep: 1, items: [] }));
        if (feature.startsWith('w:')) this.wordCounts[institute] = (this.wordCounts[institute] ?? 0) + 1;
      }
      // Probabilistic OR: more entries saying the same thing raise the weight towards 1.
      acc.keep *= 1 - weight;
      if (acc.items.length < ITEMS_PER_POSTING) acc.items.push(item);
    }
  }

  private isContentWord(feature: string): boolean {
    return feature.startsWith('w:') && !isNeedSentence(this.lexicon, feature.slice(2));
  }

  private textFeatures(text: string): Set<string> {
    let features = this.featuresOfText.get(text);
    if (!features) this.featuresOfText.set(text, (features = textFeatureSet(this.lexicon, text)));
    return features;
  }

  postings(instituteCount: number): Map<string, PostingList> {
    const postings = new Map<string, PostingList>();
    for (const [feature, perInstitute] of this.byFeature) {
      const df = perInstitute.size;
      const idf = Math.log(1 + (instituteCount - df + 0.5) / (df + 0.5));
      const entries = [...perInstitute].map(([institute, acc]) => ({
        institute,
        weight: 1 - acc.keep,
        items: acc.items,
      }));
      postings.set(feature, { idf, entries, catalogued: this.catalogued.has(feature) });
    }
    return postings;
  }
}

function lengthNorms(wordCounts: number[]): number[] {
  const average = wordCounts.reduce((a, b) => a + b, 0) / (wordCounts.length || 1) || 1;
  return wordCounts.map((count) => 1 - LENGTH_B + (LENGTH_B * count) / average);
}

/** Builds the index from catalogue data; pure, deterministic and reusable across requests. */
export function buildRoutingIndex(catalogue: Catalogue, options: BuildIndexOptions = {}): RoutingIndex {
  const lexicon = options.lexicon ?? defaultLexicon();
  const institutes: IndexedInstitute[] = catalogue.institutes.map((institute) => ({
    code: institute.code,
    nameKo: institute.nameKo,
    region: institute.region,
    homeField: institute.homeField,
    fields: [...institute.fields],
    industries: [...institute.industries],
    services: [...institute.services],
  }));
  const instituteByCode = new Map(institutes.map((institute, i) => [institute.code, i]));
  const builder = new PostingBuilder(lexicon, institutes.length);
  catalogue.institutes.forEach((institute, i) => {
    for (const source of instituteSources(institute)) builder.add(i, source);
  });
  for (const [code, entries] of Object.entries(options.profiles ?? {})) {
    const institute = instituteByCode.get(code);
    if (institute !== undefined) for (const entry of entries) builder.add(institute, profileSource(entry));
  }
  // A solved request's need is written as an ask ("…시험이 가능한지 문의드립니다"): its
  // character pairs and the words that ask are no evidence of a capability.
  for (const example of options.examples ?? [])
    for (const code of example.institutes) {
      const institute = instituteByCode.get(code);
      if (institute !== undefined) builder.add(institute, exampleSource(example), true);
    }
  for (const researcher of options.researchers ?? []) {
    const institute = instituteByCode.get(researcher.institute);
    if (institute !== undefined) builder.add(institute, researcherSource(researcher));
  }
  return {
    catalogueVersion: options.catalogueVersion,
    lexicon,
    teamModel: options.teamModel ?? defaultTeamModel(),
    institutes,
    instituteByCode,
    items: builder.items,
    postings: builder.postings(institutes.length),
    lengthNorm: lengthNorms(builder.wordCounts),
    serviceRarity: serviceRarity(institutes),
  };
}
