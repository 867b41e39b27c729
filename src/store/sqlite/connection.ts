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
    // An 8 MiB page cache holds the (stream, revision) index of a log of a few hundred thousand
    // events and the pages appends are writing; other pages come from the OS cache when read. Not
    // larger: after a commit in which a B-tree split renumbered pages, SQLite walks the whole
    // hash table of its page cache (pcache1TruncateUnsafe), so that walk grows with the cache:
    // measured at ~4% of append CPU with 64 MiB, ~2% with 16 MiB, ~1% with 8 MiB. The WAL is
    // checkpointed every ~40 MiB, which keeps checkpoints rare without letting the file grow
    // without bound.
    db.pragma('cache_size = -8192');
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
