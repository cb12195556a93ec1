// The consortium catalogue: the 37 member institutes with their fields, expertise,
// services and representative equipment. The seed copy in catalogue.json is the
// product side's data (shared/data/institutes.json), checked into the project so
// that nothing reads outside the project at run time.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const FIELDS = ['기초소재', '응용소재', '전자부품', '모듈·부품', '시스템·장비'] as const;
export type Field = (typeof FIELDS)[number];

const equipmentSchema = z.object({
  name: z.string().min(1),
  nameEn: z.string().min(1),
  capabilities: z.array(z.string().min(1)),
});

const instituteSchema = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9]{1,11}$/),
  nameKo: z.string().min(1),
  nameEn: z.string().min(1),
  type: z.string().min(1),
  region: z.string().min(1),
  city: z.string().min(1),
  homeField: z.enum(FIELDS),
  fields: z.array(z.enum(FIELDS)).min(1),
  industries: z.array(z.string().min(1)),
  expertise: z.array(z.string().min(1)),
  services: z.array(z.string().min(1)),
  equipment: z.array(equipmentSchema),
});

export const catalogueSchema = z.object({
  about: z.string(),
  fields: z.array(z.enum(FIELDS)),
  services: z.array(z.string().min(1)),
  coordinator: z.object({
    code: z.string(),
    nameKo: z.string(),
    nameEn: z.string(),
    role: z.string(),
  }),
  institutes: z.array(instituteSchema),
});

export type Catalogue = z.infer<typeof catalogueSchema>;
export type CatalogueInstitute = z.infer<typeof instituteSchema>;
export type CatalogueEquipment = z.infer<typeof equipmentSchema>;

const SEED_PATH = new URL('./catalogue.json', import.meta.url);

let cached: { catalogue: Catalogue; version: string } | undefined;

function readSeed(): { catalogue: Catalogue; version: string } {
  const raw = readFileSync(SEED_PATH, 'utf8');
  const catalogue = catalogueSchema.parse(JSON.parse(raw));
  const version = createHash('sha256').update(raw).digest('hex').slice(0, 12);
  return { catalogue, version };
}

/** The seed catalogue, validated once and cached for the life of the process. */
export function seedCatalogue(): Catalogue {
  cached ??= readSeed();
  return cached.catalogue;
}

/** A short content hash of the seed file: stored with routing results and institutes. */
export function seedCatalogueVersion(): string {
  cached ??= readSeed();
  return cached.version;
}

export type InstituteName = { code: string; nameKo: string; nameEn: string; homeField: string; region: string };

/**
 * The institutes' names and places, ordered by code, from the catalogue in memory: the
 * database holds the same facts (seeded from it at every start), so pages that only
 * name institutes need not read them.
 */
/** Institute names by code in a page's language (Korean or English). */
export function instituteNamesIn(locale: 'ko' | 'en'): Map<string, string> {
  return new Map(catalogueInstitutes().map((i) => [i.code, locale === 'en' ? i.nameEn : i.nameKo]));
}

export function catalogueInstitutes(): InstituteName[] {
  return seedCatalogue()
    .institutes.map(({ code, nameKo, nameEn, homeField, region }) => ({ code, nameKo, nameEn, homeField, region }))
    .sort((a, b) => a.code.localeCompare(b.code));
}
