import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { AnyProjection, EntityTableSpec } from '../../projections/projection.js';
import { isDamagedDatabase } from '../store/sqlite/damaged-database.js';
import { setAsideDamagedFile } from './damaged-file.js';

// The read models live in their own SQLite file (not the event store's): one SQL table per
// projection table, plus a meta table with the checkpoint, the position in the log up to which
// every read model is built. Read models can always be rebuilt from the log, so the file uses
// synchronous=NORMAL: a power cut may lose the last batches, never their consistency with the
// checkpoint (they share each transaction), and the runner replays what was lost.

export const READ_MODEL_FILE = 'read-models.db';

/** Changing the shape of the tables or the bookkeeping bumps this, which rebuilds everything. */
const LAYOUT_VERSION = 1;

export interface ReadModelDatabaseOptions {
  /** The SQLite file; `:memory:` works for tests. */
  path: string;
  projections: readonly AnyProjection[];
  /** For a throwaway rebuild: skip fsync entirely. Default NORMAL. */
  synchronous?: 'NORMAL' | 'OFF' | 'FULL';
  /** Page cache in MiB (default 32). */
  cacheMb?: number;
  readonly?: boolean;
  /** A bulk rebuild: secondary indexes are built by ensureIndexes() once the rows are in (faster). */
  deferIndexes?: boolean;
  /**
   * A throwaway file being built from scratch: no journal at all until finish() (half the writes).
   * A crash leaves a file that must be rebuilt again; the rebuild starts by deleting it anyway.
   */
  bulk?: boolean;
  /**
   * SQLite found this file damaged while the read models were in use (the error it met, on a commit
   * or a read): it is set aside before opening, as a file that cannot be read at open is, and the
   * read models are rebuilt in a new one.
   */
  damaged?: Error;
}

export interface ReadModelDatabase {
  readonly db: Database.Database;
  readonly path: string;
  readonly projections: readonly AnyProjection[];
  /** The committed checkpoint: every event at or before it is in every read model. */
  checkpoint(): bigint | null;
  /**
   * How far the runner's reactors have seen the log. Unlike the checkpoint it survives a rebuild of
   * the read models (new projection versions): reactions are never replayed for old events.
   */
  reactedUpTo(): bigint | null;
  /** Whether the file was (re)created empty because it was new or built by other projection versions. */
  readonly reset: boolean;
  /** Where a file SQLite could not read was set aside (the read models are then rebuilt in a new one); else null. */
  readonly setAside: string | null;
  /** Why it was set aside: what SQLite said, met opening it or (`damaged`) while the read models were in use. */
  readonly setAsideFor: { error: string; met: 'at open' | 'in use' } | null;
  /** Whether these projections, at these versions, built the tables (a read-only file may be older). */
  readonly current: boolean;
  /** Creates any secondary index that is missing. */
  ensureIndexes(): void;
  /** After a bulk build: indexes, then the normal journal (WAL) and durability. */
  finishBulk(): void;
  close(): void;
}

export function sqlTableName(projection: string, table: string): string {
  return `${projection}__${table}`;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Which projections and versions built the file: a mismatch means the tables must be rebuilt. */
function fingerprintOf(projections: readonly AnyProjection[]): string {
  return JSON.stringify({
    layout: LAYOUT_VERSION,
    projections: projections.map((p) => ({
      name: p.name,
      version: p.version,
      tables: Object.entries(p.tables).map(([name, spec]) => [
        name, spec.kind, spec.kind === 'entity' ? Object.entries((spec as EntityTableSpec<unknown>).columns ?? {}).map(([c, col]) => [c, col.type]) : [],
        spec.kind === 'entity' ? (spec as EntityTableSpec<unknown>).indexes ?? [] : [],
      ]),
    })),
  });
}

export function openReadModelDatabase(options: ReadModelDatabaseOptions): ReadModelDatabase {
  const { projections } = options;
  if (options.path !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(options.path)), { recursive: true });
  let setAside: string | null = null;
  let setAsideFor: ReadModelDatabase['setAsideFor'] = null;
  const canSetAside = !options.readonly && options.path !== ':memory:';
  if (options.damaged !== undefined && canSetAside && fs.existsSync(options.path)) {
    setAside = setAsideDamagedFile(options.path);
    setAsideFor = { error: String(options.damaged), met: 'in use' };
  }
  let opened: { db: Database.Database; reset: boolean; current: boolean };
  try {
    opened = openAndPrepare(options);
  } catch (error) {
    if (!canSetAside || !isDamagedDatabase(error)) throw error;
    setAside = setAsideDamagedFile(options.path);
    setAsideFor = { error: String(error), met: 'at open' };
    opened = openAndPrepare(options);
  }
  const { db, reset, current } = opened;
  const readCheckpoint = db.prepare("SELECT value FROM rm_meta WHERE key = 'checkpoint'").pluck();
  const readReacted = db.prepare("SELECT value FROM rm_meta WHERE key = 'reacted'").pluck();
  return {
    db,
    path: options.path,
    projections,
    reset,
    setAside,
    setAsideFor,
    current,
    ensureIndexes: () => createIndexes(db, projections),
    finishBulk() {
      createIndexes(db, projections);
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
      // The rows went in without a journal or a single fsync. They are made durable before the
      // fingerprint that says the file is complete is written, so a power cut never leaves a file
      // that looks complete and lacks rows (it leaves one still marked as building, and rebuilt).
      if (options.path !== ':memory:' && options.synchronous !== 'OFF') syncFile(options.path);
      db.prepare("INSERT OR REPLACE INTO rm_meta (key, value) VALUES ('fingerprint', ?)").run(fingerprintOf(projections));
    },
    checkpoint() {
      const value = readCheckpoint.get() as string | undefined;
      return value === undefined ? null : BigInt(value);
    },
    reactedUpTo() {
      const value = readReacted.get() as string | undefined;
      return value === undefined ? null : BigInt(value);
    },
    close() {
      if (db.open) db.close();
    },
  };
}

/** Opens the file and brings its tables to these projections' versions (dropping them on a mismatch). */
function openAndPrepare(options: ReadModelDatabaseOptions): { db: Database.Database; reset: boolean; current: boolean } {
  const { projections } = options;
  const db = new Database(options.path, { readonly: options.readonly ?? false });
  let reset = false;
  let current = true;
  try {
    if (options.readonly) {
      const stored = db.prepare("SELECT value FROM rm_meta WHERE key = 'fingerprint'").pluck().get() as string | undefined;
      current = stored === fingerprintOf(projections);
    } else {
      // Large pages: timeline chunks and case documents are several KiB (no overflow chains).
      db.pragma('page_size = 16384');
      db.pragma(options.bulk ? 'journal_mode = OFF' : 'journal_mode = WAL');
      db.pragma(`synchronous = ${options.bulk ? 'OFF' : options.synchronous ?? 'NORMAL'}`);
      db.pragma(`cache_size = -${(options.cacheMb ?? 32) * 1024}`);
      db.pragma('temp_store = MEMORY');
      db.exec('CREATE TABLE IF NOT EXISTS rm_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
      const fingerprint = fingerprintOf(projections);
      const stored = db.prepare("SELECT value FROM rm_meta WHERE key = 'fingerprint'").pluck().get() as string | undefined;
      if (stored !== fingerprint) {
        db.transaction(() => {
          dropAllTables(db);
          createTables(db, projections);
          db.prepare("INSERT OR REPLACE INTO rm_meta (key, value) VALUES ('fingerprint', ?)").run(fingerprint);
          db.prepare("DELETE FROM rm_meta WHERE key = 'checkpoint'").run();
        }).immediate();
        reset = true;
      }
      if (!options.deferIndexes) createIndexes(db, projections);
      // Until finishBulk(), a bulk file is half built (a rebuild writes back rows out of log order and
      // no checkpoint): a crash leaves a fingerprint that matches nothing, so opening it resets it.
      if (options.bulk) db.prepare("INSERT OR REPLACE INTO rm_meta (key, value) VALUES ('fingerprint', ?)").run(`building ${fingerprint}`);
    }
  } catch (error) {
    db.close();
    throw error;
  }
  return { db, reset, current };
}

function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function dropAllTables(db: Database.Database): void {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'rm_meta' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  for (const table of tables) db.exec(`DROP TABLE ${quoteIdentifier(table)}`);
}

function createTables(db: Database.Database, projections: readonly AnyProjection[]): void {
  for (const projection of projections) {
    for (const [table, spec] of Object.entries(projection.tables)) {
      const name = sqlTableName(projection.name, table);
      const q = quoteIdentifier(name);
      if (spec.kind === 'log') {
        // Entries of one key in log order, in chunks: a chunk holds the key's entries of one batch
        // (first_recorded_ms: the earliest recordedAt among them, which need not be the first's).
        db.exec(`CREATE TABLE ${q} (chunk INTEGER PRIMARY KEY, key TEXT NOT NULL, first_position INTEGER NOT NULL,
          last_position INTEGER NOT NULL, first_recorded_ms INTEGER NOT NULL, entries TEXT NOT NULL)`);
        db.exec(`CREATE INDEX ${quoteIdentifier(`${name}__by_key`)} ON ${q} (key, first_position)`);
        continue;
      }
      const columns = Object.entries((spec as EntityTableSpec<unknown>).columns ?? {});
      const columnSql = columns.map(([column, def]) => `, ${quoteIdentifier(column)} ${def.type}`).join('');
      // A rowid table: documents can be several KiB, which WITHOUT ROWID tables handle badly.
      db.exec(`CREATE TABLE ${q} (key TEXT NOT NULL UNIQUE${columnSql}, doc TEXT NOT NULL)`);
    }
  }
}

function createIndexes(db: Database.Database, projections: readonly AnyProjection[]): void {
  for (const projection of projections) {
    for (const [table, spec] of Object.entries(projection.tables)) {
      if (spec.kind !== 'entity') continue;
      const name = sqlTableName(projection.name, table);
      for (const index of (spec as EntityTableSpec<unknown>).indexes ?? []) {
        const indexName = quoteIdentifier(`${name}__${index.join('_')}`);
        db.exec(`CREATE INDEX IF NOT EXISTS ${indexName} ON ${quoteIdentifier(name)} (${index.map(quoteIdentifier).join(', ')})`);
      }
    }
  }
}

/**
 * A read-only connection for queries. Reads never share the runner's connection: a CSV export
 * iterating rows across event-loop turns would otherwise block the runner's writes, and each
 * statement here reads the latest committed batch (WAL snapshots).
 */
export function openReadModelReader(path: string, options: { cacheMb?: number } = {}): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma(`cache_size = -${(options.cacheMb ?? 32) * 1024}`);
  return db;
}
