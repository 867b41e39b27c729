import type Database from 'better-sqlite3';
import type { Officer, OfficerState } from '../../domain/officer/state.js';
import { lastWarningEducationOn, offPostTraining } from '../../../projections/rotation-schedule.js';
import type { CalendarDate } from '../../domain/shared/calendar.js';
import type { SanctionCapacity, SanctionKind } from '../../domain/shared/codes.js';
import { decodeCursor, encodeCursor, statement, table, unitNames } from './statements.js';

// The roster (花名册): every officer the register knows, as they stand now: unit, post, enforcement
// qualification, whether in service, the sanctions on their record. Read from the officer state
// the rotation schedule keeps for every officer (projections/rotation-schedule.ts), so the roster
// costs the rebuild nothing more. In officer id order; `limit` rows a page with `nextCursor`.

export interface OfficerRosterQuery {
  unitId?: string;
  inService?: boolean;
  /** true: holds an enforcement qualification now; false: does not (never had one, or it was revoked). */
  qualified?: boolean;
  postId?: string;
  /** Part of the officer's name or id. */
  search?: string;
  limit?: number;
  cursor?: string;
}

export interface RosterSanction {
  sanctionId: string;
  caseId: string;
  kind: SanctionKind;
  capacity: SanctionCapacity;
  effectiveOn: CalendarDate;
}

export interface RosterItem {
  officerId: string;
  name: string;
  unitId: string;
  unitName: string | null;
  hiredOn: CalendarDate;
  inService: boolean;
  /** How and when the officer left service (dismissal, expulsion); null while in service. */
  separation: { kind: 'dismissal' | 'expulsion'; effectiveOn: CalendarDate } | null;
  qualified: boolean;
  certificateNo: string | null;
  /** Qualified without a break since (a renewal continues the holding). */
  qualifiedSince: CalendarDate | null;
  /** The day a sanction revoked the qualification, when it is revoked now. */
  qualificationRevokedOn: CalendarDate | null;
  postId: string | null;
  postTitle: string | null;
  postSince: CalendarDate | null;
  enforcementPost: boolean | null;
  sensitivePost: boolean | null;
  /** When rotation off a sensitive post is due (after any deferral); null on no such post. */
  rotationDueOn: CalendarDate | null;
  /** When an off-post training in progress (离岗培训) began; null when none is. */
  offPostTrainingSince: CalendarDate | null;
  /** Its planned end (null when none is in progress, or it has none): as the rotation schedule gives it. */
  offPostTrainingUntil: CalendarDate | null;
  /** The sanctions on the officer's record (not annulled on review or appeal), in the order they took effect. */
  sanctions: RosterSanction[];
  lastWarningEducationOn: CalendarDate | null;
}

export interface OfficerRosterPage {
  total: number;
  items: RosterItem[];
  nextCursor: string | null;
}

export const DEFAULT_ROSTER_PAGE_SIZE = 100;

const OFFICERS = table('rotation_schedule', 'officers');

function where(query: OfficerRosterQuery): { sql: string; params: (string | number)[] } {
  // Rows of officers the log names before their registration (exists: false, no unit) are no one's.
  const clauses = ['o.unit_id IS NOT NULL'];
  const params: (string | number)[] = [];
  if (query.unitId !== undefined) {
    clauses.push('o.unit_id = ?');
    params.push(query.unitId);
  }
  if (query.inService !== undefined) {
    clauses.push('o.in_service = ?');
    params.push(query.inService ? 1 : 0);
  }
  if (query.qualified !== undefined) {
    clauses.push('o.qualified = ?');
    params.push(query.qualified ? 1 : 0);
  }
  if (query.postId !== undefined) {
    clauses.push('o.post_id = ?');
    params.push(query.postId);
  }
  if (query.search !== undefined) {
    // instr, not LIKE: a name's % or _ is a character like any other.
    clauses.push('(instr(o.key, ?) > 0 OR instr(o.name, ?) > 0)');
    params.push(query.search, query.search);
  }
  return { sql: `WHERE ${clauses.join(' AND ')}`, params };
}

function rosterItem(officer: Officer, unitName: string | null): RosterItem {
  const sanctions = Object.values(officer.sanctions)
    .filter((s) => s.status !== 'annulled')
    .sort((a, b) => (a.effectiveOn < b.effectiveOn ? -1 : a.effectiveOn > b.effectiveOn ? 1 : 0))
    .map(({ sanctionId, caseId, kind, capacity, effectiveOn }) => ({ sanctionId, caseId, kind, capacity, effectiveOn }));
  const revocation = officer.qualification
    ? undefined
    : Object.values(officer.sanctions).filter((s) => s.kind === 'qualification_revoked' && s.status === 'in_force').map((s) => s.effectiveOn).sort().at(-1);
  const training = offPostTraining(officer);
  const { post, rotation } = officer;
  return {
    officerId: officer.officerId,
    name: officer.name,
    unitId: officer.unitId,
    unitName,
    hiredOn: officer.hiredOn,
    inService: officer.inService,
    separation: officer.separation ? { kind: officer.separation.kind, effectiveOn: officer.separation.effectiveOn } : null,
    qualified: officer.qualification !== null,
    certificateNo: officer.qualification?.certificateNo ?? null,
    qualifiedSince: officer.qualification?.heldSince ?? null,
    qualificationRevokedOn: revocation ?? null,
    postId: post?.post.postId ?? null,
    postTitle: post?.post.title ?? null,
    postSince: post?.since ?? null,
    enforcementPost: post ? post.post.enforcement : null,
    sensitivePost: post ? post.post.sensitive : null,
    rotationDueOn: officer.inService && rotation ? rotation.dueOn : null,
    offPostTrainingSince: training.since,
    offPostTrainingUntil: training.until,
    sanctions,
    lastWarningEducationOn: lastWarningEducationOn(officer),
  };
}

function toItem(doc: string, units: Map<string, string>): RosterItem {
  const officer = JSON.parse(doc) as OfficerState as Officer;
  return rosterItem(officer, units.get(officer.unitId) ?? null);
}

export function readOfficerRoster(db: Database.Database, query: OfficerRosterQuery): OfficerRosterPage {
  const limit = query.limit ?? DEFAULT_ROSTER_PAGE_SIZE;
  const filter = where(query);
  const total = statement(db, `SELECT COUNT(*) FROM ${OFFICERS} o ${filter.sql}`).pluck().get(...filter.params) as number;
  let sql = filter.sql;
  const params = [...filter.params];
  if (query.cursor) {
    const [key] = decodeCursor(query.cursor, 1) as [string];
    sql += ' AND o.key > ?';
    params.push(key);
  }
  const rows = statement(db, `SELECT o.key, o.doc FROM ${OFFICERS} o ${sql} ORDER BY o.key LIMIT ?`).raw(true).all(...params, limit + 1) as [string, string][];
  const page = rows.slice(0, limit);
  const units = unitNames(db);
  const last = page.at(-1);
  return {
    total,
    items: page.map(([, doc]) => toItem(doc, units)),
    nextCursor: rows.length > limit && last ? encodeCursor([last[0]]) : null,
  };
}

/** Every officer that matches, for exports (no paging). */
export function* iterateOfficerRoster(db: Database.Database, query: Omit<OfficerRosterQuery, 'limit' | 'cursor'>): Generator<RosterItem> {
  const filter = where(query);
  const units = unitNames(db);
  const rows = db.prepare(`SELECT o.doc FROM ${OFFICERS} o ${filter.sql} ORDER BY o.key`).pluck().iterate(...filter.params) as IterableIterator<string>;
  for (const doc of rows) yield toItem(doc, units);
}
