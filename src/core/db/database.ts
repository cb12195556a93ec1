// The one database connection (mongoose's default connection), to MONGODB_URI when
// set, else to the embedded FerretDB on PostgreSQL started for this process.
import mongoose from 'mongoose';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { EmbeddedDatabase, runningEmbeddedUri } from './embedded-database';
import { ensureFerretdbBinary } from './ferretdb-binary';
import { ensurePostgresIndexes, PUSHED_DOWN_FIELDS } from './postgres-indexes';

/** A ping answered later than this means the database is busy (degraded), not away. */
const SLOW_PING_MS = 1500;
/** A ping not answered by then counts as the database being away. */
const HEALTH_TIMEOUT_MS = 8000;

export type Database = {
  uri: string;
  embedded: EmbeddedDatabase | undefined;
  close(): Promise<void>;
};

export async function connectMongoose(uri: string): Promise<void> {
  // Fail fast instead of queueing while the database is away: requests then get a
  // clear "temporarily unavailable" answer, and the driver reconnects on its own.
  mongoose.set('bufferCommands', false);
  mongoose.set('strictQuery', true);
  await mongoose.connect(uri, {
    serverSelectionTimeoutMS: 3000,
    connectTimeoutMS: 3000,
    socketTimeoutMS: 10_000,
    heartbeatFrequencyMS: 2000,
    autoIndex: true,
    // Every write is acknowledged: an unacknowledged one gets a reply from FerretDB
    // anyway, which the driver would hand to the next command on the connection.
    writeConcern: { w: 1 },
  });
}

/**
 * Creates every model's collection and indexes, then (on the embedded database) the
 * PostgreSQL indexes FerretDB's pushed-down filters need. Runs before serving.
 */
export async function prepareCollections(embedded: EmbeddedDatabase | undefined): Promise<void> {
  await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
  const db = mongoose.connection.db;
  const existing = new Set((await db?.listCollections({}, { nameOnly: true }).toArray())?.map((c) => c.name));
  for (const name of Object.keys(PUSHED_DOWN_FIELDS)) if (!existing.has(name)) await db?.createCollection(name);
  if (embedded) await ensurePostgresIndexes(embedded.postgresUrl);
}

export async function startDatabase(config: Config, log: Logger): Promise<Database> {
  if (config.mongodbUri) {
    await connectMongoose(config.mongodbUri);
    await prepareCollections(undefined);
    log.info('connected to MongoDB from MONGODB_URI');
    return { uri: config.mongodbUri, embedded: undefined, close: () => mongoose.disconnect() };
  }
  const binary = await ensureFerretdbBinary(config.ferretdbBin, (line) => log.info(line));
  const embedded = await EmbeddedDatabase.start({
    binary,
    dataDir: config.dataDir,
    postgresUrl: config.postgresUrl,
    log,
  });
  await connectMongoose(embedded.uri);
  await prepareCollections(embedded);
  log.info({ uri: embedded.uri, dataDir: config.dataDir }, 'embedded FerretDB on PostgreSQL started');
  return {
    uri: embedded.uri,
    embedded,
    close: async () => {
      await mongoose.disconnect();
      await embedded.stop();
    },
  };
}

/**
 * For command-line tools: the database the app at DATA_DIR is serving when it runs,
 * else one started for the tool (two servers cannot share one data folder).
 */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  const running = config.mongodbUri ? undefined : await runningEmbeddedUri(config.dataDir);
  if (!running) return startDatabase(config, log);
  await connectMongoose(running);
  log.info({ uri: running }, 'using the database of the running app');
  return { uri: running, embedded: undefined, close: () => mongoose.disconnect() };
}

/** Pings the database; false when it does not answer within a second and a half. */
export type DatabaseHealth = { state: 'up' | 'slow' | 'down'; latencyMs?: number };

/**
 * Pings the database: `up`, `slow` when it answers after SLOW_PING_MS (busy, not away),
 * or `down` when it refuses or does not answer within HEALTH_TIMEOUT_MS.
 */
export async function databaseHealth(): Promise<DatabaseHealth> {
  const db = mongoose.connection.db;
  if (!db) return { state: 'down' };
  const started = performance.now();
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), HEALTH_TIMEOUT_MS).unref());
  const ping = db
    .admin()
    .ping()
    .then(() => true as const)
    .catch(() => false as const);
  if (!(await Promise.race([ping, timeout]))) return { state: 'down' };
  const latencyMs = Math.round(performance.now() - started);
  return { state: latencyMs > SLOW_PING_MS ? 'slow' : 'up', latencyMs };
}
