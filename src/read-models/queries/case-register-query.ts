import type Database from 'better-sqlite3';
import {
  caseTimeline, foldCase, isOverdue, type CaseRecord, type CaseRow, type CaseStatus, type CaseTimelineEntry,
} from '../../../projections/case-register.js';
import { toProjectedEvent, type ProjectedEvent } from '../../../projections/projected-event.js';
import { streamNames } from '../../domain/streams.js';
import { StreamNotFoundError } from '../../store/errors.js';
import type { EventStore } from '../../store/event-store.js';
import { isStreamName } from '../../store/stream-name.js';
import { DEFAULT_BUREAU_TIMEZONE, dateOfInstant, type CalendarDate } from '../../domain/shared/calendar.js';
import type { ReportChannel, ViolationCategory } from '../../domain/shared/codes.js';
import { overdueCondition } from './overdue-sql.js';
import { decodeCursor, encodeCursor, officerNames, statement, table } from './statements.js';

// The case register, newest report first. `overdue` (due date passed, a subject still without a
// finding, still open) depends on today's date and is computed in the query. Lists read the cases' rows; one case is
// opened whole by folding its stream up to the read models' position. The reporter's identity is
// only ever returned when the caller says it may see it (inspectors).

export interface CaseListQuery {
  today: CalendarDate;
  /** The bureau's zone, in which the day a report was entered (enteredOn) is told; default Asia/Shanghai. */
  timezone?: string;
  status?: CaseStatus;
  category?: ViolationCategory;
  channel?: ReportChannel;
  overdue?: boolean;
  officerId?: string;
  unitId?: string;
  inspectorId?: string;
  reportedFrom?: CalendarDate;
  reportedTo?: CalendarDate;
  limit?: number;
  cursor?: string;
}

export type CaseSubjectView = {
  officerId: string;
  unitId: string;
  name: string | null;
};

export type CaseSummary = {
  caseId: string;
  status: CaseStatus;
  category: ViolationCategory;
  channel: ReportChannel;
  occurredOn: CalendarDate;
  /** The day the bureau received the report. */
  reportedOn: CalendarDate;
  /** The day it was entered in the register (the bureau's day of its record time): later than reportedOn when it was entered late. */
  enteredOn: CalendarDate;
  summary: string;
  subjects: CaseSubjectView[];
  inspectorId: string | null;
  dueOn: CalendarDate | null;
  late: boolean;
  overdue: boolean;
  findingOutcomes: string[];
  /** The sanctions in force (处理人次): annulled ones are not counted, reduced ones are. */
  sanctionCount: number;
  closedOn: CalendarDate | null;
};

export type CaseDetail = Omit<CaseRecord, 'reporter' | 'subjects'> & {
  /** The day the report was entered in the register (the bureau's day of `reported.recordedAt`); reportedOn may be earlier. */
  enteredOn: CalendarDate;
  subjects: CaseSubjectView[];
  overdue: boolean;
  /** Present only for callers allowed to see it. */
  reporter?: CaseRecord['reporter'];
  timeline: CaseTimelineEntry[];
};

export type CasePage = {
  today: CalendarDate;
  total: number;
  items: CaseSummary[];
  nextCursor: string | null;
};

const CASES = table('case_register', 'cases');
const SUBJECTS = table('case_register', 'subjects');

function where(query: CaseListQuery): { sql: string; params: (string | number)[] } {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  const add = (clause: string, ...values: (string | number)[]) => {
    clauses.push(clause);
    params.push(...values);
  };
  if (query.status !== undefined) add('c.status = ?', query.status);
  if (query.category !== undefined) add('c.category = ?', query.category);
  if (query.channel !== undefined) add('c.channel = ?', query.channel);
  if (query.inspectorId !== undefined) add('c.inspector_id = ?', query.inspectorId);
  if (query.reportedFrom !== undefined) add('c.reported_on >= ?', query.reportedFrom);
  if (query.reportedTo !== undefined) add('c.reported_on <= ?', query.reportedTo);
  if (query.officerId !== undefined) add(`c.key IN (SELECT case_id FROM ${SUBJECTS} WHERE officer_id = ?)`, query.officerId);
  if (query.unitId !== undefined) add(`c.key IN (SELECT case_id FROM ${SUBJECTS} WHERE unit_id = ?)`, query.unitId);
  if (query.overdue === true) add(overdueCondition('c.'), query.today);
  if (query.overdue === false) add(`NOT ${overdueCondition('c.')}`, query.today);
  return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

function withNames(db: Database.Database, subjects: readonly { officerId: string; unitId: string }[]): CaseSubjectView[] {
  const names = officerNames(db, subjects.map((s) => s.officerId));
  return subjects.map((s) => ({ officerId: s.officerId, unitId: s.unitId, name: names.get(s.officerId) ?? null }));
}

function summarize(db: Database.Database, c: CaseRow, query: Pick<CaseListQuery, 'today' | 'timezone'>): CaseSummary {
  const { today } = query;
  return {
    caseId: c.caseId, status: c.status, category: c.category, channel: c.channel, occurredOn: c.occurredOn, reportedOn: c.reportedOn,
    enteredOn: dateOfInstant(c.enteredAt, query.timezone ?? DEFAULT_BUREAU_TIMEZONE),
    summary: c.summary, subjects: withNames(db, c.subjects), inspectorId: c.inspectorId, dueOn: c.dueOn, late: c.late,
    overdue: isOverdue(c, today), findingOutcomes: c.findingOutcomes, sanctionCount: c.sanctionsInForce.length, closedOn: c.closedOn,
  };
}

export function listCases(db: Database.Database, query: CaseListQuery): CasePage {
  const limit = query.limit ?? 100;
  const filter = where(query);
  const total = statement(db, `SELECT COUNT(*) FROM ${CASES} c ${filter.sql}`).pluck().get(...filter.params) as number;
  let sql = filter.sql;
  const params = [...filter.params];
  if (query.cursor) {
    const [reportedOn, key] = decodeCursor(query.cursor, 2) as [string, string];
    sql += `${sql ? ' AND' : 'WHERE'} (c.reported_on < ? OR (c.reported_on = ? AND c.key < ?))`;
    params.push(reportedOn, reportedOn, key);
  }
  const rows = statement(db, `SELECT c.key, c.reported_on, c.doc FROM ${CASES} c ${sql} ORDER BY c.reported_on DESC, c.key DESC LIMIT ?`)
    .raw(true).all(...params, limit + 1) as [string, string, string][];
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    today: query.today,
    total,
    items: page.map(([, , doc]) => summarize(db, JSON.parse(doc) as CaseRow, query)),
    nextCursor: rows.length > limit && last ? encodeCursor([last[1], last[0]]) : null,
  };
}

/** Every matching case, for exports (no paging). */
export function* iterateCases(db: Database.Database, query: Omit<CaseListQuery, 'limit' | 'cursor'>): Generator<CaseSummary> {
  const filter = where(query);
  const rows = db.prepare(`SELECT c.doc FROM ${CASES} c ${filter.sql} ORDER BY c.reported_on DESC, c.key DESC`).pluck().iterate(...filter.params) as IterableIterator<string>;
  for (const doc of rows) yield summarize(db, JSON.parse(doc) as CaseRow, query);
}

/**
 * One case, whole: the fold of its stream up to `upTo` (the read models' position, so that it agrees
 * with the lists). Null when the case was not reported by then.
 */
export async function readCase(
  db: Database.Database,
  store: Pick<EventStore, 'readStream'>,
  caseId: string,
  options: { today: CalendarDate; includeReporter: boolean; upTo: bigint | null; /** The bureau's zone (default Asia/Shanghai): enteredOn is its day. */ timezone?: string },
): Promise<CaseDetail | null> {
  const { upTo } = options;
  const streamName = streamNames.case(caseId);
  // An id no stream can have is no case: not found, as for any other unknown id.
  if (upTo === null || !isStreamName(streamName)) return null;
  let events: ProjectedEvent[];
  try {
    events = (await store.readStream(streamName))
      .filter((event) => event.position <= upTo)
      .map(toProjectedEvent)
      .filter((event): event is ProjectedEvent => event !== null);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return null;
    throw error;
  }
  const record = foldCase(events);
  if (!record) return null;
  const { reporter, subjects, ...rest } = record;
  return {
    ...rest,
    enteredOn: dateOfInstant(record.reported.recordedAt, options.timezone ?? DEFAULT_BUREAU_TIMEZONE),
    subjects: withNames(db, subjects),
    overdue: isOverdue(record, options.today),
    ...(options.includeReporter ? { reporter } : {}),
    timeline: caseTimeline(record),
  };
}
