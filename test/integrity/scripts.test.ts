import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import t from 'tap';
import { withHashChain } from '../../src/integrity/hash-chained-store.js';
import { LogLocationError, logLocation, openLogForReading } from '../../src/integrity/open-log.js';
import { verifyStore } from '../../src/integrity/store-source.js';
import { locate, reportLines } from '../../src/integrity/verify-report.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { generateHistory } from '../fixtures/integrity/history.js';
import { childEnvironment } from '../fixtures/child-environment.js';

// `npm run export` and `npm run verify` as an auditor runs them: exit codes and what they print,
// on a store in DATA_DIR (opened read-only) and on an export file, untouched and edited.

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const tsx = join(root, 'node_modules/.bin/tsx');
async function script(name: 'export' | 'verify', args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(tsx, [join(root, `scripts/${name}.ts`), ...args], { cwd: root, env: childEnvironment(env) });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const dataDir = t.testdir();
const store = await openSqliteEventStore({ path: join(dataDir, 'events.db') });
const history = await generateHistory(withHashChain(store), { units: 2, officersPerUnit: 2, cases: 6, sealAt: [1] });
await store.close();
const sealRoot = history.seals[0]!.root;

t.test('where the log is: the register\'s own variables and defaults', async (t) => {
  t.same(logLocation({}, '/srv/register'), { kind: 'sqlite', path: '/srv/register/data/events.db' });
  t.same(logLocation({ DATA_DIR: '/var/lib/register' }, '/x'), { kind: 'sqlite', path: '/var/lib/register/events.db' });
  t.same(logLocation({ EVENT_STORE: 'esdb', ESDB_CONNECTION_STRING: 'esdb://127.0.0.1:2113?tls=false' }),
    { kind: 'esdb', connectionString: 'esdb://127.0.0.1:2113?tls=false' });
  t.throws(() => logLocation({ EVENT_STORE: 'esdb' }), LogLocationError);
  t.throws(() => logLocation({ EVENT_STORE: 'postgres' }), LogLocationError);
});

t.test('the embedded store is opened read-only', async (t) => {
  const readOnly = await openLogForReading({ kind: 'sqlite', path: join(dataDir, 'events.db') });
  t.teardown(() => readOnly.close());
  t.ok((await verifyStore(readOnly)).ok);
  await t.rejects(readOnly.append('case-x', [{ id: '7b0c3c1e-3b8e-4c63-9f55-1f1b1d0b8b8b', type: 'X', data: {}, metadata: {} }], { expectedRevision: 'any' }),
    StoreUnavailableError, 'an audit cannot write');
  await t.rejects(openLogForReading({ kind: 'sqlite', path: join(dataDir, 'nothing.db') }), LogLocationError);
  const foreign = join(dataDir, 'foreign.db');
  new Database(foreign).close();
  await t.rejects(openLogForReading({ kind: 'sqlite', path: foreign }), /not an event store/);
  const notSqlite = join(dataDir, 'not-sqlite.db');
  writeFileSync(notSqlite, 'hello\n');
  await t.rejects(openLogForReading({ kind: 'sqlite', path: notSqlite }), {
    name: 'LogLocationError', message: `${notSqlite} is not an event store of the register: file is not a database`,
  }, 'a file that is not SQLite is named');
});

t.test('the report in words', async (t) => {
  const okLines = reportLines({
    ok: true, events: 10, streams: 3, seals: 1, unsealedEvents: 2, lastPosition: '10',
    latestSeal: { root: sealRoot, position: '8', upToPosition: '7', sealedAt: '2024-01-01T00:00:00Z' },
    matchedRoot: { root: sealRoot, position: '8', upToPosition: '7', sealedAt: '2024-01-01T00:00:00Z' },
  });
  t.match(okLines[0], /^OK: all is well\. 10 events in 3 streams, 1 seal checked/);
  t.match(okLines.join('\n'), /published root .* matches the seal at position 8/);
  t.match(okLines.join('\n'), /2 event\(s\) written after the latest seal/);
  const problem = { kind: 'missing' as const, detail: 'revision 1 of "case-1" is missing', stream: 'case-1', revision: '1', position: null, eventId: null };
  const brokenLines = reportLines({
    ok: false, problem, problems: [problem, { ...problem, kind: 'changed', line: 9 }], events: 4, streams: 1, seals: 0, unsealedEvents: 4, lastPosition: '4', latestSeal: null,
  });
  t.equal(brokenLines[0], 'BROKEN: missing at stream case-1, revision 1');
  t.match(brokenLines.join('\n'), /1 further problem\(s\)[\s\S]*changed at stream case-1, revision 1, line 9/);
  t.equal(locate({ ...problem, stream: null, revision: null }), 'the log as a whole');
});

t.test('npm run export, then npm run verify offline: all is well', async (t) => {
  const file = join(dataDir, 'export.ndjson');
  const exported = await script('export', ['--out', file], { DATA_DIR: dataDir });
  t.equal(exported.code, 0, exported.stderr);
  t.match(exported.stdout, /Exported \d+ events of \d+ streams \(1 seals\)/);
  const verified = await script('verify', ['--file', file, '--root', sealRoot.toUpperCase().match(/.{8}/g)!.join(' ')]);
  t.equal(verified.code, 0, verified.stdout);
  t.match(verified.stdout, /with its manifest[\s\S]*OK: all is well[\s\S]*published root/);
  const live = await script('verify', [], { DATA_DIR: dataDir });
  t.equal(live.code, 0, live.stdout + live.stderr);
  t.match(live.stdout, /\(read-only\)[\s\S]*OK: all is well/);
  const json = await script('verify', ['--file', file, '--json']);
  t.match(JSON.parse(json.stdout), { ok: true, seals: 1, manifest: { status: 'checked', file: `${file}.manifest.json` } });

  // The manifest beside the file, but unreadable: a problem (exit 1), said in words and in JSON.
  const manifestText = readFileSync(`${file}.manifest.json`, 'utf8');
  writeFileSync(`${file}.manifest.json`, '{');
  const unreadable = await script('verify', ['--file', file, '--json']);
  t.equal(unreadable.code, 1, 'an unreadable manifest: exit 1');
  t.match(JSON.parse(unreadable.stdout), {
    ok: false, problem: { kind: 'changed', detail: /manifest beside the file .* cannot be read/ }, manifest: { status: 'invalid', reason: /JSON/ },
  });
  const words = await script('verify', ['--file', file]);
  t.equal(words.code, 1);
  t.match(words.stdout, /manifest unreadable: [\s\S]*BROKEN: changed at the log as a whole\n  the manifest beside the file/);
  writeFileSync(`${file}.manifest.json`, manifestText);

  const lines = readFileSync(file, 'utf8').split('\n');
  lines[3] = lines[3]!.replace('"actor":"', '"actor":"x');
  writeFileSync(file, lines.join('\n'));
  const broken = await script('verify', ['--file', file]);
  t.equal(broken.code, 1, 'a problem found: exit 1');
  t.match(broken.stdout, /BROKEN: changed at stream [^,]+, revision \d+, position 4, event [0-9a-f-]+, line 4/);
});

t.test('usage errors: exit 2 with a message', async (t) => {
  const noOut = await script('export', [], { DATA_DIR: dataDir });
  t.equal(noOut.code, 2);
  t.match(noOut.stderr, /usage: npm run export -- --out FILE/);
  const badRoot = await script('verify', ['--root', 'abc'], { DATA_DIR: dataDir });
  t.equal(badRoot.code, 2);
  t.match(badRoot.stderr, /not a seal root/);
  const noStore = await script('verify', [], { DATA_DIR: join(dataDir, 'elsewhere') });
  t.equal(noStore.code, 2);
  t.match(noStore.stderr, /There is no store at/);
  const unknown = await script('verify', ['--frobnicate']);
  t.equal(unknown.code, 2);
  // An empty --file (a shell variable unset) is not the live store: nothing was verified.
  for (const args of [['--file', ''], ['--file=', '--json']]) {
    const emptyFile = await script('verify', args, { DATA_DIR: dataDir });
    t.equal(emptyFile.code, 2, `${args.join(' ')}: exit 2`);
    t.match(emptyFile.stderr, /--file needs the export's path\nusage: npm run verify/);
    t.equal(emptyFile.stdout, '', 'no verdict printed');
  }
});
