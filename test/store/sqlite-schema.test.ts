// The store file's schema: versioned migrations, a v1 file brought up to date, a file from a newer
// register refused without being touched, and the log append-only in storage.

import t from 'tap';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { StoreUnavailableError, UnsupportedSchemaVersionError } from '../../src/store/errors.js';
import { CURRENT_SCHEMA_VERSION, migrate } from '../../src/store/sqlite/schema.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { collect, failure, newEvent } from '../fixtures/conformance.js';

const dir = t.testdir();
let files = 0;
const newPath = () => join(dir, `store-${++files}.db`);

/** The layout of schema version 1, written out as the first release created it. */
function writeVersion1File(path: string, events: number): string[] {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(`
    CREATE TABLE events (
      position INTEGER PRIMARY KEY AUTOINCREMENT,
      id       TEXT    NOT NULL UNIQUE,
      stream   TEXT    NOT NULL,
      revision INTEGER NOT NULL CHECK (revision >= 0),
      type     TEXT    NOT NULL,
      data     TEXT    NOT NULL,
      metadata TEXT    NOT NULL,
      created  TEXT    NOT NULL,
      UNIQUE (stream, revision)
    );
    PRAGMA user_version = 1;`);
  const insert = db.prepare('INSERT INTO events (id, stream, revision, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const ids: string[] = [];
  for (let index = 0; index < events; index += 1) {
    const id = randomUUID();
    ids.push(id);
    insert.run(id, `officer-${index % 2}`, Math.floor(index / 2), 'OfficerRegistered', JSON.stringify({ index }), '{"actor":"hr"}', new Date().toISOString());
  }
  db.close();
  return ids;
}

function inspect(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    return {
      version: db.pragma('user_version', { simple: true }) as number,
      triggers: db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").pluck().all() as string[],
      tables: db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[],
    };
  } finally {
    db.close();
  }
}

t.test('a new file is created at the current schema version, append-only', async (t) => {
  const path = newPath();
  const store = await openSqliteEventStore({ path });
  await store.close();
  const found = inspect(path);
  t.equal(found.version, CURRENT_SCHEMA_VERSION);
  t.same(found.tables, ['events']);
  t.same(found.triggers, ['events_are_append_only_delete', 'events_are_append_only_replace', 'events_are_append_only_update']);
});

t.test('a version 1 file is migrated on open, keeping its events', async (t) => {
  const path = newPath();
  const ids = writeVersion1File(path, 6);
  t.same(inspect(path).triggers, [], 'version 1 had no triggers');

  const store = await openSqliteEventStore({ path });
  t.equal(inspect(path).version, CURRENT_SCHEMA_VERSION, 'migrated to the current version');
  t.same((await collect(store.readAll())).map((event) => event.id), ids, 'every event is still there, in order');
  t.same((await store.readStream('officer-1')).map((event) => event.data), [{ index: 1 }, { index: 3 }, { index: 5 }]);
  const next = await store.append('officer-1', [newEvent('OfficerQualified')], { expectedRevision: 2n });
  t.equal(next.nextExpectedRevision, 3n, 'appends continue the migrated streams');
  t.equal(next.position, 7n, 'and the global position');
  await store.close();

  const db = new Database(path);
  t.teardown(() => db.close());
  t.throws(() => db.prepare("UPDATE events SET data = '{}'").run(), /append-only/, 'the migrated file refuses UPDATE');

  const reopened = await openSqliteEventStore({ path });
  t.equal((await collect(reopened.readAll())).length, 7, 'opening again changes nothing');
  await reopened.close();
  t.equal(inspect(path).version, CURRENT_SCHEMA_VERSION);
});

t.test('a version 2 file is migrated on open: its events, positions and counter kept, the global id index gone', async (t) => {
  const path = newPath();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  t.same(migrate(db, 2), [1, 2], 'written as version 2 wrote it');
  const insert = db.prepare('INSERT INTO events (id, stream, revision, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const ids = Array.from({ length: 5 }, () => randomUUID());
  ids.forEach((id, index) => insert.run(id, `case-${index % 2}`, Math.floor(index / 2), 'CaseReported', JSON.stringify({ index }), '{}', new Date().toISOString()));
  // The counter is ahead of the last row when the newest appends were rolled back after taking
  // their positions; positions must never be given out twice, so the migration keeps it.
  db.prepare("UPDATE sqlite_sequence SET seq = 9 WHERE name = 'events'").run();
  const indexesBefore = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'events'").pluck().all() as string[];
  db.close();
  t.equal(indexesBefore.length, 2, 'version 2 indexes ids and (stream, revision)');

  const store = await openSqliteEventStore({ path });
  t.teardown(() => store.close());
  t.equal(inspect(path).version, CURRENT_SCHEMA_VERSION);
  t.same(inspect(path).triggers, ['events_are_append_only_delete', 'events_are_append_only_replace', 'events_are_append_only_update']);
  const all = await collect(store.readAll());
  t.same(all.map((event) => [event.id, event.position]), ids.map((id, index) => [id, BigInt(index + 1)]), 'every event at its position');
  t.same(await store.append('case-0', [newEvent('VerificationAssigned')], { expectedRevision: 2n }), { nextExpectedRevision: 3n, position: 10n }, 'appends continue after the counter');
  const check = new Database(path, { readonly: true });
  t.teardown(() => check.close());
  const indexes = check.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'events'").pluck().all();
  t.equal(indexes.length, 1, 'one index left: (stream, revision)');
  t.equal(check.pragma('integrity_check', { simple: true }), 'ok');
});

t.test('a file from a newer register is refused, saying why, and left untouched', async (t) => {
  const path = newPath();
  const db = new Database(path);
  db.exec('CREATE TABLE events (position INTEGER PRIMARY KEY, something_new TEXT); PRAGMA user_version = 99;');
  const journalBefore = db.pragma('journal_mode', { simple: true });
  db.close();

  const error = await failure(openSqliteEventStore({ path }));
  t.type(error, UnsupportedSchemaVersionError);
  const unsupported = error as UnsupportedSchemaVersionError;
  t.equal(unsupported.found, 99);
  t.equal(unsupported.supported, CURRENT_SCHEMA_VERSION);
  t.match(unsupported.message, /schema version 99/);
  t.match(unsupported.message, /Upgrade the register/);

  const after = inspect(path);
  t.equal(after.version, 99, 'the version is unchanged');
  t.same(after.triggers, [], 'no migration ran');
  const check = new Database(path, { readonly: true });
  t.equal(check.pragma('journal_mode', { simple: true }), journalBefore, 'the journal mode is unchanged');
  check.close();
});

t.test('a SQLite file that is not an event store is refused and left untouched', async (t) => {
  const path = newPath();
  const db = new Database(path);
  db.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY); INSERT INTO invoices VALUES (1);");
  db.close();
  const error = await failure(openSqliteEventStore({ path }));
  t.match((error as Error).message, /not an event store/);
  t.same(inspect(path).tables, ['invoices']);
  t.equal(inspect(path).version, 0);
});

t.test('the log is append-only in storage: triggers refuse UPDATE and DELETE', async (t) => {
  const path = newPath();
  const store = await openSqliteEventStore({ path });
  await store.append('case-1', [newEvent('CaseReported', { summary: 'original' }), newEvent('VerificationAssigned')], { expectedRevision: 'no_stream' });
  await store.close();

  const db = new Database(path);
  t.teardown(() => db.close());
  t.throws(() => db.prepare("UPDATE events SET data = '{\"summary\":\"forged\"}' WHERE revision = 0").run(), /append-only: UPDATE refused/);
  t.throws(() => db.prepare('UPDATE events SET stream = ? WHERE revision = 1').run('case-2'), /append-only/);
  t.throws(() => db.prepare('DELETE FROM events WHERE revision = 1').run(), /append-only: DELETE refused/);
  t.throws(() => db.prepare('DELETE FROM events').run(), /append-only/);
  t.throws(() => db.prepare("INSERT OR REPLACE INTO events (position, id, stream, revision, type, data, metadata, created) SELECT position, id, stream, revision, type, '{}', metadata, created FROM events").run(), /append-only/, 'REPLACE deletes first, and is refused too');
  t.throws(() => db.prepare("REPLACE INTO events (id, stream, revision, type, data, metadata, created) VALUES (?, 'case-1', 0, 'Forged', '{}', '{}', 'now')").run(randomUUID()), /append-only/, 'so is replacing by (stream, revision)');
  t.throws(() => db.prepare("INSERT OR REPLACE INTO events (position, id, stream, revision, type, data, metadata, created) VALUES (1, ?, 'case-9', 0, 'Forged', '{}', '{}', 'now')").run(randomUUID()), /append-only/, 'and replacing by position alone');
  t.throws(() => db.prepare("REPLACE INTO events (position, id, stream, revision, type, data, metadata, created) VALUES (2, ?, 'case-9', 0, 'Forged', '{}', '{}', 'now')").run(randomUUID()), /append-only/, 'whichever event is there');
  t.throws(
    () => db.prepare("INSERT OR REPLACE INTO events (id, stream, revision, type, data, metadata, created) VALUES (?, 'case-7', 0, 'New', '{}', '{}', 'now'), (?, 'case-1', 1, 'Forged', '{}', '{}', 'now')").run(randomUUID(), randomUUID()),
    /append-only/,
    'a statement of several rows stops at the row that would replace an event',
  );
  const rows = db.prepare("SELECT stream, revision, data FROM events WHERE stream = 'case-1' ORDER BY position").all();
  t.same(rows, [
    { stream: 'case-1', revision: 0, data: '{"summary":"original"}' },
    { stream: 'case-1', revision: 1, data: '{}' },
  ], 'the events are as written');
});

const INSERT_AT = 'INSERT INTO events (position, id, stream, revision, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';

t.test('no event can be written below position 1, where reading the log by position would never see it', async (t) => {
  const path = newPath();
  const store = await openSqliteEventStore({ path });
  await store.append('case-1', [newEvent('CaseReported'), newEvent('VerificationAssigned')], { expectedRevision: 'no_stream' });
  await store.close();

  const db = new Database(path);
  t.teardown(() => db.close());
  // The next revision of a case, as the register would write it, but at a position of its own
  // choosing: -1 is what an automatic position looks like to a BEFORE INSERT trigger.
  for (const position of [-1, 0, -2, -1_000_000]) {
    t.throws(() => db.prepare(INSERT_AT).run(position, randomUUID(), 'case-1', 2, 'EvidenceAttached', '{}', '{}', 'now'),
      /CHECK constraint failed: position >= 1/, `a plain INSERT at position ${position} is refused`);
  }
  t.throws(() => db.prepare(INSERT_AT.replace('INSERT', 'INSERT OR REPLACE')).run(-1, randomUUID(), 'case-9', 0, 'Forged', '{}', '{}', 'now'),
    /CHECK constraint failed/, 'so is INSERT OR REPLACE');
  db.prepare(INSERT_AT.replace('INSERT', 'INSERT OR IGNORE')).run(-1, randomUUID(), 'case-9', 0, 'Forged', '{}', '{}', 'now');
  t.equal(db.prepare('SELECT count(*) FROM events WHERE position < 1').pluck().get(), 0, 'INSERT OR IGNORE skips the row: nothing below position 1');
  db.prepare(INSERT_AT).run(null, randomUUID(), 'case-2', 0, 'CaseReported', '{}', '{}', 'now');
  t.same(db.prepare('SELECT position FROM events ORDER BY position').pluck().all(), [1, 2, 3], 'a position SQLite chooses itself is taken as always');

  const reopened = await openSqliteEventStore({ path });
  t.teardown(() => reopened.close());
  t.same(await reopened.append('case-1', [newEvent('EvidenceAttached')], { expectedRevision: 1n }), { nextExpectedRevision: 2n, position: 4n }, 'the register appends as before');
});

t.test('a version 6 file is migrated on open: its events, positions and counter kept, positions below 1 refused from then on', async (t) => {
  const path = newPath();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  t.same(migrate(db, 6), [1, 2, 3, 4, 5, 6], 'written as version 6 wrote it');
  const insert = db.prepare('INSERT INTO events (id, stream, revision, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const ids = Array.from({ length: 5 }, () => randomUUID());
  ids.forEach((id, index) => insert.run(id, `case-${index % 2}`, Math.floor(index / 2), 'CaseReported', JSON.stringify({ index }), '{}', 'now'));
  db.prepare("UPDATE sqlite_sequence SET seq = 9 WHERE name = 'events'").run();
  db.close();

  const store = await openSqliteEventStore({ path });
  t.teardown(() => store.close());
  t.equal(inspect(path).version, CURRENT_SCHEMA_VERSION);
  t.same(inspect(path).triggers, ['events_are_append_only_delete', 'events_are_append_only_replace', 'events_are_append_only_update']);
  t.same((await collect(store.readAll())).map((event) => [event.id, event.position]), ids.map((id, index) => [id, BigInt(index + 1)]), 'every event at its position');
  t.same(await store.append('case-1', [newEvent('VerificationAssigned')], { expectedRevision: 1n }), { nextExpectedRevision: 2n, position: 10n }, 'appends continue after the counter');
  const check = new Database(path);
  t.teardown(() => check.close());
  t.equal(check.pragma('integrity_check', { simple: true }), 'ok');
  t.throws(() => check.prepare(INSERT_AT).run(-1, randomUUID(), 'case-1', 3, 'Forged', '{}', '{}', 'now'), /CHECK constraint failed/);
});

t.test('a file holding an event below position 1 is not migrated, and says where it is', async (t) => {
  const path = newPath();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  migrate(db, 6);
  const insert = db.prepare(INSERT_AT);
  insert.run(null, randomUUID(), 'case-1', 0, 'CaseReported', '{}', '{}', 'now');
  insert.run(-1, randomUUID(), 'case-1', 1, 'EvidenceAttached', '{"description":"forged"}', '{}', 'now');
  db.close();

  const error = await failure(openSqliteEventStore({ path }));
  t.type(error, StoreUnavailableError, 'the register keeps trying, and says why meanwhile');
  t.match((error as Error).message, /1 event\(s\) below position 1, .*position -1: revision 1 of "case-1".*written around the register/);
  t.equal(inspect(path).version, 6, 'the file was left at its version');
  const check = new Database(path, { readonly: true });
  t.teardown(() => check.close());
  t.same(check.prepare('SELECT position FROM events ORDER BY position').pluck().all(), [-1, 1], 'with every row it held');
});

t.test('every connection runs with WAL and synchronous=FULL, also after reopening', async (t) => {
  const path = newPath();
  const settings: Array<{ journal: unknown; synchronous: unknown }> = [];
  const remember = (db: Database.Database) => {
    settings.push({ journal: db.pragma('journal_mode', { simple: true }), synchronous: db.pragma('synchronous', { simple: true }) });
  };
  const first = await openSqliteEventStore({ path, testHooks: { afterOpen: remember } });
  await first.append('officer-1', [newEvent('OfficerRegistered')], { expectedRevision: 'no_stream' });
  await first.close();

  // What a plain reopen would give: this build of SQLite defaults WAL databases to NORMAL (1).
  const plain = new Database(path);
  const plainSynchronous = plain.pragma('synchronous', { simple: true });
  plain.close();
  t.not(plainSynchronous, 2, 'a plain connection would not be FULL (the trap this guards against)');

  const second = await openSqliteEventStore({ path, testHooks: { afterOpen: remember } });
  await second.close();
  t.same(settings, [
    { journal: 'wal', synchronous: 2 },
    { journal: 'wal', synchronous: 2 },
  ], 'WAL and FULL (2) on first open and on reopen');
});
