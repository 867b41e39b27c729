import type Database from 'better-sqlite3';
import {
  currentHistory, historyAsOf, summarizeOfficer, type OfficerHistory, type OfficerSummary, type TimelineEntry,
} from '../../../projections/officer-history.js';
import { statement, table, unitName } from './statements.js';

export type TimelineItem = TimelineEntry;

export type OfficerHistoryView = {
  officerId: string;
  /** The instant the history is shown as of, or null for now. */
  asOf: string | null;
  state: OfficerSummary & { unitName: string | null };
  timeline: TimelineItem[];
};


/**
 * The officer's state and full timeline; with `asOfMs`, as the register stood at that instant
 * (only entries recorded by then, folded again). Null when the register knows nothing of the officer
 * (at that instant).
 */
export function readOfficerHistory(db: Database.Database, officerId: string, options: { asOf?: string; asOfMs?: number } = {}): OfficerHistoryView | null {
  const asOfMs = options.asOfMs;
  const chunks = (asOfMs === undefined
    ? statement(db, `SELECT entries FROM ${table('officer_history', 'timeline')} WHERE key = ? ORDER BY first_position`).pluck().all(officerId)
    : statement(db, `SELECT entries FROM ${table('officer_history', 'timeline')} WHERE key = ? AND first_recorded_ms <= ? ORDER BY first_position`).pluck().all(officerId, asOfMs)
  ) as string[];
  const entries = chunks.length === 1 ? (JSON.parse(chunks[0]!) as TimelineEntry[]) : chunks.flatMap((chunk) => JSON.parse(chunk) as TimelineEntry[]);
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
  return { officerId, asOf: options.asOf ?? null, state: { ...summary, unitName: summary.unitId ? unitName(db, summary.unitId) : null }, timeline };
}
