import type Database from 'better-sqlite3';
import { quoteIdentifier, sqlTableName } from '../read-model-database.js';

// Queries prepare their SQL once per connection.
const prepared = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function statement(db: Database.Database, sql: string): Database.Statement {
  let statements = prepared.get(db);
  if (!statements) {
    statements = new Map();
    prepared.set(db, statements);
  }
  let found = statements.get(sql);
  if (!found) {
    found = db.prepare(sql);
    statements.set(sql, found);
  }
  return found;
}

/** The quoted SQL name of a projection's table. */
export function table(projection: string, name: string): string {
  return quoteIdentifier(sqlTableName(projection, name));
}

/** Opaque keyset cursors: the sort values of the last row of a page. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && values.length === arity && values.every((v) => typeof v === 'string' || typeof v === 'number')) return values;
  } catch {
    // fall through
  }
  throw new InvalidCursorError('The cursor is not one this register handed out');
}

/** Names of officers by id (absent when the officer is not registered). */
export function officerNames(db: Database.Database, officerIds: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  const unique = [...new Set(officerIds)];
  const select = statement(db, `SELECT name FROM ${table('officer_history', 'officers')} WHERE key = ?`).pluck();
  for (const id of unique) {
    const name = select.get(id) as string | null | undefined;
    if (name) names.set(id, name);
  }
  return names;
}

/** Every unit's name, by id (a bureau has tens of units). */
export function unitNames(db: Database.Database): Map<string, string> {
  const rows = statement(db, `SELECT key, json_extract(doc, '$.name') FROM ${table('officer_history', 'units')}`).raw(true).all() as [string, string][];
  return new Map(rows);
}

export function unitName(db: Database.Database, unitId: string): string | null {
  const name = statement(db, `SELECT json_extract(doc, '$.name') FROM ${table('officer_history', 'units')} WHERE key = ?`).pluck().get(unitId) as string | undefined;
  return name ?? null;
}
