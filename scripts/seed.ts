// `npm run seed -- --demo`: loads the institutes and, with --demo, the demo accounts
// and cases into the configured database (MONGODB_URI or the embedded one). Idempotent.
import 'dotenv/config';
import { ConfigError, loadConfig } from '../src/core/config';
import { startDatabase } from '../src/core/db/database';
import { StartupError } from '../src/core/errors';
import { createLogger } from '../src/core/logger';
import { createMailer } from '../src/core/mail';
import { seedDemo } from '../src/demo/seed';
import { seedCatalogue, seedCatalogueVersion } from '../src/institutes/catalogue';
import { seedInstitutes } from '../src/institutes/seed';

const demo = process.argv.includes('--demo');

try {
  const config = loadConfig();
  if (demo && config.env === 'production') throw new StartupError('Demo data is refused when NODE_ENV=production.');
  const log = createLogger(config.logLevel);
  const database = await startDatabase(config, log);
  try {
    await seedInstitutes(seedCatalogue(), seedCatalogueVersion());
    if (demo) await seedDemo({ config, log, mailer: createMailer(config, log), now: () => new Date() });
    process.stdout.write(`seeded institutes${demo ? ' and demo data' : ''}\n`);
  } finally {
    await database.close();
  }
} catch (error) {
  if (!(error instanceof ConfigError || error instanceof StartupError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
