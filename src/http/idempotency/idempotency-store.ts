import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

// Finished Idempotency-Key answers, kept in a small SQLite file of their own (next to, not inside,
// the event store: the log stays pure events, and with EventStoreDB the records still live locally).
// A record is written after the command's events are durable and before the client is answered.

export interface IdempotencyScope {
  key: string;
  /** The token's `sub`: two users never share a key space. */
  actor: string;
  /** Method and path, e.g. `POST /api/v1/cases/…/evidence`. */
  route: string;
}

export interface StoredAnswer {
  /** sha256 of the canonical request (body and If-Match): a reused key with another request is a 422. */
  fingerprint: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  createdAt: number;
}

export interface IdempotencyStore {
  find(scope: IdempotencyScope): StoredAnswer | undefined;
  /** Keeps the first answer if one is already there. */
  save(scope: IdempotencyScope, answer: StoredAnswer): void;
  purgeOlderThan(epochMs: number): number;
  close(): void;
}

const SCHEMA_VERSION = 1;

export function openIdempotencyStore(path: string): IdempotencyStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // An acknowledged answer must survive a power cut, like the events it describes.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new Error(`${path} was written by a newer register (idempotency schema ${version}, this one knows ${SCHEMA_VERSION})`);
  }
  db.exec(`
    CREATE TABLE IF NOT EXISTS idempotency_answers (
      key         TEXT    NOT NULL,
      actor       TEXT    NOT NULL,
      route       TEXT    NOT NULL,
      fingerprint TEXT    NOT NULL,
      status      INTEGER NOT NULL,
      headers     TEXT    NOT NULL,
      body        TEXT    NOT NULL,
      created_at  INTEGER NOT NULL,
      PRIMARY KEY (key, actor, route)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS idempotency_answers_created ON idempotency_answers (created_at);
  `);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);

  const select = db.prepare<[string, string, string], { fingerprint: string; status: number; headers: string; body: string; created_at: number }>(
    'SELECT fingerprint, status, headers, body, created_at FROM idempotency_answers WHERE key = ? AND actor = ? AND route = ?',
  );
  const insert = db.prepare(
    'INSERT OR IGNORE INTO idempotency_answers (key, actor, route, fingerprint, status, headers, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const purge = db.prepare('DELETE FROM idempotency_answers WHERE created_at < ?');

  return {
    find(scope) {
      const row = select.get(scope.key, scope.actor, scope.route);
      if (!row) return undefined;
      return { fingerprint: row.fingerprint, status: row.status, headers: JSON.parse(row.headers) as Record<string, string>, body: row.body, createdAt: row.created_at };
    },
    save(scope, answer) {
      insert.run(scope.key, scope.actor, scope.route, answer.fingerprint, answer.status, JSON.stringify(answer.headers), answer.body, answer.createdAt);
    },
    purgeOlderThan(epochMs) {
      return purge.run(epochMs).changes;
    },
    close() {
      if (db.open) db.close();
    },
  };
}
