// `npm run db:backup -- [FILE]`: writes every collection of the app's database (the
// embedded one at DATA_DIR, the running app's, or MONGODB_URI) to one gzip file of
// Extended JSON lines; see scripts/backup-format.ts. `npm run db:restore` reads it.
import 'dotenv/config';
import path from 'node:path';
import mongoose from 'mongoose';
import { ConfigError, loadConfig } from '../src/core/config';
import { openDatabase } from '../src/core/db/database';
import { StartupError } from '../src/core/errors';
import { createLogger } from '../src/core/logger';
import { BackupError, defaultBackupFile, writeBackup } from './backup-format';

const USAGE = 'usage: npm run db:backup -- [FILE]   (default: DATA_DIR/backups/sobujang-<UTC time>.jsonl.gz)';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (args.length > 1 || args.some((a) => a.startsWith('-'))) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(1);
}

try {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const file = path.resolve(args[0] ?? defaultBackupFile(config.dataDir, new Date()));
  const database = await openDatabase(config, log);
  try {
    const db = mongoose.connection.db;
    if (!db) throw new StartupError('The database connection has no database.');
    const started = performance.now();
    const result = await writeBackup(db, file);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const collections = Object.keys(result.collections).length;
    process.stdout.write(
      `backup written to ${result.file}: ${collections} collections, ${result.documents} documents, ${result.bytes} bytes in ${seconds} s\n`,
    );
  } finally {
    await database.close();
  }
} catch (error) {
  if (!(error instanceof ConfigError || error instanceof StartupError || error instanceof BackupError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
