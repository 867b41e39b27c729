import Database from 'better-sqlite3';
import { UnsupportedSchemaVersionError } from '../errors.js';

// The store's schema, as an ordered list of migrations. The version lives in SQLite's
// `user_version`; opening a file applies whatever migrations it lacks in one immediate transaction,
// and a file from a newer register is refused before anything in it is touched.

export interface Migration {
  version: number;
  description: string;
  /** Refuses (throws, saying why) a file this migration must not touch; runs in its transaction, before the SQL. */
  precondition?: (db: Database.Database) => void;
  sql: string;
}

const APPEND_ONLY_TRIGGERS = `
      CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused (record a correction event instead)'); END;
      CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE refused'); END;
      CREATE TRIGGER events_are_append_only_replace BEFORE INSERT ON events
      WHEN EXISTS (SELECT 1 FROM events WHERE stream = NEW.stream AND revision = NEW.revision)
        OR (NEW.position <> -1 AND EXISTS (SELECT 1 FROM events WHERE position = NEW.position))
      BEGIN SELECT RAISE(FAIL, 'events are append-only: an event with this position or (stream, revision) is already recorded'); END;`;

/** The register writes no event below position 1: a file holding one had it written around the register. */
export class EventsBelowFirstPositionError extends Error {
  override readonly name = 'EventsBelowFirstPositionError';
  constructor(readonly count: number, readonly first: { position: number; stream: string; revision: unknown }) {
    super(`The store holds ${count} event(s) below position 1, where the register never writes (the first at position ${first.position}: `
      + `revision ${String(first.revision)} of "${first.stream}"): they were written around the register. The file was not migrated (left as it was); `
      + 'npm run verify (DATA_DIR pointing at a copy of it) names what was changed; restore a backup that verifies.');
  }
}

function refuseEventsBelowFirstPosition(db: Database.Database): void {
  const count = db.prepare('SELECT count(*) FROM events WHERE position < 1').pluck().get() as number;
  if (count === 0) return;
  const first = db.prepare('SELECT position, stream, revision FROM events WHERE position < 1 ORDER BY position LIMIT 1').get() as {
    position: number; stream: string; revision: unknown;
  };
  throw new EventsBelowFirstPositionError(count, first);
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'the events table: global position, unique event id, unique (stream, revision)',
    sql: `
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
      );`,
  },
  {
    version: 2,
    description: 'append-only in storage: triggers refuse UPDATE and DELETE of events, and REPLACE',
    // INSERT OR REPLACE deletes the row it conflicts with without firing DELETE triggers (unless
    // recursive_triggers is on, which is per connection), so an insert that would replace an
    // existing event is refused before it happens.
    sql: `
      CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused (record a correction event instead)'); END;
      CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE refused'); END;
      CREATE TRIGGER events_are_append_only_replace BEFORE INSERT ON events
      WHEN EXISTS (SELECT 1 FROM events WHERE id = NEW.id)
        OR EXISTS (SELECT 1 FROM events WHERE stream = NEW.stream AND revision = NEW.revision)
        OR EXISTS (SELECT 1 FROM events WHERE position = NEW.position)
      BEGIN SELECT RAISE(ABORT, 'events are append-only: an event with this id, position or (stream, revision) is already recorded'); END;`,
  },
  {
    version: 3,
    description: 'event ids unique per retry, not across the log: the global id index dropped, a lighter REPLACE guard',
    // As in EventStoreDB, a retry is recognised by comparing ids at the expected revision (through the
    // (stream, revision) index), so the log needs no index on its random event ids: that index cost
    // one more dirty page per event in every commit. A column constraint cannot be dropped, so the
    // table is rebuilt: rows copied as they are, the AUTOINCREMENT counter carried over, the old table
    // (and its triggers) dropped without firing them, and the guards made again for the new table.
    // REPLACE can now conflict only on the position or on (stream, revision); the guard probes those.
    sql: `
      CREATE TABLE events_v3 (
        position INTEGER PRIMARY KEY AUTOINCREMENT,
        id       TEXT    NOT NULL,
        stream   TEXT    NOT NULL,
        revision INTEGER NOT NULL CHECK (revision >= 0),
        type     TEXT    NOT NULL,
        data     TEXT    NOT NULL,
        metadata TEXT    NOT NULL,
        created  TEXT    NOT NULL,
        UNIQUE (stream, revision)
      );
      INSERT INTO events_v3 (position, id, stream, revision, type, data, metadata, created)
        SELECT position, id, stream, revision, type, data, metadata, created FROM events ORDER BY position;
      DELETE FROM sqlite_sequence WHERE name = 'events_v3';
      UPDATE sqlite_sequence SET name = 'events_v3' WHERE name = 'events';
      DROP TABLE events;
      ALTER TABLE events_v3 RENAME TO events;
      CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused (record a correction event instead)'); END;
      CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
      BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE refused'); END;
      CREATE TRIGGER events_are_append_only_replace BEFORE INSERT ON events
      WHEN EXISTS (SELECT 1 FROM events WHERE stream = NEW.stream AND revision = NEW.revision)
        OR EXISTS (SELECT 1 FROM events WHERE position = NEW.position)
      BEGIN SELECT RAISE(ABORT, 'events are append-only: an event with this position or (stream, revision) is already recorded'); END;`,
  },
  {
    version: 4,
    description: 'the REPLACE guard looks up a position only when the insert gives one',
    // Every append lets SQLite choose the position, so no event can be in the way at that position:
    // only an insert naming a position (> 0: the log's positions start at 1) needs it looked up. In
    // a BEFORE INSERT trigger SQLite shows a position it is still to choose as -1; whatever it
    // showed instead (NULL, or the position it will choose) would hold no event either.
    sql: `
      DROP TRIGGER events_are_append_only_replace;
      CREATE TRIGGER events_are_append_only_replace BEFORE INSERT ON events
      WHEN EXISTS (SELECT 1 FROM events WHERE stream = NEW.stream AND revision = NEW.revision)
        OR (NEW.position > 0 AND EXISTS (SELECT 1 FROM events WHERE position = NEW.position))
      BEGIN SELECT RAISE(ABORT, 'events are append-only: an event with this position or (stream, revision) is already recorded'); END;`,
  },
  {
    version: 5,
    description: 'the REPLACE guard stops the insert with FAIL instead of ABORT',
    // The store inserts one row per statement with INSERT OR FAIL. With nothing in the statement
    // able to ABORT, SQLite no longer opens a statement journal for every insert (which copied the
    // pages each insert touched: ~3% of append CPU). FAIL stops the statement at the row that would
    // replace an event, before anything of that row is written; rows an outside multi-row INSERT
    // wrote before it replaced nothing, so no recorded event is ever deleted or changed.
    sql: `
      DROP TRIGGER events_are_append_only_replace;
      CREATE TRIGGER events_are_append_only_replace BEFORE INSERT ON events
      WHEN EXISTS (SELECT 1 FROM events WHERE stream = NEW.stream AND revision = NEW.revision)
        OR (NEW.position > 0 AND EXISTS (SELECT 1 FROM events WHERE position = NEW.position))
      BEGIN SELECT RAISE(FAIL, 'events are append-only: an event with this position or (stream, revision) is already recorded'); END;`,
  },
  {
    version: 6,
    description: 'the REPLACE guard also covers positions 0 and below, which an outside tool could write',
    // In a BEFORE INSERT trigger an automatic position reads as -1: only that one is not looked up.
    sql: `
      DROP TRIGGER events_are_append_only_replace;
      CREATE TRIGGER events_are_append_only_replace BEFORE INSERT ON events
      WHEN EXISTS (SELECT 1 FROM events WHERE stream = NEW.stream AND revision = NEW.revision)
        OR (NEW.position <> -1 AND EXISTS (SELECT 1 FROM events WHERE position = NEW.position))
      BEGIN SELECT RAISE(FAIL, 'events are append-only: an event with this position or (stream, revision) is already recorded'); END;`,
  },
  {
    version: 7,
    description: 'positions start at 1: a CHECK on the rebuilt table refuses any event at a position below 1',
    // The log is verified, sealed, exported and followed from position 1 up, while a stream is read
    // by revision whatever the positions: an event written at position 0 or below would be shown and
    // decided on with no verification seeing it. The REPLACE guard cannot refuse it: in a BEFORE
    // INSERT trigger an automatic position reads as -1, exactly like an explicit -1, so
    // "NEW.position <> -1 AND NEW.position < 1" still lets -1 in. An AFTER INSERT trigger sees the
    // position chosen, but to undo the row it must ABORT (a statement journal for every insert
    // again, see version 5) and it runs on every insert. A CHECK constraint sees the position SQLite
    // chose, costs one comparison, and under the store's INSERT OR FAIL stops only the row (no
    // statement journal). A column constraint can only be added by rebuilding the table, as version 3
    // did: rows copied as they are, the AUTOINCREMENT counter carried over, the old table dropped
    // without firing its triggers, the guards (as version 6 left them) made again. It costs one copy
    // of the log, once (about 7 s and the log's size again in the WAL for a million events).
    // A file already holding an event below position 1 is not migrated: the copy would refuse it, and
    // the register must not run on a log with an event written around it (the precondition says so).
    precondition: refuseEventsBelowFirstPosition,
    sql: `
      CREATE TABLE events_v7 (
        position INTEGER PRIMARY KEY AUTOINCREMENT CHECK (position >= 1),
        id       TEXT    NOT NULL,
        stream   TEXT    NOT NULL,
        revision INTEGER NOT NULL CHECK (revision >= 0),
        type     TEXT    NOT NULL,
        data     TEXT    NOT NULL,
        metadata TEXT    NOT NULL,
        created  TEXT    NOT NULL,
        UNIQUE (stream, revision)
      );
      INSERT INTO events_v7 (position, id, stream, revision, type, data, metadata, created)
        SELECT position, id, stream, revision, type, data, metadata, created FROM events ORDER BY position;
      DELETE FROM sqlite_sequence WHERE name = 'events_v7';
      UPDATE sqlite_sequence SET name = 'events_v7' WHERE name = 'events';
      DROP TABLE events;
      ALTER TABLE events_v7 RENAME TO events;${APPEND_ONLY_TRIGGERS}`,
  },
];

/** The events table and its triggers as read from `sqlite_schema`: the table's CREATE text, and each trigger's by name. */
interface EventsSchema {
  table: string | null;
  triggers: Map<string, string>;
}

function eventsSchemaOf(db: Database.Database): EventsSchema {
  const rows = db.prepare("SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = 'events' AND type IN ('table', 'trigger')").all() as {
    type: string; name: string; sql: string | null;
  }[];
  return {
    table: rows.find((row) => row.type === 'table')?.sql ?? null,
    triggers: new Map(rows.filter((row) => row.type === 'trigger').map((row) => [row.name, row.sql ?? ''])),
  };
}

let asMigrated: EventsSchema | null = null;

/** The events table and its triggers as the migrations make them, read once from an empty database migrated in memory. */
function eventsSchemaAsMigrated(): EventsSchema {
  if (asMigrated === null) {
    const reference = new Database(':memory:');
    try {
      migrate(reference);
      asMigrated = eventsSchemaOf(reference);
    } finally {
      reference.close();
    }
  }
  return asMigrated;
}

const sameStatement = (a: string, b: string) => a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

/**
 * What keeps the log append-only in the file itself, and is not as this version made it: a guard
 * trigger dropped or altered, a trigger added on the events table, the table rebuilt without its
 * constraints. Only someone working on the file around the register changes them (and the register
 * does not put them back: it migrates by version, and the version is unchanged). Empty when all is
 * as made; checked only on a file at the current version (an older one gets them when migrated).
 */
export function appendOnlyGuardChanges(db: Database.Database): string[] {
  if (schemaVersion(db) !== CURRENT_SCHEMA_VERSION) return [];
  const made = eventsSchemaAsMigrated();
  const found = eventsSchemaOf(db);
  const changes: string[] = [];
  if (found.table !== null && made.table !== null && !sameStatement(found.table, made.table)) {
    changes.push('the events table was rebuilt with another definition than the register\'s (its constraints may be gone)');
  }
  for (const [name, sql] of made.triggers) {
    const present = found.triggers.get(name);
    if (present === undefined) changes.push(`the append-only trigger ${name} was dropped`);
    else if (!sameStatement(present, sql)) changes.push(`the append-only trigger ${name} was altered`);
  }
  for (const name of found.triggers.keys()) {
    if (!made.triggers.has(name)) changes.push(`a trigger the register never made, ${name}, is on the events table`);
  }
  return changes;
}

export const CURRENT_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Refuses a file written by a newer register; reads only, so the file is left as it was. */
export function assertSupportedSchema(db: Database.Database): void {
  const found = schemaVersion(db);
  if (found > CURRENT_SCHEMA_VERSION) throw new UnsupportedSchemaVersionError(found, CURRENT_SCHEMA_VERSION);
}

/** Brings the file up to `target` (default: the current version). Returns the versions applied. */
export function migrate(db: Database.Database, target = CURRENT_SCHEMA_VERSION): number[] {
  const applied: number[] = [];
  db.transaction(() => {
    // Read again inside the write lock: another process may have migrated meanwhile.
    const found = schemaVersion(db);
    if (found > CURRENT_SCHEMA_VERSION) throw new UnsupportedSchemaVersionError(found, CURRENT_SCHEMA_VERSION);
    if (found === 0 && hasForeignTables(db)) {
      throw new Error('This SQLite file already holds tables but no register schema version: it is not an event store of the register');
    }
    for (const migration of migrations) {
      if (migration.version <= found || migration.version > target) continue;
      migration.precondition?.(db);
      db.exec(migration.sql);
      applied.push(migration.version);
    }
    if (applied.length > 0) db.pragma(`user_version = ${applied[applied.length - 1]!}`);
  }).immediate();
  return applied;
}

function hasForeignTables(db: Database.Database): boolean {
  const count = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().get() as number;
  return count > 0;
}
