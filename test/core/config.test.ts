import { expect } from 'chai';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../../src/core/config';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('has working defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).to.equal(3000);
    expect(config.env).to.equal('development');
    expect(config.dataDir).to.equal(path.resolve('./data'));
    expect(config.mongodbUri).to.equal(undefined);
    expect(config.seedDemo).to.equal(true);
  });

  it('reads the variables it documents', () => {
    const config = loadConfig({
      PORT: '8080',
      DATA_DIR: '/tmp/x',
      MONGODB_URI: 'mongodb://127.0.0.1:27017/app',
      REDIS_URL: 'redis://127.0.0.1:6379',
      LOG_LEVEL: 'warn',
      SESSION_SECRET: 'a'.repeat(40),
    });
    expect(config).to.include({ port: 8080, dataDir: '/tmp/x', logLevel: 'warn', redisUrl: 'redis://127.0.0.1:6379' });
    expect(config.mongodbUri).to.equal('mongodb://127.0.0.1:27017/app');
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ PORT: '', MONGODB_URI: '' })).to.include({ port: 3000, mongodbUri: undefined });
  });

  it('names each bad variable', () => {
    const problems = problemsOf({ PORT: 'eighty', MONGODB_URI: 'postgres://x', LOG_LEVEL: 'loud' });
    expect(problems.join('\n'))
      .to.match(/^PORT /m)
      .and.match(/^MONGODB_URI /m)
      .and.match(/^LOG_LEVEL /m);
  });

  it("names the chat's Redis keys from REDIS_PREFIX, so deployments can share one Redis", () => {
    expect(loadConfig({}).redisPrefix).to.equal('sobujang-chat');
    expect(loadConfig({ REDIS_PREFIX: 'match-staging' }).redisPrefix).to.equal('match-staging');
    expect(problemsOf({ REDIS_PREFIX: 'has spaces' })[0]).to.match(/^REDIS_PREFIX/);
  });

  it('refuses a port out of range', () => {
    expect(problemsOf({ PORT: '70000' })[0]).to.match(/^PORT/);
  });

  it('requires a real session secret in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })[0]).to.match(/^SESSION_SECRET is required/);
    expect(problemsOf({ SESSION_SECRET: 'short' })[0]).to.match(/^SESSION_SECRET must be at least 32/);
  });

  it('refuses production without an https address, where the session cookie could not be Secure', () => {
    const secret = 's'.repeat(32);
    expect(problemsOf({ NODE_ENV: 'production', SESSION_SECRET: secret })[0]).to.match(/^APP_URL must be the https/);
    expect(
      problemsOf({ NODE_ENV: 'production', SESSION_SECRET: secret, APP_URL: 'http://match.example.kr' })[0],
    ).to.match(/^APP_URL/);
  });

  it('never seeds demo accounts in production', () => {
    const secret = 's'.repeat(32);
    const production = { NODE_ENV: 'production', SESSION_SECRET: secret, APP_URL: 'https://match.example.kr' };
    expect(loadConfig(production).seedDemo).to.equal(false);
    expect(problemsOf({ ...production, SEED_DEMO: 'true' })[0]).to.match(/^SEED_DEMO/);
    expect(loadConfig({ SEED_DEMO: 'false' }).seedDemo).to.equal(false);
  });

  it('documents every variable in .env.example, whose values are a valid configuration', () => {
    const documented: Record<string, string> = {};
    for (const line of readFileSync('.env.example', 'utf8').split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const at = line.indexOf('=');
      documented[line.slice(0, at)] = line.slice(at + 1);
    }
    expect(Object.keys(documented).sort()).to.deep.equal([...CONFIG_VARIABLES].sort());
    expect(() => loadConfig(documented)).to.not.throw();
  });
});
