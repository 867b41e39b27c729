import type { RectificationSource, VerificationOutcome } from '../src/domain/rectification/commands.js';
import type { RectificationEvent } from '../src/domain/rectification/evolve.js';
import type { CalendarDate } from '../src/domain/shared/calendar.js';
import type { ProjectedEvent } from './projected-event.js';
import { put, type Change, type Projection } from './projection.js';

// The rectification ledger (整改台账): a row per item, with what was found, the measure, who answers
// for it, the deadline in force and how it came to be, its progress, completion and checks. Whether an
// open item is overdue depends on today, in the bureau's zone: it is worked out when the ledger is
// read (as the rotation schedule's status is), never stored. Whether a completion was late, and
// whether an extension came after the deadline it replaced, the decisions wrote in the events.

export type RectificationEntry =
  | { kind: 'recorded'; on: CalendarDate; dueOn: CalendarDate }
  | { kind: 'progress'; on: CalendarDate; note: string }
  | { kind: 'extension'; on: CalendarDate; previousDueOn: CalendarDate; dueOn: CalendarDate; reason: string; approvedBy: string; afterDeadline: boolean }
  | { kind: 'completion'; on: CalendarDate; summary: string; dueOn: CalendarDate; late: boolean }
  | { kind: 'verification'; on: CalendarDate; outcome: VerificationOutcome; note: string; dueOn: CalendarDate | null };

export type RectificationTimelineEntry = RectificationEntry & {
  eventId: string;
  position: string;
  recordedAt: string;
  recordedBy: string;
};

export interface RectificationRow {
  rectificationId: string;
  unitId: string;
  problem: string;
  source: RectificationSource;
  caseId: string | null;
  measure: string;
  responsibleDepartment: string;
  responsiblePerson: string;
  responsibleOfficerId: string | null;
  foundOn: CalendarDate;
  /** The deadline first set. */
  originalDueOn: CalendarDate;
  /** The deadline in force (a later one after an extension, or a check that reopened the item). */
  dueOn: CalendarDate;
  /** The first deadline that passed with the item not done: lateness no later deadline erases. */
  missedDueOn: CalendarDate | null;
  extensionCount: number;
  latestProgress: { on: CalendarDate; note: string } | null;
  /** The day of the completion in force; null while open (also once a check reopened it). */
  completedOn: CalendarDate | null;
  completionSummary: string | null;
  /** Whether the completion in force was late; null while open. */
  late: boolean | null;
  /** The latest check (整改验收), if any. */
  verification: { on: CalendarDate; outcome: VerificationOutcome; note: string } | null;
  accepted: boolean;
  /** Checks that found the rectification short and reopened it. */
  rejectionCount: number;
  recordedAt: string;
  recordedBy: string;
  timeline: RectificationTimelineEntry[];
}

export type RectificationTables = {
  items: RectificationRow;
};

export const RECTIFICATION_EVENT_TYPES: ReadonlySet<string> = new Set<RectificationEvent['type']>([
  'RectificationRecorded', 'RectificationProgressNoted', 'RectificationDeadlineExtended', 'RectificationCompleted', 'RectificationVerified',
]);

export const rectificationLedgerProjection: Projection<RectificationTables> = {
  name: 'rectification_ledger',
  version: 1,
  eventTypes: RECTIFICATION_EVENT_TYPES,
  tables: {
    items: {
      kind: 'entity',
      columns: {
        unit_id: { type: 'TEXT', value: (r) => r.unitId },
        // Open items first, soonest deadline first: a page is a range scan of one of these indexes.
        done: { type: 'INTEGER', value: (r) => (r.completedOn === null ? 0 : 1) },
        due_on: { type: 'TEXT', value: (r) => r.dueOn },
        found_on: { type: 'TEXT', value: (r) => r.foundOn },
        late: { type: 'INTEGER', value: (r) => (r.late ? 1 : 0) },
        accepted: { type: 'INTEGER', value: (r) => (r.accepted ? 1 : 0) },
      },
      indexes: [['done', 'due_on', 'key'], ['unit_id', 'done', 'due_on', 'key']],
    },
  },
  reduce(view, event) {
    if (!RECTIFICATION_EVENT_TYPES.has(event.type)) return [];
    const e = event as ProjectedEvent & RectificationEvent;
    const placed = { eventId: e.id, position: e.position.toString(), recordedAt: e.metadata.recordedAt, recordedBy: e.metadata.actor };
    if (e.type === 'RectificationRecorded') {
      const d = e.data;
      if (view.get('items', d.rectificationId)) return [];
      return [put<RectificationTables, 'items'>('items', d.rectificationId, {
        rectificationId: d.rectificationId, unitId: d.unitId, problem: d.problem, source: d.source, caseId: d.caseId, measure: d.measure,
        responsibleDepartment: d.responsibleDepartment, responsiblePerson: d.responsiblePerson, responsibleOfficerId: d.responsibleOfficerId,
        foundOn: d.foundOn, originalDueOn: d.dueOn, dueOn: d.dueOn, missedDueOn: null, extensionCount: 0, latestProgress: null,
        completedOn: null, completionSummary: null, late: null, verification: null, accepted: false, rejectionCount: 0,
        recordedAt: placed.recordedAt, recordedBy: placed.recordedBy,
        timeline: [{ kind: 'recorded', on: d.foundOn, dueOn: d.dueOn, ...placed }],
      })];
    }
    const row = view.get('items', e.data.rectificationId);
    if (!row) return [];
    const next = (changes: Partial<RectificationRow>, entry: RectificationEntry): Change<RectificationTables>[] =>
      [put<RectificationTables, 'items'>('items', row.rectificationId, { ...row, ...changes, timeline: [...row.timeline, { ...entry, ...placed } as RectificationTimelineEntry] })];
    switch (e.type) {
      case 'RectificationProgressNoted': {
        const { notedOn, note } = e.data;
        return next({ latestProgress: { on: notedOn, note } }, { kind: 'progress', on: notedOn, note });
      }
      case 'RectificationDeadlineExtended': {
        const { previousDueOn, dueOn, reason, approvedBy, approvedOn, afterDeadline } = e.data;
        return next(
          { dueOn, extensionCount: row.extensionCount + 1, missedDueOn: row.missedDueOn ?? (afterDeadline ? previousDueOn : null) },
          { kind: 'extension', on: approvedOn, previousDueOn, dueOn, reason, approvedBy, afterDeadline },
        );
      }
      case 'RectificationCompleted': {
        const { completedOn, summary, dueOn, late } = e.data;
        return next(
          { completedOn, completionSummary: summary, late, missedDueOn: row.missedDueOn ?? (late ? dueOn : null) },
          { kind: 'completion', on: completedOn, summary, dueOn, late },
        );
      }
      case 'RectificationVerified': {
        const { verifiedOn, outcome, note, dueOn } = e.data;
        const verification = { on: verifiedOn, outcome, note };
        const changes: Partial<RectificationRow> = outcome === 'accepted'
          ? { verification, accepted: true }
          : { verification, completedOn: null, completionSummary: null, late: null, dueOn: dueOn ?? row.dueOn, rejectionCount: row.rejectionCount + 1 };
        return next(changes, { kind: 'verification', on: verifiedOn, outcome, note, dueOn });
      }
    }
  },
};

export const rectificationStatuses = ['open', 'overdue', 'done'] as const;
export type RectificationStatusNow = (typeof rectificationStatuses)[number];

/** done once completed (a check that reopened it makes it open again); overdue once its deadline has passed. */
export function rectificationStatus(row: Pick<RectificationRow, 'completedOn' | 'dueOn'>, today: CalendarDate): RectificationStatusNow {
  if (row.completedOn !== null) return 'done';
  return row.dueOn < today ? 'overdue' : 'open';
}
