import { createPublicKey, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { DEFAULT_BUREAU_TIMEZONE } from './domain/shared/calendar.js';
import { DEFAULT_SANCTION_BAR_MONTHS } from './domain/shared/decision-context.js';

// The register's configuration, read once from the environment (see ../shared/API.md "Running it").
// Every problem is reported at once, one line each, before anything is opened.

const requireHere = createRequire(import.meta.url);

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Empty strings count as unset, so `FOO= npm start` behaves like no FOO at all. */
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value));

const integer = (name: string, fallback: number, min: number, max: number) =>
  optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, `${name} must be a whole number`)
      .transform(Number)
      .pipe(z.number().int().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`))
      .optional(),
  ).transform((value) => value ?? fallback);

const EnvSchema = z
  .object({
    NODE_ENV: optionalText.pipe(z.enum(['development', 'production', 'test']).optional()).transform((v) => v ?? 'development'),
    PORT: integer('PORT', 3000, 0, 65535),
    HOST: optionalText.transform((v) => v ?? '127.0.0.1'),
    DATA_DIR: optionalText.transform((v) => v ?? './data'),
    EVENT_STORE: optionalText.pipe(z.enum(['sqlite', 'esdb'], { message: 'EVENT_STORE must be "sqlite" or "esdb"' }).optional()).transform((v) => v ?? 'sqlite'),
    ESDB_CONNECTION_STRING: optionalText.pipe(z.string().superRefine(checkConnectionString).optional()),
    JWT_SECRET: optionalText.pipe(z.string().min(32, 'JWT_SECRET must be at least 32 characters (HS256 needs a strong key)').optional()),
    JWT_PUBLIC_KEY: optionalText.pipe(
      z.string().refine(isTokenPublicKey, 'JWT_PUBLIC_KEY must be a PEM public key (-----BEGIN PUBLIC KEY-----...), RSA (RS256) or EC on P-256 (ES256)').optional(),
    ),
    JWT_ISSUER: optionalText,
    JWT_AUDIENCE: optionalText,
    BUREAU_TIMEZONE: optionalText
      .transform((v) => v ?? DEFAULT_BUREAU_TIMEZONE)
      .refine((zone) => DateTime.now().setZone(zone).isValid, 'BUREAU_TIMEZONE must be an IANA zone such as Asia/Shanghai'),
    LOG_LEVEL: optionalText.pipe(z.enum(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }).optional()),
    /** Requests per client address per window; 0 turns rate limiting off. */
    RATE_LIMIT_MAX: integer('RATE_LIMIT_MAX', 600, 0, 10_000_000),
    RATE_LIMIT_WINDOW_MS: integer('RATE_LIMIT_WINDOW_MS', 60_000, 1000, 86_400_000),
    BODY_LIMIT_BYTES: integer('BODY_LIMIT_BYTES', 65_536, 1024, 10_485_760),
    /** How long a finished Idempotency-Key is remembered. */
    IDEMPOTENCY_TTL_HOURS: integer('IDEMPOTENCY_TTL_HOURS', 24, 1, 24 * 365),
    /** How often the log is sealed (hash-chain checkpoint), in minutes; 0 turns scheduled seals off. */
    SEAL_INTERVAL_MINUTES: integer('SEAL_INTERVAL_MINUTES', 24 * 60, 0, 7 * 24 * 60),
    /** How often the whole log is verified in the background (results in /metrics), in minutes; 0 turns it off. */
    VERIFY_INTERVAL_MINUTES: integer('VERIFY_INTERVAL_MINUTES', 24 * 60, 0, 7 * 24 * 60),
    /** /readyz says not ready while the read models are further behind the log than this. */
    READY_MAX_LAG_SECONDS: integer('READY_MAX_LAG_SECONDS', 30, 1, 86_400),
    /** How long a graceful shutdown waits for requests in flight before closing anyway. */
    SHUTDOWN_TIMEOUT_MS: integer('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    /**
     * Months after a reassignment (调离执法岗位) or a loss of qualification (取消执法资格) took effect
     * during which the officer may not be put back on an enforcement post (nor, after a loss, be
     * granted a qualification), unless an appeal annulled or reduced the sanction.
     */
    SANCTION_BAR_MONTHS: integer('SANCTION_BAR_MONTHS', DEFAULT_SANCTION_BAR_MONTHS, 1, 120),
    /** Behind a reverse proxy, trust its X-Forwarded-For (for rate limiting and logs). */
    TRUST_PROXY: optionalText.pipe(z.enum(['true', 'false'], { message: 'TRUST_PROXY must be true or false' }).optional()).transform((v) => v === 'true'),
    /**
     * Read by `npm start` (and the replay scripts, and the container) for node's --max-old-space-size,
     * before the register runs: node refuses a value it cannot read at all, but runs without any cap
     * on 0 or a negative one. Checked here so that is not missed.
     */
    REGISTER_HEAP_MB: integer('REGISTER_HEAP_MB', 384, 64, 1_048_576),
  });

/** ESDB_CONNECTION_STRING's scheme; the rest is read by the client library (connectionStringProblem). */
function checkConnectionString(value: string, context: z.RefinementCtx): void {
  if (!/^esdb(\+discover)?:\/\//.test(value)) {
    context.addIssue({ code: 'custom', message: 'ESDB_CONNECTION_STRING must start with esdb:// or esdb+discover://' });
  }
}

/**
 * ESDB_CONNECTION_STRING as the client library reads it (its own parser: hosts, ports, and every
 * option's value, e.g. tls=true|false), so a mistake is reported at start instead of the register
 * retrying a connection it can never make. An option it does not know (a typo such as `tsl=true`)
 * would be ignored, silently: it is a problem too. The client prints what it ignores with the whole
 * string, password included; its output is taken here, and the password is never repeated. Only
 * for EVENT_STORE=esdb: the library is loaded for it alone.
 */
function connectionStringProblem(value: string): string | undefined {
  const { EventStoreDBClient } = requireHere('@eventstore/db-client') as typeof import('@eventstore/db-client');
  const password = /^esdb(?:\+discover)?:\/\/[^:@/?]*:([^@/?]+)@/.exec(value)?.[1];
  const masked = (text: string) => (password ? text.replaceAll(password, '***') : text).split('\n')[0]!.trim();
  const ignored: string[] = [];
  const warn = console.warn;
  console.warn = (...parts: unknown[]) => { ignored.push(parts.map(String).join(' ')); };
  try {
    void EventStoreDBClient.connectionString(value).dispose(); // parsed only: the client connects on first use
  } catch (error) {
    return `ESDB_CONNECTION_STRING is not a connection string EventStoreDB's client accepts: ${masked(error instanceof Error ? error.message : String(error))}`;
  } finally {
    console.warn = warn;
  }
  return ignored.length > 0 ? `ESDB_CONNECTION_STRING: ${masked(ignored[0]!)}` : undefined;
}

/** Rules across variables, checked on the raw values so they are reported with the per-variable ones. */
function crossVariableProblems(environment: NodeJS.ProcessEnv): string[] {
  const set = (name: string) => (environment[name] ?? '').trim() !== '';
  const problems: string[] = [];
  if (environment.EVENT_STORE?.trim() === 'esdb') {
    const value = environment.ESDB_CONNECTION_STRING?.trim() ?? '';
    if (value === '') problems.push('ESDB_CONNECTION_STRING is required when EVENT_STORE=esdb (e.g. esdb://127.0.0.1:2113?tls=false)');
    else if (/^esdb(\+discover)?:\/\//.test(value)) {
      const problem = connectionStringProblem(value);
      if (problem) problems.push(problem);
    }
  }
  if (set('JWT_SECRET') && set('JWT_PUBLIC_KEY')) problems.push('JWT_SECRET and JWT_PUBLIC_KEY: set one of them, not both');
  if (environment.NODE_ENV?.trim() === 'production' && !set('JWT_SECRET') && !set('JWT_PUBLIC_KEY')) {
    problems.push('NODE_ENV=production needs JWT_SECRET or JWT_PUBLIC_KEY: the development key is never used in production');
  }
  return problems;
}

/**
 * DATA_DIR may not exist yet (it is created), but if something is there, it must be a folder, and
 * so must the nearest part of its path that is there (a folder is never created inside a file).
 */
function dataDirProblemOf(value: string | undefined, cwd: string): string | undefined {
  const dir = value?.trim() || './data';
  const path = isAbsolute(dir) ? dir : resolve(cwd, dir);
  for (let part = path; ; part = dirname(part)) {
    try {
      if (statSync(part).isDirectory()) return undefined;
      return part === path ? `DATA_DIR ${path} exists and is not a folder` : `DATA_DIR ${path} cannot be created: ${part} is a file, not a folder`;
    } catch {
      // Not there (created on start), or not reachable yet (the store retries opening it): look further up.
    }
    if (dirname(part) === part) return undefined;
  }
}

/** How tokens are verified (and, for HS256 keys we hold, signed by `npm run token`). */
export type JwtKey =
  | { kind: 'secret'; secret: string; source: 'JWT_SECRET' | 'development key'; path?: string }
  | { kind: 'public'; publicKey: string };

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Absolute. */
  dataDir: string;
  eventStore: { kind: 'sqlite'; path: string } | { kind: 'esdb'; connectionString: string };
  jwt: { key: JwtKey; issuer?: string; audience?: string };
  bureauTimezone: string;
  logLevel: (typeof LOG_LEVELS)[number];
  rateLimit: { max: number; windowMs: number };
  bodyLimitBytes: number;
  idempotency: { path: string; ttlMs: number };
  sealIntervalMinutes: number;
  verifyIntervalMinutes: number;
  readyMaxLagSeconds: number;
  shutdownTimeoutMs: number;
  trustProxy: boolean;
  /** SANCTION_BAR_MONTHS: how long a reassignment or loss of qualification bars enforcement posts. */
  sanctionBarMonths: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`The register's configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export const DEV_KEY_FILE = 'dev-jwt-secret';

/**
 * Reads and validates the environment. In development, with no key configured, a signing key is
 * generated once and kept in DATA_DIR (so tokens minted by `npm run token` stay valid across restarts).
 * Pure apart from that one file.
 */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = EnvSchema.safeParse(environment);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? 'environment');
    return issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
  });
  problems.push(...crossVariableProblems(environment));
  const dataDirProblem = dataDirProblemOf(environment.DATA_DIR, cwd);
  if (dataDirProblem) problems.push(dataDirProblem);
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const env = parsed.data;
  const dataDir = isAbsolute(env.DATA_DIR) ? env.DATA_DIR : resolve(cwd, env.DATA_DIR);

  let key: JwtKey;
  if (env.JWT_SECRET) key = { kind: 'secret', secret: env.JWT_SECRET, source: 'JWT_SECRET' };
  else if (env.JWT_PUBLIC_KEY) key = { kind: 'public', publicKey: env.JWT_PUBLIC_KEY.replace(/\\n/g, '\n') };
  else {
    try {
      key = developmentKey(dataDir);
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError([
        `DATA_DIR ${dataDir}: the development signing key cannot be kept there (${(error as Error).message}); make DATA_DIR writable, or set JWT_SECRET`,
      ]);
    }
  }

  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    dataDir,
    eventStore: env.EVENT_STORE === 'esdb'
      ? { kind: 'esdb', connectionString: env.ESDB_CONNECTION_STRING! }
      : { kind: 'sqlite', path: join(dataDir, 'events.db') },
    jwt: { key, issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE },
    bureauTimezone: env.BUREAU_TIMEZONE,
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    rateLimit: { max: env.RATE_LIMIT_MAX, windowMs: env.RATE_LIMIT_WINDOW_MS },
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    idempotency: { path: join(dataDir, 'idempotency.db'), ttlMs: env.IDEMPOTENCY_TTL_HOURS * 3_600_000 },
    sealIntervalMinutes: env.SEAL_INTERVAL_MINUTES,
    verifyIntervalMinutes: env.VERIFY_INTERVAL_MINUTES,
    readyMaxLagSeconds: env.READY_MAX_LAG_SECONDS,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    trustProxy: env.TRUST_PROXY,
    sanctionBarMonths: env.SANCTION_BAR_MONTHS,
  };
}

/** The development HS256 key: created on first use, readable only by its owner, then reused. */
export function developmentKey(dataDir: string): JwtKey {
  const path = join(dataDir, DEV_KEY_FILE);
  if (!existsSync(path)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      // `wx`: if two processes start at once, only one key is ever written.
      writeFileSync(path, `${randomBytes(48).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    chmodSync(path, 0o600);
  }
  const secret = readFileSync(path, 'utf8').trim();
  if (secret.length < 32) throw new ConfigError([`${path}: the development key is too short; delete the file to generate a new one`]);
  return { kind: 'secret', secret, source: 'development key', path };
}

/**
 * Whether a PEM (with `\n` written as two characters, as environments often carry it) is a public
 * key tokens can be checked with: RSA for RS256 or EC on P-256 for ES256. A private key is refused
 * (Node would read its public half, and the token plugin refuses it at start).
 */
function isTokenPublicKey(pem: string): boolean {
  if (pem.includes('PRIVATE KEY')) return false;
  try {
    const key = createPublicKey(pem.replace(/\\n/g, '\n'));
    return key.asymmetricKeyType === 'rsa' || (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1');
  } catch {
    return false;
  }
}
