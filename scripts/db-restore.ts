// `npm run db:restore -- FILE [--force]`: restores a backup written by `npm run db:backup`
// into the configured database (the embedded one at DATA_DIR, the running app's, or
// MONGODB_URI). A target that already holds data is refused unless --force, which drops
// the backup's collections first. Counts are verified against the backup's header.
import 'dotenv/config';
import path from 'node:path';
import mongoose from 'mongoose';
import { ConfigError, loadConfig } from '../src/core/config';
import { openDatabase, prepareCollections } from '../src/core/db/database';
import { StartupError } from '../src/core/errors';
import { createLogger } from '../src/core/logger';
import { BackupError, restoreBackup, type RestoreResult } from './backup-format';

const USAGE = 'usage: npm run db:restore -- FILE [--force]   (--force drops the collections it restores first)';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const force = args.includes('--force');
const files = args.filter((a) => a !== '--force');
if (files.length !== 1 || files[0]!.startsWith('-')) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(1);
}
const file = path.resolve(files[0]!);

/** One summary line, then "name restored/expected" for every collection. */
function report(result: RestoreResult, seconds: string): void {
  const lines = result.collections.map((c) => `  ${c.name} ${c.restored}/${c.expected}`);
  process.stdout.write(
    `restored ${file}: ${result.collections.length} collections, ${result.documents} documents in ${seconds} s\n${lines.join('\n')}\n`,
  );
}

try {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const database = await openDatabase(config, log);
  try {
    const db = mongoose.connection.db;
    if (!db) throw new StartupError('The database connection has no database.');
    const started = performance.now();
    const result = await restoreBackup(db, file, { force });
    // Registering the app's models only now makes their first init() build the indexes
    // on the restored collections (init() runs once per model and process).
    await import('../src/server');
    await prepareCollections(database.embedded);
    report(result, ((performance.now() - started) / 1000).toFixed(1));
    const wrong = result.mismatches.map((c) => `${c.name} has ${c.restored}, the backup ${c.expected}`);
    if (wrong.length > 0) throw new BackupError(`the restored counts differ from the backup: ${wrong.join('; ')}.`);
  } finally {
    await database.close();
  }
} catch (error) {
  if (!(error instanceof ConfigError || error instanceof StartupError || error instanceof BackupError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
