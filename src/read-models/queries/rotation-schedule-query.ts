import type Database from 'better-sqlite3';
import { addDaysFast } from '../../../projections/dates.js';
import {
  DEFAULT_DUE_SOON_DAYS, dueRangeOf, statusAgainst, type RotationHolder, type RotationStatus,
} from '../../../projections/rotation-schedule.js';
import type { CalendarDate } from '../../domain/shared/calendar.js';
import { decodeCursor, encodeCursor, statement, table } from './statements.js';

// The rotation schedule, soonest due first. Status is computed against today's date in the bureau's
// zone; the status filter becomes a range of due dates, so the database does the filtering. A page
// holds `limit` rows (default 100); `nextCursor` fetches the next page. CSV exports iterate all rows.

export interface RotationScheduleQuery {
  today: CalendarDate;
  dueSoonDays?: number;
  unitId?: string;
  status?: RotationStatus;
  /** Only rotations due (after any deferral) strictly before this date. */
  dueBefore?: CalendarDate;
  /** Only holders whose latest warning education was before this date, or who have none on record. */
  educatedBefore?: CalendarDate;
  limit?: number;
  cursor?: string;
}

export interface RotationItem {
  officerId: string;
  officerName: string;
  postId: string;
  postTitle: string;
  unitId: string;
  unitName: string | null;
  since: CalendarDate;
  periodMonths: number;
  dueOn: CalendarDate;
  deferredUntil: CalendarDate | null;
  effectiveDueOn: CalendarDate;
  status: RotationStatus;
  lastWarningEducationOn: CalendarDate | null;
  /** The start of the off-post training the holder is in; null: in none. */
  offPostTrainingSince: CalendarDate | null;
  /** Its planned end (as imposed or revised on review or appeal); null: in none, or none set. */
  offPostTrainingUntil: CalendarDate | null;
}

export interface RotationSchedulePage {
  today: CalendarDate;
  dueSoonDays: number;
  total: number;
  items: RotationItem[];
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 100;

function where(query: RotationScheduleQuery): { sql: string; params: (string | number)[] } {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  if (query.unitId !== undefined) {
    clauses.push('h.unit_id = ?');
    params.push(query.unitId);
  }
  if (query.status !== undefined) {
    const { from, to } = dueRangeOf(query.status, query.today, query.dueSoonDays ?? DEFAULT_DUE_SOON_DAYS);
    if (from !== null) {
      clauses.push('h.effective_due_on >= ?');
      params.push(from);
    }
    if (to !== null) {
      clauses.push('h.effective_due_on <= ?');
      params.push(to);
    }
  }
  if (query.dueBefore !== undefined) {
    clauses.push('h.effective_due_on < ?');
    params.push(query.dueBefore);
  }
  if (query.educatedBefore !== undefined) {
    clauses.push('(h.last_warning_education_on IS NULL OR h.last_warning_education_on < ?)');
    params.push(query.educatedBefore);
  }
  return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

const HOLDERS = table('rotation_schedule', 'holders');

function toItem(doc: string, today: CalendarDate, lastDueSoon: CalendarDate): RotationItem {
  const h = JSON.parse(doc) as RotationHolder;
  return {
    officerId: h.officerId, officerName: h.officerName, postId: h.postId, postTitle: h.postTitle, unitId: h.unitId, unitName: h.unitName,
    since: h.since, periodMonths: h.periodMonths, dueOn: h.dueOn, deferredUntil: h.deferredUntil, effectiveDueOn: h.effectiveDueOn,
    status: statusAgainst(h.effectiveDueOn, today, lastDueSoon),
    lastWarningEducationOn: h.lastWarningEducationOn,
    offPostTrainingSince: h.offPostTrainingSince, offPostTrainingUntil: h.offPostTrainingUntil,
  };
}

export function readRotationSchedule(db: Database.Database, query: RotationScheduleQuery): RotationSchedulePage {
  const dueSoonDays = query.dueSoonDays ?? DEFAULT_DUE_SOON_DAYS;
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const filter = where(query);
  const total = statement(db, `SELECT COUNT(*) FROM ${HOLDERS} h ${filter.sql}`).pluck().get(...filter.params) as number;
  let sql = filter.sql;
  const params = [...filter.params];
  if (query.cursor) {
    const [due, key] = decodeCursor(query.cursor, 2) as [string, string];
    sql += `${sql ? ' AND' : 'WHERE'} (h.effective_due_on > ? OR (h.effective_due_on = ? AND h.key > ?))`;
    params.push(due, due, key);
  }
  const rows = statement(db, `SELECT h.key, h.effective_due_on, h.doc FROM ${HOLDERS} h ${sql} ORDER BY h.effective_due_on, h.key LIMIT ?`)
    .raw(true).all(...params, limit + 1) as [string, string, string][];
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const lastDueSoon = addDaysFast(query.today, dueSoonDays);
  return {
    today: query.today,
    dueSoonDays,
    total,
    items: page.map(([, , doc]) => toItem(doc, query.today, lastDueSoon)),
    nextCursor: rows.length > limit && last ? encodeCursor([last[1], last[0]]) : null,
  };
}

/** Every row of the schedule that matches, for exports (no paging). */
export function* iterateRotationSchedule(db: Database.Database, query: Omit<RotationScheduleQuery, 'limit' | 'cursor'>): Generator<RotationItem> {
  const dueSoonDays = query.dueSoonDays ?? DEFAULT_DUE_SOON_DAYS;
  const filter = where(query);
  const lastDueSoon = addDaysFast(query.today, dueSoonDays);
  const rows = db.prepare(`SELECT h.doc FROM ${HOLDERS} h ${filter.sql} ORDER BY h.effective_due_on, h.key`).pluck().iterate(...filter.params) as IterableIterator<string>;
  for (const doc of rows) yield toItem(doc, query.today, lastDueSoon);
}
