// Kinds of instruments (instrument-types.json): names, acronyms and aliases, ZEUS-style
// category, uses, typical makers, models, specs and fees, and the institutes that run
// them. Written from general knowledge, not from a real registry. Search reads the
// names as its synonym table; the demo registry (demo-registry.ts) is generated from all of it.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { FIELDS } from '../institutes/catalogue';

const instrumentTypeSchema = z.object({
  key: z.string().regex(/^[a-z0-9-]+$/),
  nameKo: z.string().min(1),
  nameEn: z.string().min(1),
  acronyms: z.array(z.string().min(1)),
  aliases: z.array(z.string().min(1)),
  category: z.string().min(1),
  uses: z.array(z.string().min(1)).min(1),
  usesEn: z.array(z.string().min(1)).min(1),
  makers: z.array(z.object({ maker: z.string().min(1), models: z.array(z.string().min(1)).min(1) })).min(1),
  specs: z.array(
    z.object({ label: z.string().min(1), labelEn: z.string().min(1), values: z.array(z.string().min(1)).min(1) }),
  ),
  fee: z.object({ unit: z.enum(['hour', 'sample', 'day']), min: z.number().int().min(0), max: z.number().int() }),
  fields: z.array(z.enum(FIELDS)).min(1),
  institutes: z.array(z.string().min(2)).min(1),
  weight: z.number().int().min(1).max(5),
});

export type InstrumentType = z.infer<typeof instrumentTypeSchema>;

let cached: InstrumentType[] | undefined;

export function instrumentTypes(): InstrumentType[] {
  if (!cached) {
    const raw = readFileSync(new URL('./instrument-types.json', import.meta.url), 'utf8');
    cached = z.object({ about: z.string(), types: z.array(instrumentTypeSchema) }).parse(JSON.parse(raw)).types;
  }
  return cached;
}
