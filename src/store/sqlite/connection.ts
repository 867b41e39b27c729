import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { assertSupportedSchema, migrate } from './schema.js';

// Opening the store's file. Durability is set here, on every connection: better-sqlite3 is built
// with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1, so a reopened WAL database would otherwise run with
// synchronous=NORMAL, where a power cut can lose acknowledged commits.

export const IN_MEMORY = ':memory:';

export function openStoreDatabase(path: string): Database.Database {
  if (path !== IN_MEMORY) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('busy_timeout = 5000');
    assertSupportedSchema(db);
    if (path !== IN_MEMORY) {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`The store could not switch ${path} to WAL (journal_mode is ${String(mode)})`);
    }
    db.pragma('synchronous = FULL');
    // A 16 MiB page cache holds the (stream, revision) index of a log of several hundred thousand
    // events; older table pages come from the OS cache when read. Not larger: on every commit that
    // splits a B-tree page, SQLite walks its whole page-cache hash table (pcache1TruncateUnsafe,
    // seen in CPU profiles at ~4% of append CPU with 64 MiB). The WAL is checkpointed every
    // ~40 MiB, which keeps checkpoints rare without letting the file grow without bound.
    db.pragma('cache_size = -16384');
    db.pragma('wal_autocheckpoint = 10000');
    db.pragma('journal_size_limit = 67108864');
    db.pragma('temp_store = MEMORY');
    migrate(db);
    if (db.pragma('synchronous', { simple: true }) !== 2) throw new Error('The store could not set synchronous=FULL');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
