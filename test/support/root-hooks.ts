// Root hooks for the whole mocha run. The embedded database is started lazily by
// test/support/database.ts the first time a test needs it, so pure unit tests run
// without one; this hook only makes sure it is stopped at the end.
import { stopTestDatabase } from './database';

export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopTestDatabase();
  },
};
