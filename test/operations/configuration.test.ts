// Configuration is validated at start, one clear message per problem, before anything is opened;
// the operations settings (background verification, the readiness lag limit) have sane defaults.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ConfigError, loadConfig } from '../../src/config.js';
import { canMountTmpfs, mountTmpfs } from '../fixtures/operations/tmpfs.js';
import { runScript } from '../fixtures/operations/run-script.js';

t.test('defaults of the operations settings', async (t) => {
  const config = loadConfig({ DATA_DIR: t.testdir(), JWT_SECRET: 'x'.repeat(40) });
  t.equal(config.verifyIntervalMinutes, 24 * 60, 'the whole log is verified daily');
  t.equal(config.readyMaxLagSeconds, 30);
  t.equal(loadConfig({ DATA_DIR: t.testdir(), JWT_SECRET: 'x'.repeat(40), VERIFY_INTERVAL_MINUTES: '0' }).verifyIntervalMinutes, 0, '0 turns it off');
});

t.test('the bar period of a reassignment or loss of qualification (SANCTION_BAR_MONTHS)', async (t) => {
  const base = { DATA_DIR: t.testdir(), JWT_SECRET: 'x'.repeat(40) };
  t.equal(loadConfig(base).sanctionBarMonths, 12, '12 months by default');
  t.equal(loadConfig({ ...base, SANCTION_BAR_MONTHS: '24' }).sanctionBarMonths, 24);
  t.throws(() => loadConfig({ ...base, SANCTION_BAR_MONTHS: '0' }), { name: 'ConfigError', message: /SANCTION_BAR_MONTHS must be at least 1/ },
    'a bar cannot be turned off');
  t.throws(() => loadConfig({ ...base, SANCTION_BAR_MONTHS: 'a year' }), { name: 'ConfigError', message: /SANCTION_BAR_MONTHS must be a whole number/ });
});

t.test('every problem at once, one message each', async (t) => {
  const dir = t.testdir();
  const file = join(dir, 'not-a-folder');
  writeFileSync(file, '');
  const error = (() => {
    try {
      loadConfig({ DATA_DIR: file, JWT_SECRET: 'x'.repeat(40), VERIFY_INTERVAL_MINUTES: 'daily', READY_MAX_LAG_SECONDS: '0', EVENT_STORE: 'esdb' });
    } catch (caught) {
      return caught;
    }
    return undefined;
  })();
  t.type(error, ConfigError);
  t.same((error as ConfigError).problems.sort(), [
    `DATA_DIR ${file} exists and is not a folder`,
    'ESDB_CONNECTION_STRING is required when EVENT_STORE=esdb (e.g. esdb://127.0.0.1:2113?tls=false)',
    'READY_MAX_LAG_SECONDS must be at least 1',
    'VERIFY_INTERVAL_MINUTES must be a whole number',
  ].sort());
});

t.test('a DATA_DIR that would have to be made inside a file is a problem at start, not a store retried for ever', async (t) => {
  const file = join(t.testdir(), 'a-file');
  writeFileSync(file, '');
  const problemsOf = (dataDir: string): string[] => {
    try {
      loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 'x'.repeat(40) });
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };
  t.same(problemsOf(join(file, 'register', 'data')), [`DATA_DIR ${join(file, 'register', 'data')} cannot be created: ${file} is a file, not a folder`]);
  t.same(problemsOf(join(t.testdir(), 'new', 'nested', 'data')), [], 'a folder not there yet, under folders or nothing, is created on start');
});

t.test('ESDB_CONNECTION_STRING is read as the EventStoreDB client reads it, at start', async (t) => {
  const base = { DATA_DIR: t.testdir(), JWT_SECRET: 'x'.repeat(40), EVENT_STORE: 'esdb' };
  const problemsOf = (connectionString: string): string[] => {
    try {
      loadConfig({ ...base, ESDB_CONNECTION_STRING: connectionString });
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  };
  t.match(problemsOf('esdb://localhost:2113?tls=maybe'), [/^ESDB_CONNECTION_STRING is not a connection string EventStoreDB's client accepts: Unexpected "maybe" .*expected true or false/]);
  t.match(problemsOf('esdb://localhost:twenty?tls=false'), [/^ESDB_CONNECTION_STRING .*expected port number/]);
  t.match(problemsOf('esdb://localhost:2113?tls=false&nodePreference=boss'), [/^ESDB_CONNECTION_STRING .*expected leader or follower/]);
  t.match(problemsOf('http://localhost:2113'), ['ESDB_CONNECTION_STRING must start with esdb:// or esdb+discover://']);
  const masked = problemsOf('esdb://admin:changeit@localhost:2113?tls=changeit');
  t.equal(masked.length, 1);
  t.notMatch(masked[0], /changeit/, 'the password is never repeated');
  const warned: unknown[] = [];
  const warn = console.warn;
  console.warn = (...parts: unknown[]) => { warned.push(parts); };
  let typo: string[];
  try {
    typo = problemsOf('esdb://admin:s3cret@localhost:2113?tsl=true');
  } finally {
    console.warn = warn;
  }
  t.match(typo, [/^ESDB_CONNECTION_STRING: Unknown option key "tsl"/], 'an option the client would ignore (a typo) is a problem');
  t.notMatch(typo[0], /s3cret/, 'told without the password');
  t.same(warned, [], 'and the client prints nothing of it (it would print the whole string, password included)');
  t.same((() => {
    try {
      loadConfig({ DATA_DIR: t.testdir(), JWT_SECRET: 'x'.repeat(40), ESDB_CONNECTION_STRING: 'esdb://localhost:2113?tls=maybe' });
      return [];
    } catch (error) {
      return (error as ConfigError).problems;
    }
  })(), [], 'on the embedded store the string is not read by the client at all');
  for (const accepted of [
    'esdb://127.0.0.1:2113?tls=false',
    'esdb://admin:changeit@esdb.bureau.internal:2113?tls=true',
    'esdb://node1:2113,node2:2113,node3:2113?tls=false&nodePreference=leader',
    'esdb+discover://cluster.bureau.internal:2113',
  ]) {
    t.same(problemsOf(accepted), [], accepted);
  }
});

t.test('REGISTER_HEAP_MB: node\'s heap cap, which node runs without on 0 or a negative value', async (t) => {
  const base = { DATA_DIR: t.testdir(), JWT_SECRET: 'x'.repeat(40) };
  t.doesNotThrow(() => loadConfig({ ...base, REGISTER_HEAP_MB: '512' }));
  t.throws(() => loadConfig({ ...base, REGISTER_HEAP_MB: '0' }), { name: 'ConfigError', message: /REGISTER_HEAP_MB must be at least 64/ });
  t.throws(() => loadConfig({ ...base, REGISTER_HEAP_MB: '-5' }), { name: 'ConfigError', message: /REGISTER_HEAP_MB must be a whole number/ });
  t.throws(() => loadConfig({ ...base, REGISTER_HEAP_MB: '512MB' }), { name: 'ConfigError', message: /REGISTER_HEAP_MB must be a whole number/ });
});

t.test('npm start with a bad configuration: one line per problem, exit status 1, nothing opened', async (t) => {
  const dir = t.testdir();
  const run = await runScript('src/main.ts', [], {
    DATA_DIR: dir, JWT_SECRET: 'short', PORT: 'eighty', READY_MAX_LAG_SECONDS: '-5',
    EVENT_STORE: 'esdb', ESDB_CONNECTION_STRING: 'esdb://localhost:2113?tls=maybe', REGISTER_HEAP_MB: '0',
  });
  t.equal(run.code, 1);
  const lines = run.stderr.trim().split('\n');
  t.equal(lines[0], 'The register\'s configuration is not valid:');
  t.match(lines.slice(1).sort(), [
    /ESDB_CONNECTION_STRING is not a connection string EventStoreDB's client accepts: Unexpected "maybe"/,
    /JWT_SECRET must be at least 32 characters/, /PORT must be a whole number/, /READY_MAX_LAG_SECONDS must be a whole number/,
    /REGISTER_HEAP_MB must be at least 64/,
  ]);
  t.equal(lines.length, 6, 'one line per problem');
});

t.test('a read-only DATA_DIR and no JWT_SECRET: the development key cannot be kept, said plainly', { skip: canMountTmpfs() === true ? false : canMountTmpfs() }, async (t) => {
  const disk = mountTmpfs(256);
  t.teardown(() => disk.unmount());
  disk.remount('ro');
  t.throws(() => loadConfig({ DATA_DIR: disk.dir }), {
    name: 'ConfigError',
    message: /DATA_DIR .*: the development signing key cannot be kept there \(.*read-only file system.*\); make DATA_DIR writable, or set JWT_SECRET/,
  });
});
