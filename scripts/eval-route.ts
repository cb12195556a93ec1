// Scores the engine on a labelled set: `npm run eval:route [-- GOLD.jsonl] [--verbose]`.
// Defaults to the dev set in test/routing/fixtures. Prints one row per metric, then misses.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evaluateRouting, routeCase, seedRoutingIndex } from '../src/routing';
import type { RoutingAnswer } from '../src/routing';
import { batchLineSchema } from '../src/routing/batch';
import { goldCaseSchema } from '../src/routing/evaluate';

const DEV_SET = fileURLToPath(new URL('../test/routing/fixtures/routing-dev.jsonl', import.meta.url));

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const goldPath = args.find((arg) => !arg.startsWith('--')) ?? DEV_SET;

const lines = readFileSync(goldPath, 'utf8')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as unknown);
const index = seedRoutingIndex();
const answers: RoutingAnswer[] = [];
for (const line of lines) {
  const { id, ...request } = batchLineSchema.parse(line);
  const result = routeCase(index, request);
  answers.push({ id, ranked: result.ranked, team: result.team, convergence: result.convergence });
  if (verbose) {
    const top = result.ranked
      .slice(0, 4)
      .map((r) => `${r.institute}:${r.score}`)
      .join(' ');
    const aspects = result.aspects
      .slice(0, 5)
      .map((a) => `${a.label}[${a.weight}→${a.coveredBy ?? '-'}]`)
      .join(' ');
    process.stdout.write(`${id}\t${top}\tteam=${result.team.join('+')}\t${aspects}\n`);
  }
}
const { metrics, misses } = evaluateRouting(
  lines.map((line) => goldCaseSchema.parse(line)),
  answers,
);
process.stdout.write(`gold           ${goldPath}\n`);
for (const [metric, value] of Object.entries(metrics)) process.stdout.write(`${metric.padEnd(14)} ${value}\n`);
for (const miss of misses) process.stdout.write(`miss  ${miss}\n`);
