// `npm run import:equipment -- FILE.xlsx|FILE.csv`: imports an equipment registry file
// into the configured database (MONGODB_URI, or the embedded one). Every row is checked
// first; when any is wrong nothing is written and the wrong rows are printed (exit 1).
// Idempotent: running it again with the same file changes nothing.
import 'dotenv/config';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/core/config';
import { openDatabase } from '../src/core/db/database';
import { StartupError } from '../src/core/errors';
import { createLogger } from '../src/core/logger';
import { importRegistryFile } from '../src/equipment/imports';

async function main(file: string | undefined): Promise<number> {
  if (!file) {
    process.stderr.write('usage: npm run import:equipment -- FILE.xlsx|FILE.csv\n');
    return 2;
  }
  const data = await readFile(file).catch(() => undefined);
  if (!data) {
    process.stderr.write(`cannot read ${file}\n`);
    return 2;
  }
  const config = loadConfig();
  const database = await openDatabase(config, createLogger(config.logLevel));
  try {
    const started = Date.now();
    const report = await importRegistryFile(null, data, path.basename(file));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (!report.imported) {
      for (const r of report.rejected) process.stdout.write(`row ${r.row}\t${r.column}\t${r.message}\n`);
      process.stdout.write(`${report.rejected.length} problems in ${report.read} rows: nothing imported\n`);
      return 1;
    }
    const { inserted, updated, unchanged, total } = report.result;
    process.stdout.write(
      `${report.read} rows in ${seconds} s: ${inserted} new, ${updated} updated, ${unchanged} unchanged; the registry holds ${total}\n`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

try {
  process.exitCode = await main(process.argv[2]);
} catch (error) {
  if (!(error instanceof ConfigError || error instanceof StartupError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
