// Writes every worked case of the configured database (MONGODB_URI, or the embedded one
// in DATA_DIR) as a routing training row: `npm run export:route-labels -- FILE.jsonl`.
// Put the file in src/routing/training/ as cases-<anything>.jsonl and run
// `npm run train:route`: the teams the consortium actually formed then train the model.
import 'dotenv/config';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { ConfigError, loadConfig } from '../src/core/config';
import { openDatabase } from '../src/core/db/database';
import { StartupError } from '../src/core/errors';
import { createLogger } from '../src/core/logger';
import { workedCaseLabels } from '../src/cases/routing-labels';

const target = process.argv[2];
if (!target) {
  process.stderr.write('usage: npm run export:route-labels -- FILE.jsonl\n');
  process.exit(2);
}

try {
  const config = loadConfig();
  const database = await openDatabase(config, createLogger(config.logLevel));
  const out = createWriteStream(target);
  let rows = 0;
  let joint = 0;
  try {
    for await (const line of workedCaseLabels()) {
      if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
      rows++;
      if (line.gold.convergence) joint++;
    }
  } finally {
    out.end();
    await once(out, 'finish');
    await database.close();
  }
  process.stdout.write(`wrote ${rows} worked cases (${joint} joint) to ${target}\n`);
} catch (error) {
  if (!(error instanceof ConfigError || error instanceof StartupError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
