// Capability profiles of the 37 institutes (profiles.json): research divisions, test
// and certification scopes, typical problems and extra terms, in Korean and English.
// The routing index reads them beside the catalogue so that a request's words find
// the institute that does the work even when the catalogue's 10–20 expertise terms
// do not name it.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const profileSchema = z.object({
  divisions: z.array(z.string().min(1)),
  testScopes: z.array(z.string().min(1)),
  problems: z.array(z.string().min(1)),
  terms: z.array(z.string().min(1)),
  sources: z.array(z.string().min(1)),
});

const profilesSchema = z.object({ about: z.string(), institutes: z.record(z.string(), profileSchema) });

export type InstituteProfile = z.infer<typeof profileSchema>;

let cached: Record<string, InstituteProfile> | undefined;

/** The profiles by institute code, read and checked once. */
export function instituteProfiles(): Record<string, InstituteProfile> {
  if (!cached) {
    const raw = readFileSync(new URL('./profiles.json', import.meta.url), 'utf8');
    cached = profilesSchema.parse(JSON.parse(raw)).institutes;
  }
  return cached;
}

/** Each profile entry the routing index reads, by institute code (sources are not evidence). */
export function profileEntries(): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(instituteProfiles()).map(([code, p]) => [
      code,
      [...p.divisions, ...p.testScopes, ...p.problems, ...p.terms],
    ]),
  );
}
