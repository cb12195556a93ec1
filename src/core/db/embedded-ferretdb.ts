// How to run FerretDB (released v1.24.2, PostgreSQL backend) under a SupervisedProcess.
//
// Two settings go to PostgreSQL with every FerretDB connection:
// - `plan_cache_mode=force_custom_plan`: FerretDB sends the field name of a filter as a
//   bind parameter (`_jsonb->$1 @> $2`), and PostgreSQL can use an expression index on
//   `_jsonb->'field'` only in a plan made for the actual field name, never in a cached
//   generic plan.
// - `enable_seqscan=off`: documents live out of line (TOAST), so the planner prices a
//   sequential scan by the small main table and misses the cost of detoasting every row
//   to evaluate the filter — it chose a 530 ms scan over an 8 ms GIN lookup at 25,000
//   cases. Every hot filter has an index (postgres-indexes.ts); a filter without one is
//   still answered, by the scan, which is then the only plan.
import type { Logger } from '../logger';
import { portAnswers, type ProcessSpec } from './supervised-process';

export const MONGO_DATABASE = 'sobujang';

export function ferretdbUri(port: number): string {
  return `mongodb://127.0.0.1:${port}/${MONGO_DATABASE}`;
}

function withIndexPlans(postgresUrl: string): string {
  const url = new URL(postgresUrl);
  url.searchParams.set('plan_cache_mode', 'force_custom_plan');
  url.searchParams.set('enable_seqscan', 'off');
  return url.toString();
}

export function ferretdbProcess(options: {
  binary: string;
  port: number;
  postgresUrl: string;
  stateDir: string;
  log: Logger;
  restartDelayMs?: number;
}): ProcessSpec {
  return {
    name: 'FerretDB',
    command: options.binary,
    args: [
      '--handler=postgresql',
      `--postgresql-url=${withIndexPlans(options.postgresUrl)}`,
      `--listen-addr=127.0.0.1:${options.port}`,
      `--state-dir=${options.stateDir}`,
      '--telemetry=disable',
      '--debug-addr=-',
      '--log-level=error',
      '--log-format=json',
    ],
    stopSignal: 'TERM',
    isReady: () => portAnswers(options.port),
    log: options.log,
    stderrLevel: 'warn',
    // Claiming by unique insert (chat seqs, revision claims, case numbers) expects duplicates.
    routine: /duplicate key value violates unique constraint/,
    restartDelayMs: options.restartDelayMs,
  };
}
