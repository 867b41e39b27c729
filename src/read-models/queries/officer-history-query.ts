import type Database from 'better-sqlite3';
import {
  currentHistory, historyAsOf, summarizeOfficer, timelineEntry, type CaseInvolvement, type OfficerHistory, type OfficerSummary, type TimelineEntry,
  type TimelinePointer,
} from '../../../projections/officer-history.js';
import { instantMs, toProjectedEvent } from '../../../projections/projected-event.js';
import { streamNames } from '../../domain/streams.js';
import { StreamNotFoundError } from '../../store/errors.js';
import type { EventStore } from '../../store/event-store.js';
import { statement, table, unitName } from './statements.js';

export type TimelineItem = TimelineEntry;

export type OfficerHistoryView = {
  officerId: string;
  /** The instant the history is shown as of, or null for now. */
  asOf: string | null;
  state: OfficerSummary & { unitName: string | null };
  timeline: TimelineItem[];
};

/** The read model points at an event the log does not hold: the two disagree (a log restored without its read models). */
export class TimelineOutOfStepError extends Error {
  override readonly name = 'TimelineOutOfStepError';
}

/**
 * The officer's state and full timeline; with `asOfMs`, as the register stood at that instant
 * (only entries recorded by then, folded again). Null when the register knows nothing of the officer
 * (at that instant). The timeline's events are fetched from the log by the positions the read
 * model keeps.
 */
export async function readOfficerHistory(
  db: Database.Database,
  store: Pick<EventStore, 'readAt' | 'readStream'>,
  officerId: string,
  options: { asOf?: string; asOfMs?: number } = {},
): Promise<OfficerHistoryView | null> {
  const asOfMs = options.asOfMs;
  // A chunk whose entries were all recorded after asOf (its earliest recordedAt is later) is not read at all.
  const chunks = (asOfMs === undefined
    ? statement(db, `SELECT entries FROM ${table('officer_history', 'timeline')} WHERE key = ? ORDER BY first_position`).pluck().all(officerId)
    : statement(db, `SELECT entries FROM ${table('officer_history', 'timeline')} WHERE key = ? AND first_recorded_ms <= ? ORDER BY first_position`).pluck().all(officerId, asOfMs)
  ) as string[];
  const pointers = chunks.length === 1 ? (JSON.parse(chunks[0]!) as TimelinePointer[]) : chunks.flatMap((chunk) => JSON.parse(chunk) as TimelinePointer[]);
  const entries = await resolvePointers(store, pointers);
  let state: OfficerHistory | null;
  let timeline: TimelineEntry[];
  if (asOfMs === undefined) {
    state = currentHistory(officerId, entries);
    timeline = entries;
  } else {
    ({ state, timeline } = historyAsOf(officerId, entries, asOfMs));
  }
  if (!state) return null;
  const summary = summarizeOfficer(state);
  return {
    officerId,
    asOf: options.asOf ?? null,
    state: {
      ...summary,
      cases: asOfMs === undefined ? withCaseFacts(db, summary.cases) : await withCaseFactsAsOf(store, summary.cases, asOfMs),
      unitName: summary.unitId ? unitName(db, summary.unitId) : null,
    },
    timeline,
  };
}

/**
 * A unit head held accountable, or an officer sanctioned without being a subject, comes into a case
 * after its report, which their timeline therefore does not hold: the case's category and report
 * date are taken from the case register. A case without its report date is one of these, whether or
 * not a later correction of the category (which does reach their timeline) gave it a category.
 */
function withCaseFacts(db: Database.Database, cases: CaseInvolvement[]): CaseInvolvement[] {
  if (cases.every(reportInTimeline)) return cases;
  const select = statement(db, `SELECT category, reported_on FROM ${table('case_register', 'cases')} WHERE key = ?`).raw(true);
  return cases.map((c) => {
    if (reportInTimeline(c)) return c;
    const row = select.get(c.caseId) as [CaseInvolvement['category'], CaseInvolvement['reportedOn']] | undefined;
    return row ? { ...c, category: row[0], reportedOn: row[1] } : c;
  });
}

/**
 * The same facts as the register stood at an instant: the case register has only the category as
 * it stands now (a correction may have changed it since), so the case's own stream is read and
 * folded up to the instant. Only for ?asOf=, and only for the cases the timeline does not describe.
 */
async function withCaseFactsAsOf(store: Pick<EventStore, 'readStream'>, cases: CaseInvolvement[], asOfMs: number): Promise<CaseInvolvement[]> {
  return Promise.all(cases.map(async (c) => {
    if (reportInTimeline(c)) return c;
    let recorded;
    try {
      recorded = await store.readStream(streamNames.case(c.caseId));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return c;
      throw error;
    }
    let facts = c;
    for (const one of recorded) {
      const event = toProjectedEvent(one);
      if (!event || instantMs(event.metadata.recordedAt) > asOfMs) continue;
      if (event.type === 'CaseReported') facts = { ...facts, category: event.data.category, reportedOn: event.data.reportedOn };
      else if (event.type === 'CaseRecordCorrected' && event.data.changes.category) facts = { ...facts, category: event.data.changes.category };
    }
    return facts;
  }));
}

/** Whether the officer's timeline holds the case's report (it sets the report date; a correction sets only the category). */
function reportInTimeline(c: CaseInvolvement): boolean {
  return c.reportedOn !== null;
}

/** The entries the pointers stand for, in their order (log order). */
async function resolvePointers(store: Pick<EventStore, 'readAt'>, pointers: readonly TimelinePointer[]): Promise<TimelineEntry[]> {
  if (pointers.length === 0) return [];
  const events = new Map((await store.readAt(pointers.map(([position]) => BigInt(position)))).map((event) => [Number(event.position), event]));
  return pointers.map(([position, role]) => {
    const recorded = events.get(position);
    const event = recorded && toProjectedEvent(recorded);
    if (!event) throw new TimelineOutOfStepError(`The officer history points at position ${position}, which holds no event of the register in the log`);
    return timelineEntry(event, role);
  });
}
