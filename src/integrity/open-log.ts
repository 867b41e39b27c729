import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { EventStore } from '../store/event-store.js';
import { assertSupportedSchema, schemaVersion } from '../store/sqlite/schema.js';
import { SqliteEventStore } from '../store/sqlite/sqlite-event-store.js';

// Where the export and verify scripts find the log: the same variables as the register
// (EVENT_STORE, DATA_DIR, ESDB_CONNECTION_STRING, with the same defaults). The embedded store is
// opened read-only, so an audit can never change the file it audits, even while the register runs.

export type LogLocation =
  | { kind: 'sqlite'; path: string }
  | { kind: 'esdb'; connectionString: string };

export class LogLocationError extends Error {
  override readonly name = 'LogLocationError';
}

export function logLocation(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): LogLocation {
  const kind = env.EVENT_STORE?.trim() || 'sqlite';
  if (kind === 'esdb') {
    const connectionString = env.ESDB_CONNECTION_STRING?.trim();
    if (!connectionString) throw new LogLocationError('EVENT_STORE=esdb needs ESDB_CONNECTION_STRING (e.g. esdb://127.0.0.1:2113?tls=false)');
    return { kind: 'esdb', connectionString };
  }
  if (kind !== 'sqlite') throw new LogLocationError(`EVENT_STORE must be "sqlite" or "esdb", not "${kind}"`);
  const dataDir = env.DATA_DIR?.trim() || './data';
  return { kind: 'sqlite', path: join(isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir), 'events.db') };
}

export function describeLocation(location: LogLocation): string {
  return location.kind === 'sqlite' ? `the embedded store ${location.path} (read-only)` : `EventStoreDB at ${location.connectionString}`;
}

export async function openLogForReading(location: LogLocation): Promise<EventStore> {
  if (location.kind === 'esdb') {
    const { openEsdbEventStore } = await import('../store/esdb/esdb-event-store.js');
    return openEsdbEventStore({ connectionString: location.connectionString });
  }
  if (!existsSync(location.path)) throw new LogLocationError(`There is no store at ${location.path} (set DATA_DIR to the register's data folder)`);
  const db = new Database(location.path, { readonly: true, fileMustExist: true });
  try {
    try {
      assertSupportedSchema(db);
    } catch (error) {
      // SQLite's own words ("file is not a database") do not say which file: DATA_DIR may be the wrong folder.
      // SQLite's error stays the cause: its code says whether the file is damaged.
      if ((error as Error).name === 'SqliteError') throw new LogLocationError(`${location.path} is not an event store of the register: ${(error as Error).message}`, { cause: error });
      throw error;
    }
    if (schemaVersion(db) < 1) throw new LogLocationError(`${location.path} is not an event store of the register (no schema version)`);
    db.pragma('busy_timeout = 5000');
    return new SqliteEventStore(db);
  } catch (error) {
    db.close();
    throw error;
  }
}
