import type { Express } from 'express';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/core/config';
import { testDatabase } from './database';
import { testLogger } from './logger';

export const testConfig = loadConfig({ NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'silent' });

/** An express app wired to the shared test database. */
export async function testApp(): Promise<Express> {
  await testDatabase();
  return createApp({ config: testConfig, log: testLogger });
}
