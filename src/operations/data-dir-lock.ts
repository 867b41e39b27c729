import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

// One register (or seed, or restore) at a time on a DATA_DIR. Two registers on one folder would
// both write its log, its read models and its Idempotency-Key answers, each believing it is alone
// (stream heads kept in memory, read-model checkpoints, seals chained to the seal each last wrote).
//
// The lock is a write lock SQLite takes on DATA_DIR/register.lock and keeps for as long as the
// process lives: the operating system lets go of it when the process ends, however it ends
// (SIGKILL, a power cut), so the file left behind never blocks the next start. The file also says
// who holds it (pid, what, since), for the message of whoever is refused.

export const LOCK_FILE = 'register.lock';

export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

interface Holder {
  pid: number;
  what: string;
  since: string;
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

function describeHolder(db: Database.Database): string {
  try {
    const holder = db.prepare('SELECT pid, what, since FROM holder').get() as Holder | undefined;
    return holder ? `${holder.what} (pid ${holder.pid}, since ${holder.since})` : 'another process';
  } catch {
    return 'another process';
  }
}

/**
 * Takes DATA_DIR's lock for `what` (e.g. "the register"), creating the folder if need be. Throws
 * DataDirInUseError, naming the holder, when another process holds it; other errors (a folder that
 * cannot be written) are thrown as they are.
 */
export function holdDataDir(dataDir: string, what: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const db = new Database(path, { timeout: 0 });
  const refuse = (): never => {
    const holder = describeHolder(db);
    db.close();
    throw new DataDirInUseError(
      `DATA_DIR ${dataDir} is in use by ${holder}: only one register, seed or restore runs on a DATA_DIR at a time. `
      + 'Stop it first, or give this one another DATA_DIR.',
    );
  };
  try {
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, what TEXT NOT NULL, since TEXT NOT NULL)');
    // Say who holds it (committed, so the refused can read it), then hold the write lock until release.
    db.transaction(() => {
      db.exec('DELETE FROM holder');
      db.prepare('INSERT INTO holder (pid, what, since) VALUES (?, ?, ?)').run(process.pid, what, new Date().toISOString());
    }).immediate();
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    if (isBusy(error)) return refuse();
    db.close();
    throw error;
  }
  return {
    path,
    release() {
      if (!db.open) return;
      db.exec('ROLLBACK');
      db.close();
    },
  };
}
