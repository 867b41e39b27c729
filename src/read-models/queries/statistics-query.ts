import type Database from 'better-sqlite3';
import { sumCounts, type Count, type StatisticsSeries } from '../../../projections/statistics.js';
import type { CalendarDate } from '../../domain/shared/calendar.js';
import { statement, table, unitNames } from './statements.js';

// Counts for a date range (both ends inclusive, either open). Cases are counted by the day they
// were reported (basis `reported`, the default) or the day the breach happened (`occurred`);
// sanctions by the day they took effect; findings by the day they were recorded; interventions by
// the day they were held. See projections/statistics.ts.

export interface StatisticsQuery {
  from?: CalendarDate;
  to?: CalendarDate;
  basis?: 'reported' | 'occurred';
}

export type StatisticsView = {
  from: CalendarDate | null;
  to: CalendarDate | null;
  basis: 'reported' | 'occurred';
  cases: { total: number; byCategory: Record<string, number>; byChannel: Record<string, number>; byUnit: Record<string, number> };
  sanctions: { total: number; byKind: Record<string, number>; byCapacity: Record<string, number>; byUnit: Record<string, number> };
  findings: { total: number; byOutcome: Record<string, number> };
  interventions: { total: number; byKind: Record<string, number> };
  /** The headline counts, flat, as the briefings show them. */
  byCategory: Record<string, number>;
  byChannel: Record<string, number>;
  byUnit: Record<string, number>;
  bySanctionKind: Record<string, number>;
  /** Names of the units that appear, for display. */
  unitNames: Record<string, string>;
};

const DAYS = table('statistics', 'days');

function totals(db: Database.Database, series: StatisticsSeries, from: CalendarDate | undefined, to: CalendarDate | undefined) {
  const docs = statement(db, `SELECT json_extract(doc, '$.counts') FROM ${DAYS} WHERE series = ? AND day >= ? AND day <= ?`)
    .pluck().all(series, from ?? '0000-01-01', to ?? '9999-12-31') as string[];
  return sumCounts(docs.map((doc) => JSON.parse(doc) as Count[]));
}

export function readStatistics(db: Database.Database, query: StatisticsQuery): StatisticsView {
  const basis = query.basis ?? 'reported';
  const cases = totals(db, basis, query.from, query.to);
  const sanctions = totals(db, 'sanctions', query.from, query.to);
  const findings = totals(db, 'findings', query.from, query.to);
  const interventions = totals(db, 'interventions', query.from, query.to);
  const names = unitNames(db);
  const shown = new Set([...Object.keys(cases.by.unit ?? {}), ...Object.keys(sanctions.by.unit ?? {})]);
  return {
    from: query.from ?? null,
    to: query.to ?? null,
    basis,
    cases: { total: cases.total, byCategory: cases.by.category ?? {}, byChannel: cases.by.channel ?? {}, byUnit: cases.by.unit ?? {} },
    sanctions: { total: sanctions.total, byKind: sanctions.by.kind ?? {}, byCapacity: sanctions.by.capacity ?? {}, byUnit: sanctions.by.unit ?? {} },
    findings: { total: findings.total, byOutcome: findings.by.outcome ?? {} },
    interventions: { total: interventions.total, byKind: interventions.by.kind ?? {} },
    byCategory: cases.by.category ?? {},
    byChannel: cases.by.channel ?? {},
    byUnit: cases.by.unit ?? {},
    bySanctionKind: sanctions.by.kind ?? {},
    unitNames: Object.fromEntries([...names].filter(([id]) => shown.has(id))),
  };
}
