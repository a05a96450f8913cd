import path from 'node:path';
import { z } from 'zod';
import type { PoolSettings } from './db/index.js';
import { projectRoot } from './paths.js';

const booleanFlag = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A whole number from `min` to `max` in the given unit; 0 switches a limit off where the README says so. */
function wholeNumber(min: number, max: number, unit: string) {
  const range = `must be a whole number of ${unit} from ${min} to ${max}`;
  return z.coerce.number({ error: range }).int(range).min(min, range).max(max, range);
}

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: z.coerce
      .number({ error: 'must be a number from 1 to 65535' })
      .int('must be a whole number')
      .min(1, 'must be a number from 1 to 65535')
      .max(65535, 'must be a number from 1 to 65535')
      .default(3000),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    COOKIE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    COOKIE_SECURE: booleanFlag.optional(),
    PUBLIC_URL: z.url('must be a URL such as https://nastavnik.example.ru').optional(),
    SEED_DEMO: booleanFlag.optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    BODY_LIMIT: z.coerce
      .number({ error: 'must be a number of bytes' })
      .int('must be a whole number of bytes')
      .min(1024, 'must be at least 1024 bytes')
      .default(1_048_576),
    TRUST_PROXY: booleanFlag.default(false),
    DB_POOL_MAX: wholeNumber(1, 1000, 'connections').default(10),
    DB_CONNECT_TIMEOUT_MS: wholeNumber(0, 600_000, 'milliseconds').default(5_000),
    DB_STATEMENT_TIMEOUT_MS: wholeNumber(0, 3_600_000, 'milliseconds').default(30_000),
    DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: wholeNumber(0, 3_600_000, 'milliseconds').default(60_000),
    DB_WAIT_SECONDS: wholeNumber(0, 3_600, 'seconds').default(60),
    DB_QUEUE_LIMIT: wholeNumber(0, 1_000_000, 'requests').default(500),
    DB_PREPARE: booleanFlag.default(true),
    OVERLOAD_EVENT_LOOP_DELAY_MS: wholeNumber(0, 600_000, 'milliseconds').optional(),
    OVERLOAD_HEAP_USED_MB: wholeNumber(0, 1_000_000, 'megabytes').default(0),
    // Issue 16: the periodic jobs (src/modules/jobs). JOBS=off: `npm start` runs no scheduler.
    JOBS: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
    JOBS_POLL_SECONDS: wholeNumber(1, 86_400, 'seconds').default(60),
    JOBS_MAX_ATTEMPTS: wholeNumber(1, 100, 'attempts').default(3),
    JOBS_RETRY_SECONDS: wholeNumber(1, 86_400, 'seconds').default(60),
    JOB_SESSIONS_CLEANUP_MINUTES: wholeNumber(1, 525_600, 'minutes').default(60),
    JOB_IMPORT_BATCHES_CLEANUP_MINUTES: wholeNumber(1, 525_600, 'minutes').default(60),
    JOB_PASSWORD_LINKS_CLEANUP_MINUTES: wholeNumber(1, 525_600, 'minutes').default(1_440),
    JOB_RECOUNT_INDICATORS_MINUTES: wholeNumber(1, 525_600, 'minutes').default(5),
    JOB_REMINDERS_MINUTES: wholeNumber(1, 525_600, 'minutes').default(60),
    IMPORT_BATCH_LIFE_HOURS: wholeNumber(1, 8_760, 'hours').default(24),
    // Issue 16, e-mail: how often notifications are mailed and the digest is sent; older ones are never mailed.
    JOB_MAIL_MINUTES: wholeNumber(1, 525_600, 'minutes').default(1),
    JOB_MAIL_DIGEST_MINUTES: wholeNumber(1, 525_600, 'minutes').default(1_440),
    MAIL_MAX_AGE_HOURS: wholeNumber(1, 8_760, 'hours').default(72),
    // Issue 16, e-mail: without SMTP_URL the portal sends no mail (and its settings page says so).
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps:// (e.g. smtp://user:password@mail.example.ru:587)')
      .optional(),
    MAIL_FROM: z.string().min(3).default('Наставничество <no-reply@localhost>'),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.COOKIE_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['COOKIE_SECRET'], message: 'is required in production' });
    }
    // Mails carry absolute links: in production they must name the address people open.
    if (env.NODE_ENV === 'production' && env.SMTP_URL && !env.PUBLIC_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message: 'is required in production when SMTP_URL is set (links in mails)',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  cookieSecret: string;
  cookieSecure: boolean;
  publicUrl: string | undefined;
  seedDemo: boolean;
  logLevel: Env['LOG_LEVEL'];
  bodyLimit: number;
  trustProxy: boolean;
  /** Connections to a PostgreSQL server and their time limits (ignored on the embedded database). */
  pool: PoolSettings;
  /** How long the start waits for the database to answer, retrying (0: one try). */
  databaseWaitSeconds: number;
  /** When a request is answered 503 with Retry-After instead of being queued (0: check off). */
  overload: { eventLoopDelayMs: number; heapUsedBytes: number; databaseQueue: number };
  /** The periodic jobs: whether `npm start` runs them, how often each runs, how failures retry. */
  jobs: JobsConfig;
  /** E-mail (issue 16): the SMTP server (null: no mail is sent) and the sender. */
  mail: MailConfig;
}

export interface MailConfig {
  smtpUrl: string | null;
  from: string;
}

/** A named job of src/modules/jobs/registry.ts: its schedule is configuration, its code is not. */
export type JobName =
  | 'cleanup-sessions'
  | 'cleanup-import-batches'
  | 'cleanup-password-links'
  | 'recount-indicators'
  | 'reminders'
  | 'mail'
  | 'mail-digest';

export interface JobsConfig {
  /** `npm start` runs the scheduler in the portal's process (JOBS=on). */
  enabled: boolean;
  /** How often the scheduler looks for due jobs. */
  pollSeconds: number;
  /** Tries of one due run before it is marked failed and waits for its next scheduled time. */
  maxAttempts: number;
  /** The first retry's delay; each next one doubles it. */
  retrySeconds: number;
  /** Minutes between two runs of each job. */
  everyMinutes: Record<JobName, number>;
  /** An import batch nobody confirmed is removed with its personal data after this many hours. */
  importBatchLifeHours: number;
  /** A notification older than this is never mailed (turning SMTP on later does not mail the history). */
  mailMaxAgeHours: number;
}

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError with one line per wrong variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  // A variable set to an empty string (a blank line in .env) counts as not set.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      return `Configuration error: ${name} ${issue.message} (got ${JSON.stringify(source[name] ?? null)})`;
    });
    throw new ConfigError(lines.join('\n'));
  }
  const env = parsed.data;
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    databaseUrl: env.DATABASE_URL,
    dataDir: path.resolve(projectRoot, env.DATA_DIR),
    // Outside production a per-process secret is enough: it only signs short-lived cookies.
    cookieSecret: env.COOKIE_SECRET ?? randomSecret(),
    cookieSecure: env.COOKIE_SECURE ?? env.NODE_ENV === 'production',
    publicUrl: env.PUBLIC_URL,
    seedDemo: env.SEED_DEMO ?? env.NODE_ENV !== 'production',
    logLevel: env.LOG_LEVEL,
    bodyLimit: env.BODY_LIMIT,
    trustProxy: env.TRUST_PROXY,
    pool: {
      max: env.DB_POOL_MAX,
      connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
      idleInTransactionTimeoutMs: env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      prepare: env.DB_PREPARE,
    },
    databaseWaitSeconds: env.DB_WAIT_SECONDS,
    overload: {
      // The embedded database runs its queries on the event loop, so the loop's lag there measures the
      // database's own work (a recount), not overload; its single connection bounds the queue anyway.
      eventLoopDelayMs: env.OVERLOAD_EVENT_LOOP_DELAY_MS ?? (env.DATABASE_URL ? 1_000 : 0),
      heapUsedBytes: env.OVERLOAD_HEAP_USED_MB * 1024 * 1024,
      databaseQueue: env.DB_QUEUE_LIMIT,
    },
    jobs: {
      enabled: env.JOBS === 'on',
      pollSeconds: env.JOBS_POLL_SECONDS,
      maxAttempts: env.JOBS_MAX_ATTEMPTS,
      retrySeconds: env.JOBS_RETRY_SECONDS,
      everyMinutes: {
        'cleanup-sessions': env.JOB_SESSIONS_CLEANUP_MINUTES,
        'cleanup-import-batches': env.JOB_IMPORT_BATCHES_CLEANUP_MINUTES,
        'cleanup-password-links': env.JOB_PASSWORD_LINKS_CLEANUP_MINUTES,
        'recount-indicators': env.JOB_RECOUNT_INDICATORS_MINUTES,
        reminders: env.JOB_REMINDERS_MINUTES,
        mail: env.JOB_MAIL_MINUTES,
        'mail-digest': env.JOB_MAIL_DIGEST_MINUTES,
      },
      importBatchLifeHours: env.IMPORT_BATCH_LIFE_HOURS,
      mailMaxAgeHours: env.MAIL_MAX_AGE_HOURS,
    },
    mail: { smtpUrl: env.SMTP_URL ?? null, from: env.MAIL_FROM },
  };
}

function randomSecret(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('hex');
}
