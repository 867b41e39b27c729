import type Database from 'better-sqlite3';
import type { AccountabilityAlert } from '../../../projections/accountability-alerts.js';
import type { CaseRow } from '../../../projections/case-register.js';
import { daysBetween, type CalendarDate } from '../../domain/shared/calendar.js';
import { overdueCondition } from './overdue-sql.js';
import { decodeCursor, encodeCursor, officerNames, statement, table } from './statements.js';

// Accountability alerts (四必究 bj-1 to bj-4) newest first, and the verifications that are
// overdue today (due date passed, a subject still without a finding, case still open: isOverdue of
// projections/case-register.ts), most overdue first. The dates
// (from, to) bound when an alert was raised; the overdue verifications are those of today.

export interface AlertQuery {
  today: CalendarDate;
  ruleRef?: AccountabilityAlert['ruleRef'];
  unitId?: string;
  /** true: only bj-1 and bj-2 alerts the case has done nothing about; false: only those it has. */
  outstanding?: boolean;
  from?: CalendarDate;
  to?: CalendarDate;
  limit?: number;
  /** The alerts after a page (its nextCursor); the overdue verifications are not paged. */
  cursor?: string;
}

export type OverdueVerification = {
  caseId: string;
  inspectorId: string | null;
  dueOn: CalendarDate;
  daysOverdue: number;
  category: string;
  subjects: { officerId: string; unitId: string; name: string | null }[];
};

export type AlertsView = {
  today: CalendarDate;
  /** Alerts matching the filters, on all pages. */
  alertsTotal: number;
  alerts: (AccountabilityAlert & { accountableName: string | null })[];
  /** The next page of alerts, or null when this is the last. */
  nextCursor: string | null;
  /** Overdue verifications matching the filters (the list holds at most `limit`, the most overdue). */
  overdueTotal: number;
  overdueVerifications: OverdueVerification[];
};

const ALERTS = table('accountability_alerts', 'alerts');
const CASES = table('case_register', 'cases');
const SUBJECTS = table('case_register', 'subjects');

export function readAlerts(db: Database.Database, query: AlertQuery): AlertsView {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  if (query.ruleRef) {
    clauses.push('rule_ref = ?');
    params.push(query.ruleRef);
  }
  if (query.unitId) {
    clauses.push('unit_id = ?');
    params.push(query.unitId);
  }
  if (query.outstanding !== undefined) {
    clauses.push('outstanding = ?');
    params.push(query.outstanding ? 1 : 0);
  }
  if (query.from) {
    clauses.push('raised_on >= ?');
    params.push(query.from);
  }
  if (query.to) {
    clauses.push('raised_on <= ?');
    params.push(query.to);
  }
  const filterSql = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
  const alertsTotal = statement(db, `SELECT COUNT(*) FROM ${ALERTS} ${filterSql}`).pluck().get(...params) as number;
  const limit = query.limit ?? 500;
  if (query.cursor) {
    const [raisedOn, key] = decodeCursor(query.cursor, 2) as [string, string];
    clauses.push('(raised_on < ? OR (raised_on = ? AND key > ?))');
    params.push(raisedOn, raisedOn, key);
  }
  const whereSql = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
  const rows = statement(db, `SELECT key, raised_on, doc FROM ${ALERTS} ${whereSql} ORDER BY raised_on DESC, key LIMIT ?`)
    .raw(true).all(...params, limit + 1) as [string, string, string][];
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const alerts = page.map(([, , doc]) => JSON.parse(doc) as AccountabilityAlert);
  const names = officerNames(db, alerts.flatMap((a) => (a.accountableOfficerId ? [a.accountableOfficerId] : [])));

  // The unit is matched in SQL, before the limit: a limit that came first could leave out every case of the unit.
  const ofUnit = query.unitId ? `AND key IN (SELECT case_id FROM ${SUBJECTS} WHERE unit_id = ?)` : '';
  const overdueSql = `FROM ${CASES} WHERE ${overdueCondition()} ${ofUnit}`;
  const overdueParams = [query.today, ...(query.unitId ? [query.unitId] : [])];
  const overdueTotal = statement(db, `SELECT COUNT(*) ${overdueSql}`).pluck().get(...overdueParams) as number;
  const overdueDocs = statement(db, `SELECT doc ${overdueSql} ORDER BY due_on, key LIMIT ?`).pluck().all(...overdueParams, limit) as string[];
  const overdue = overdueDocs.map((doc) => JSON.parse(doc) as CaseRow);
  const subjectNames = officerNames(db, overdue.flatMap((c) => c.subjects.map((s) => s.officerId)));
  return {
    today: query.today,
    alertsTotal,
    alerts: alerts.map((a) => ({ ...a, accountableName: a.accountableOfficerId ? names.get(a.accountableOfficerId) ?? null : null })),
    nextCursor: rows.length > limit && last ? encodeCursor([last[1], last[0]]) : null,
    overdueTotal,
    overdueVerifications: overdue.map((c) => ({
      caseId: c.caseId,
      inspectorId: c.inspectorId,
      dueOn: c.dueOn!,
      daysOverdue: daysBetween(c.dueOn!, query.today),
      category: c.category,
      subjects: c.subjects.map((s) => ({ ...s, name: subjectNames.get(s.officerId) ?? null })),
    })),
  };
}
