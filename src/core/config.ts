// Every setting comes from the environment, parsed and validated once at start.
// A bad value stops start-up with a message naming the variable (see ConfigError).
import path from 'node:path';
import { z } from 'zod';

const DEV_SESSION_SECRET = 'dev-only-session-secret-change-me-0000';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const variablesSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce
    .number({ message: 'must be a whole number from 0 to 65535' })
    .int('must be a whole number from 0 to 65535')
    .min(0, 'must be a whole number from 0 to 65535')
    .max(65535, 'must be a whole number from 0 to 65535')
    .default(3000),
  HOST: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  FERRETDB_BIN: z.string().min(1).optional(),
  POSTGRES_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,40}$/, 'letters, digits, ":", "_" and "-", at most 40')
    .default('sobujang-chat'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_DEMO: booleanFlag.optional(),
  APP_URL: z.url({ message: 'must be a URL such as https://match.example.kr' }).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('소부장 매칭 <no-reply@sobujang.local>'),
  SLA_ACCEPT_HOURS: z.coerce
    .number({ message: 'must be a number of business hours' })
    .positive('must be a positive number of business hours')
    .default(16),
});

/** Every environment variable the app reads (.env.example documents each one). */
export const CONFIG_VARIABLES = Object.keys(variablesSchema.shape);

const envSchema = variablesSchema.superRefine((env, ctx) => {
  if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required when NODE_ENV=production' });
  }
  if (env.NODE_ENV === 'production' && !env.APP_URL?.startsWith('https://')) {
    ctx.addIssue({
      code: 'custom',
      path: ['APP_URL'],
      message:
        'must be the https:// address users open when NODE_ENV=production (the session cookie is sent over https only)',
    });
  }
  if (env.NODE_ENV === 'production' && env.SEED_DEMO) {
    ctx.addIssue({ code: 'custom', path: ['SEED_DEMO'], message: 'cannot be true when NODE_ENV=production' });
  }
});

export type Config = {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string | undefined;
  dataDir: string;
  mongodbUri: string | undefined;
  ferretdbBin: string | undefined;
  postgresUrl: string | undefined;
  sessionSecret: string;
  redisUrl: string | undefined;
  /** Names the chat's Redis stream and keys, so several deployments can share one Redis. */
  redisPrefix: string;
  logLevel: string;
  seedDemo: boolean;
  appUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  slaAcceptHours: number;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

/** Parses the environment; throws ConfigError naming each bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const emptyAsUnset = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(emptyAsUnset);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`));
  }
  const env = parsed.data;
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    dataDir: path.resolve(env.DATA_DIR),
    mongodbUri: env.MONGODB_URI,
    ferretdbBin: env.FERRETDB_BIN,
    postgresUrl: env.POSTGRES_URL,
    sessionSecret: env.SESSION_SECRET ?? DEV_SESSION_SECRET,
    redisUrl: env.REDIS_URL,
    redisPrefix: env.REDIS_PREFIX,
    logLevel: env.LOG_LEVEL,
    seedDemo: env.SEED_DEMO ?? env.NODE_ENV !== 'production',
    appUrl: env.APP_URL?.replace(/\/$/, ''),
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    slaAcceptHours: env.SLA_ACCEPT_HOURS,
  };
}
