// `npm run replay` as an auditor runs it: it reads the log of DATA_DIR read-only and rebuilds the
// read models elsewhere, so it never writes to DATA_DIR, and a DATA_DIR that holds no register's
// log, or a flag it does not take, is said in a line (exit 1), not answered with a stack trace or
// with an empty log made on the spot and replayed (exit 0, "0 events").
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { withHashChain } from '../../src/integrity/hash-chained-store.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { generateHistory } from '../fixtures/integrity/history.js';
import { runScript } from '../fixtures/operations/run-script.js';

t.setTimeout(120_000);

const dataDir = t.testdir();
const store = await openSqliteEventStore({ path: join(dataDir, 'events.db') });
await generateHistory(withHashChain(store), { units: 2, officersPerUnit: 2, cases: 4 });
await store.close();

/**
 * The names and sizes in a folder: what a read-only run must leave as it found it (SQLite's own
 * -wal and -shm files aside, which any reader of a WAL database may open beside it).
 */
function contents(dir: string): Record<string, number> {
  return Object.fromEntries(readdirSync(dir).filter((name) => !/-(wal|shm)$/.test(name)).map((name) => [name, statSync(join(dir, name)).size]));
}

t.test('replays the log of DATA_DIR and leaves DATA_DIR as it was', async (t) => {
  const before = contents(dataDir);
  const run = await runScript('scripts/replay.ts', [], { DATA_DIR: dataDir });
  t.equal(run.code, 0, run.stderr);
  t.match(run.stdout, /Rebuilt 6 read models of the embedded store .*events\.db \(read-only\) from \d+ events/);
  t.match(run.stdout, /No live read models at .* to compare with/);
  t.same(contents(dataDir), before, 'nothing written to DATA_DIR (no key, no read models, no new log file)');
});

t.test('a DATA_DIR that does not exist is named, and not created', async (t) => {
  const missing = join(t.testdir(), 'no-such-register');
  const run = await runScript('scripts/replay.ts', [], { DATA_DIR: missing });
  t.equal(run.code, 1);
  t.match(run.stderr, /^replay could not run: There is no store at .*no-such-register\/events\.db/);
  t.notOk(existsSync(missing), 'no folder, no development key, no empty log');
});

t.test('a DATA_DIR whose events.db is not the register\'s log is named, without a stack trace', async (t) => {
  const foreign = t.testdir();
  mkdirSync(foreign, { recursive: true });
  writeFileSync(join(foreign, 'events.db'), 'hello\n');
  const run = await runScript('scripts/replay.ts', [], { DATA_DIR: foreign });
  t.equal(run.code, 1);
  t.match(run.stderr, /^replay could not run: /);
  t.notMatch(run.stderr, /\n\s+at /, 'no stack trace');
  t.same(readdirSync(foreign), ['events.db'], 'nothing else written');
});

t.test('an unknown flag is refused with the usage', async (t) => {
  const run = await runScript('scripts/replay.ts', ['--bogus'], { DATA_DIR: dataDir });
  t.equal(run.code, 1);
  t.match(run.stderr, /Unknown option '--bogus'\nusage: npm run replay/);
  t.notMatch(run.stderr, /\n\s+at /, 'no stack trace');
});
