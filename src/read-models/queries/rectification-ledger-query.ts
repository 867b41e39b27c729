import type Database from 'better-sqlite3';
import {
  rectificationStatus, type RectificationRow, type RectificationStatusNow,
} from '../../../projections/rectification-ledger.js';
import { daysBetween, type CalendarDate } from '../../domain/shared/calendar.js';
import { decodeCursor, encodeCursor, statement, table, unitName, unitNames } from './statements.js';

// The rectification ledger (整改台账): open items first, soonest deadline first, then the items done.
// Whether an item is open, overdue or done is worked out against today in the bureau's zone; the
// status filter becomes a condition on the deadline, so the database does the filtering.

export interface RectificationListQuery {
  today: CalendarDate;
  unitId?: string;
  status?: RectificationStatusNow;
  /** Only items whose deadline in force is before this day. */
  dueBefore?: CalendarDate;
  /** true: done and accepted on a check; false: not (yet) accepted. */
  accepted?: boolean;
  limit?: number;
  cursor?: string;
}

export type RectificationItem = Omit<RectificationRow, 'timeline'> & {
  unitName: string | null;
  status: RectificationStatusNow;
  /** Days past the deadline of an overdue item; 0 otherwise. */
  overdueDays: number;
};

export type RectificationDetail = RectificationItem & { timeline: RectificationRow['timeline'] };

export type StatusCounts = Record<RectificationStatusNow, number>;

export interface RectificationPage {
  today: CalendarDate;
  total: number;
  /** The items of every status that match the other filters, by status now. */
  counts: StatusCounts;
  items: RectificationItem[];
  nextCursor: string | null;
}

export const DEFAULT_RECTIFICATION_PAGE_SIZE = 100;

const ITEMS = table('rectification_ledger', 'items');

interface Filter {
  sql: string;
  params: (string | number)[];
}

function where(query: Omit<RectificationListQuery, 'limit' | 'cursor'>, withStatus = true): Filter {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  if (query.unitId !== undefined) {
    clauses.push('r.unit_id = ?');
    params.push(query.unitId);
  }
  if (withStatus && query.status !== undefined) {
    if (query.status === 'done') clauses.push('r.done = 1');
    else {
      clauses.push(`r.done = 0 AND r.due_on ${query.status === 'overdue' ? '<' : '>='} ?`);
      params.push(query.today);
    }
  }
  if (query.dueBefore !== undefined) {
    clauses.push('r.due_on < ?');
    params.push(query.dueBefore);
  }
  if (query.accepted !== undefined) {
    clauses.push('r.accepted = ?');
    params.push(query.accepted ? 1 : 0);
  }
  return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

function toDetail<T extends Omit<RectificationRow, 'timeline'>>(row: T, today: CalendarDate, unitName: string | null) {
  const status = rectificationStatus(row, today);
  return { ...row, unitName, status, overdueDays: status === 'overdue' ? daysBetween(row.dueOn, today) : 0 };
}

/** A list's item: its row without the timeline, which SQLite leaves out (a list never shows it, and it grows with every note). */
function toItem(doc: string, today: CalendarDate, units: Map<string, string>): RectificationItem {
  const row = JSON.parse(doc) as Omit<RectificationRow, 'timeline'>;
  return toDetail(row, today, units.get(row.unitId) ?? null);
}

/** The document of a list's row: without its timeline. */
const LISTED_DOC = "json_remove(r.doc, '$.timeline')";

/** Counts of items by status now, for the filters given (but the status). */
export function countRectifications(db: Database.Database, query: Omit<RectificationListQuery, 'limit' | 'cursor' | 'status'>): StatusCounts {
  const filter = where(query, false);
  const [open, overdue, done] = statement(db, `SELECT
      COALESCE(SUM(r.done = 0 AND r.due_on >= ?), 0), COALESCE(SUM(r.done = 0 AND r.due_on < ?), 0), COALESCE(SUM(r.done = 1), 0)
    FROM ${ITEMS} r ${filter.sql}`).raw(true).get(query.today, query.today, ...filter.params) as [number, number, number];
  return { open, overdue, done };
}

export function listRectifications(db: Database.Database, query: RectificationListQuery): RectificationPage {
  const limit = query.limit ?? DEFAULT_RECTIFICATION_PAGE_SIZE;
  const filter = where(query);
  const total = statement(db, `SELECT COUNT(*) FROM ${ITEMS} r ${filter.sql}`).pluck().get(...filter.params) as number;
  let sql = filter.sql;
  const params = [...filter.params];
  if (query.cursor) {
    const [done, due, key] = decodeCursor(query.cursor, 3) as [number, string, string];
    sql += `${sql ? ' AND' : 'WHERE'} (r.done > ? OR (r.done = ? AND (r.due_on > ? OR (r.due_on = ? AND r.key > ?))))`;
    params.push(done, done, due, due, key);
  }
  const rows = statement(db, `SELECT r.key, r.done, r.due_on, ${LISTED_DOC} FROM ${ITEMS} r ${sql} ORDER BY r.done, r.due_on, r.key LIMIT ?`)
    .raw(true).all(...params, limit + 1) as [string, number, string, string][];
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const units = unitNames(db);
  return {
    today: query.today,
    total,
    counts: countRectifications(db, query),
    items: page.map(([, , , doc]) => toItem(doc, query.today, units)),
    nextCursor: rows.length > limit && last ? encodeCursor([last[1], last[2], last[0]]) : null,
  };
}

/** Every item that matches, for exports (no paging). */
export function* iterateRectifications(db: Database.Database, query: Omit<RectificationListQuery, 'limit' | 'cursor'>): Generator<RectificationItem> {
  const filter = where(query);
  const units = unitNames(db);
  const rows = db.prepare(`SELECT ${LISTED_DOC} FROM ${ITEMS} r ${filter.sql} ORDER BY r.done, r.due_on, r.key`).pluck().iterate(...filter.params) as IterableIterator<string>;
  for (const doc of rows) yield toItem(doc, query.today, units);
}

/** One item with its timeline, or null when the ledger has none with this id. */
export function readRectification(db: Database.Database, rectificationId: string, today: CalendarDate): RectificationDetail | null {
  const doc = statement(db, `SELECT doc FROM ${ITEMS} WHERE key = ?`).pluck().get(rectificationId) as string | undefined;
  if (doc === undefined) return null;
  const row = JSON.parse(doc) as RectificationRow;
  return toDetail(row, today, unitName(db, row.unitId));
}

export interface RectificationStatistics {
  /** Items found in the period (by foundOn), by their status today. */
  total: number;
  open: number;
  overdue: number;
  done: number;
  /** Of those done, done after their deadline. */
  doneLate: number;
  byUnit: Record<string, { open: number; overdue: number; done: number; doneLate: number }>;
}

/**
 * The statistics' figures of the ledger: the items found in the period (both ends inclusive, either
 * open), of one unit or of all, by their status today, per unit.
 */
export function rectificationStatistics(
  db: Database.Database, query: { today: CalendarDate; from?: CalendarDate; to?: CalendarDate; unitId?: string },
): RectificationStatistics {
  const clauses = ['r.found_on >= ?', 'r.found_on <= ?'];
  const params: string[] = [query.from ?? '0000-01-01', query.to ?? '9999-12-31'];
  if (query.unitId !== undefined) {
    clauses.push('r.unit_id = ?');
    params.push(query.unitId);
  }
  const rows = statement(db, `SELECT r.unit_id,
      SUM(r.done = 0 AND r.due_on >= ?), SUM(r.done = 0 AND r.due_on < ?), SUM(r.done = 1), SUM(r.done = 1 AND r.late = 1)
    FROM ${ITEMS} r WHERE ${clauses.join(' AND ')} GROUP BY r.unit_id ORDER BY r.unit_id`)
    .raw(true).all(query.today, query.today, ...params) as [string, number, number, number, number][];
  const answer: RectificationStatistics = { total: 0, open: 0, overdue: 0, done: 0, doneLate: 0, byUnit: {} };
  for (const [unitId, open, overdue, done, doneLate] of rows) {
    answer.byUnit[unitId] = { open, overdue, done, doneLate };
    answer.open += open;
    answer.overdue += overdue;
    answer.done += done;
    answer.doneLate += doneLate;
  }
  answer.total = answer.open + answer.overdue + answer.done;
  return answer;
}
