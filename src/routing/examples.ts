// Solved requests as routing evidence. Each labelled training request
// (training/set-*.jsonl) names the words of every need it states (`gold.needs`) and the
// institutes that can meet it; the index reads each need as one more entry of those
// institutes, so the way companies word a problem ("방사 노이즈 기준을 못 넘었습니다")
// finds the institute that solves it even where the catalogue and profiles do not say
// it. The held-out test set (training/holdout.jsonl) is never read here.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { NeedExample } from './build-index';
import { goldCaseSchema } from './evaluate';

const TRAINING_DIR = fileURLToPath(new URL('./training/', import.meta.url));
/** The training files: written sets and exported worked cases; holdout.jsonl does not match. */
const TRAINING_FILE = /^(?:set|cases)-[\w.-]+\.jsonl$/;

/** A labelled request with the words of each need it states (one per gold group, or one for a single request). */
export const labelledNeedsSchema = goldCaseSchema.extend({
  gold: goldCaseSchema.shape.gold.extend({ needs: z.array(z.string().min(1)).optional() }),
});
export type LabelledNeeds = z.infer<typeof labelledNeedsSchema>;

/**
 * The needs of one labelled request: for a joint request, each group's need with the
 * group's institutes; for a single one, its need with every acceptable institute.
 * A request whose needs are missing or do not line up with its groups gives none.
 */
export function examplesOf(labelled: LabelledNeeds): NeedExample[] {
  const { acceptable, convergence, groups, needs } = labelled.gold;
  const providers = convergence ? (groups ?? []) : [acceptable];
  if (!needs || needs.length !== providers.length) return [];
  return needs.map((text, i) => ({ text, institutes: providers[i] ?? [] }));
}

/** The JSON values of a JSON-lines file, blank lines skipped. */
export function jsonLines(path: string | URL): unknown[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as unknown);
}

/** Every line of the training files, with the file it comes from (each file has its own writer). */
export function trainingLines(): { file: string; raw: unknown }[] {
  return readdirSync(TRAINING_DIR)
    .filter((name) => TRAINING_FILE.test(name))
    .sort()
    .flatMap((file) => jsonLines(`${TRAINING_DIR}${file}`).map((raw) => ({ file, raw })));
}

let cached: NeedExample[] | undefined;

/** The needs of every training request, read once per process. */
export function trainingExamples(): NeedExample[] {
  cached ??= trainingLines().flatMap(({ raw }) => examplesOf(labelledNeedsSchema.parse(raw)));
  return cached;
}
