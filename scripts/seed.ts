// `npm run seed -- --demo [--volume N]`: loads the institutes and, with --demo, the demo
// accounts and cases into the configured database (MONGODB_URI, the running app's
// embedded one, or the embedded one started for this). Idempotent, except --volume N,
// which adds N more realistic cases each time (src/demo/volume.ts).
import 'dotenv/config';
import { ConfigError, loadConfig } from '../src/core/config';
import { openDatabase } from '../src/core/db/database';
import { whileLoadingCases } from '../src/cases/rekey';
import { recountLoads } from '../src/routing/load';
import { subscribeToCaseChanges } from '../src/subscriptions';
import { StartupError } from '../src/core/errors';
import { createLogger } from '../src/core/logger';
import { createMailer } from '../src/core/mail';
import { seedDemo } from '../src/demo/seed';
import { seedVolume } from '../src/demo/volume';
import { seedCatalogue, seedCatalogueVersion } from '../src/institutes/catalogue';
import { seedInstitutes } from '../src/institutes/seed';
import { seedCatalogueEquipment } from '../src/equipment/seed';

const demo = process.argv.includes('--demo');
const volumeArg = process.argv.indexOf('--volume');
const volume = volumeArg > 0 ? Number(process.argv[volumeArg + 1]) : 0;

try {
  const config = loadConfig();
  if (demo && config.env === 'production') throw new StartupError('Demo data is refused when NODE_ENV=production.');
  if (!Number.isInteger(volume) || volume < 0 || (volume > 0 && !demo))
    throw new StartupError('--volume takes a whole number of cases and goes with --demo, e.g. --demo --volume 25000.');
  const log = createLogger(config.logLevel);
  const database = await openDatabase(config, log);
  const ctx = { config, log, mailer: createMailer(config, log), now: () => new Date() };
  subscribeToCaseChanges(ctx);
  try {
    await seedInstitutes(seedCatalogue(), seedCatalogueVersion());
    await seedCatalogueEquipment(seedCatalogue());
    if (demo) await seedDemo(ctx);
    process.stdout.write(`seeded institutes${demo ? ' and demo data' : ''}\n`);
    if (volume) {
      const started = Date.now();
      await whileLoadingCases(log, () => seedVolume(volume, new Date()));
      await recountLoads();
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(
        `added ${volume} cases in ${seconds.toFixed(1)} s (${Math.round(volume / seconds)} cases/s)\n`,
      );
    }
  } finally {
    await database.close();
  }
} catch (error) {
  if (!(error instanceof ConfigError || error instanceof StartupError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
