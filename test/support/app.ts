import type { Express } from 'express';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/core/config';
import type { AppContext } from '../../src/core/context';
import { createMailer } from '../../src/core/mail';
import { testDatabase } from './database';
import { testLogger } from './logger';

export const testConfig = loadConfig({
  NODE_ENV: 'test',
  PORT: '0',
  LOG_LEVEL: 'silent',
  DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'sobujang-app-')),
});

/** A context whose clock a test can move. */
export function testContext(now: () => Date = () => new Date()): AppContext {
  return { config: testConfig, log: testLogger, mailer: createMailer(testConfig, testLogger), now };
}

/** An express app wired to the shared test database. */
export async function testApp(ctx: AppContext = testContext()): Promise<Express> {
  await testDatabase();
  return createApp(ctx);
}
