import { createLogger } from '../../src/core/logger';

export const testLogger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
