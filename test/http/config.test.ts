import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ConfigError, DEV_KEY_FILE, loadConfig } from '../../src/config.js';

t.test('a fresh clone runs with nothing set: defaults and a development key kept in DATA_DIR', async (t) => {
  const cwd = t.testdir();
  const config = loadConfig({}, cwd);
  t.equal(config.port, 3000);
  t.equal(config.host, '127.0.0.1');
  t.equal(config.dataDir, join(cwd, 'data'));
  t.same(config.eventStore, { kind: 'sqlite', path: join(cwd, 'data', 'events.db') });
  t.equal(config.bureauTimezone, 'Asia/Shanghai');
  t.equal(config.env, 'development');
  t.equal(config.jwt.key.kind, 'secret');
  const keyFile = join(cwd, 'data', DEV_KEY_FILE);
  t.ok(existsSync(keyFile), 'the key is written once');
  t.equal(statSync(keyFile).mode & 0o777, 0o600, 'readable by its owner only');
  const again = loadConfig({}, cwd);
  t.same(again.jwt.key, config.jwt.key, 'and reused on the next start');
  t.equal(readFileSync(keyFile, 'utf8').trim(), config.jwt.key.kind === 'secret' ? config.jwt.key.secret : '');
});

t.test('variables are read and validated', async (t) => {
  const cwd = t.testdir();
  const config = loadConfig({
    PORT: '8080', HOST: '0.0.0.0', DATA_DIR: '/srv/register', JWT_SECRET: 'x'.repeat(40), JWT_ISSUER: 'https://idp', JWT_AUDIENCE: 'register',
    BUREAU_TIMEZONE: 'Asia/Urumqi', RATE_LIMIT_MAX: '0', LOG_LEVEL: 'warn', EVENT_STORE: 'esdb', ESDB_CONNECTION_STRING: 'esdb://127.0.0.1:2113?tls=false',
  }, cwd);
  t.equal(config.port, 8080);
  t.equal(config.dataDir, '/srv/register');
  t.same(config.jwt, { key: { kind: 'secret', secret: 'x'.repeat(40), source: 'JWT_SECRET' }, issuer: 'https://idp', audience: 'register' });
  t.same(config.eventStore, { kind: 'esdb', connectionString: 'esdb://127.0.0.1:2113?tls=false' });
  t.equal(config.bureauTimezone, 'Asia/Urumqi');
  t.equal(config.rateLimit.max, 0);
  t.equal(config.logLevel, 'warn');
  t.equal(config.idempotency.path, '/srv/register/idempotency.db');
  t.notOk(existsSync(join(cwd, 'data')), 'no development key when a secret is configured');
});

t.test('a public key verifies tokens from an identity provider', async (t) => {
  const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString().trim();
  // As environments often carry it: the line breaks written as \n.
  const config = loadConfig({ JWT_PUBLIC_KEY: pem.replaceAll('\n', '\\n') }, t.testdir());
  t.same(config.jwt.key, { kind: 'public', publicKey: pem });
});

t.test('every problem is reported at once, one clear line each', async (t) => {
  const error = t.throws(() => loadConfig({
    PORT: 'eighty', EVENT_STORE: 'esdb', JWT_SECRET: 'short', BUREAU_TIMEZONE: 'Mars/Olympus', LOG_LEVEL: 'loud', RATE_LIMIT_MAX: '-1',
  }, t.testdir())) as ConfigError;
  t.type(error, ConfigError);
  t.match(error.problems, [
    /PORT must be a whole number/,
  ]);
  const text = error.problems.join('\n');
  t.match(text, /ESDB_CONNECTION_STRING is required when EVENT_STORE=esdb/);
  t.match(text, /JWT_SECRET must be at least 32 characters/);
  t.match(text, /BUREAU_TIMEZONE must be an IANA zone/);
  t.match(text, /LOG_LEVEL must be one of/);
  t.match(text, /RATE_LIMIT_MAX must be a whole number/);
  t.equal(error.problems.length, 6);
});

t.test('production refuses to start without a configured key, and never writes a development key', async (t) => {
  const cwd = t.testdir();
  const error = t.throws(() => loadConfig({ NODE_ENV: 'production' }, cwd)) as ConfigError;
  t.match(error.message, /NODE_ENV=production needs JWT_SECRET or JWT_PUBLIC_KEY/);
  t.notOk(existsSync(join(cwd, 'data', DEV_KEY_FILE)));
  t.ok(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32) }, cwd));
});

t.test('a secret and a public key together are ambiguous', async (t) => {
  t.throws(() => loadConfig({ JWT_SECRET: 's'.repeat(32), JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----' }, t.testdir()), /not both/);
  t.throws(() => loadConfig({ JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\\nnot a key\\n-----END PUBLIC KEY-----' }, t.testdir()),
    /JWT_PUBLIC_KEY must be a PEM public key/, 'a PEM that does not hold a key is a configuration error, not a crash at start-up');
  const pemOf = (type: 'ec' | 'ed25519' | 'rsa', options: Record<string, unknown> = {}) => {
    const pair = generateKeyPairSync(type as 'ec', options as { namedCurve: string });
    return {
      publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
  };
  for (const [what, pem] of [
    ['an EC key on P-384', pemOf('ec', { namedCurve: 'secp384r1' }).publicKey],
    ['an Ed25519 key', pemOf('ed25519').publicKey],
    ['a private key', pemOf('ec', { namedCurve: 'P-256' }).privateKey],
  ] as const) {
    t.throws(() => loadConfig({ JWT_PUBLIC_KEY: pem }, t.testdir()), /RSA \(RS256\) or EC on P-256 \(ES256\)/, `${what} is refused at load, not at start`);
  }
  t.doesNotThrow(() => loadConfig({ JWT_PUBLIC_KEY: pemOf('rsa', { modulusLength: 2048 }).publicKey }, t.testdir()), 'an RSA key is fine');
});

t.test('empty variables count as unset', async (t) => {
  const config = loadConfig({ PORT: '', JWT_SECRET: '', HOST: ' ' }, t.testdir());
  t.equal(config.port, 3000);
  t.equal(config.host, '127.0.0.1');
  t.equal(config.jwt.key.kind, 'secret');
});
