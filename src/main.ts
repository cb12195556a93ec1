// Entry point of `npm start`: configuration, start, and graceful shutdown.
import 'dotenv/config';
import { ConfigError, loadConfig } from './core/config';
import { StartupError } from './core/errors';
import { createLogger } from './core/logger';
import { startServer } from './server';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const log = createLogger(config.logLevel);
  let running;
  try {
    running = await startServer(config, log);
  } catch (error) {
    if (error instanceof StartupError) fail(error.message);
    throw error;
  }
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    await running.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

void main();
