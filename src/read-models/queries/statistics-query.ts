import type Database from 'better-sqlite3';
import { sumCounts, type Count, type StatisticsSeries, type StatisticsTotals } from '../../../projections/statistics.js';
import type { CalendarDate } from '../../domain/shared/calendar.js';
import {
  findingOutcomes, interventionKinds, reportChannels, sanctionCapacities, sanctionKinds, violationCategories,
} from '../../domain/shared/codes.js';
import { ruleReferenceCodes } from '../../domain/shared/rule-references.js';
import { statement, table, unitNames } from './statements.js';

// Counts for a date range (both ends inclusive, either open). Cases are counted by the day they
// were reported (basis `reported`, the default) or the day the breach happened (`occurred`);
// sanctions by the day they took effect; findings by the day they were made (foundOn); interventions by
// the day they were held. With `unitId`, the counts of that unit alone: its cases, the sanctions
// counted in it, the findings on its subjects and the interventions held with them (a unit the
// register does not know has none: zeros, as the other lists filtered by unit answer no rows). See
// projections/statistics.ts. Every list of a closed set of codes (categories, channels, rules,
// sanction kinds and capacities, finding outcomes, intervention kinds) names every code, zero
// included, in the order of its list, as the CSV and the web page do (a briefing says "none" as well
// as "three"); the lists by unit name every unit registered (of one unit's figures, that unit), in
// the order of their ids, zero included: the names of the units are read for every answer anyway.

export interface StatisticsQuery {
  from?: CalendarDate;
  to?: CalendarDate;
  basis?: 'reported' | 'occurred';
  unitId?: string;
}

export type StatisticsView = {
  from: CalendarDate | null;
  to: CalendarDate | null;
  basis: 'reported' | 'occurred';
  /** The unit counted, or null for the whole bureau. */
  unitId: string | null;
  /** Each list names every code of its kind, zero included (units: every unit registered). */
  cases: {
    total: number; byCategory: Record<string, number>; byChannel: Record<string, number>; byUnit: Record<string, number>;
    /** Every rule a report may cite (八不准、六严禁、四必究), zero included. */
    byRule: Record<string, number>;
  };
  sanctions: { total: number; byKind: Record<string, number>; byCapacity: Record<string, number>; byUnit: Record<string, number> };
  findings: { total: number; byOutcome: Record<string, number> };
  interventions: { total: number; byKind: Record<string, number> };
  /** The headline counts, flat, as the briefings show them. */
  byCategory: Record<string, number>;
  byChannel: Record<string, number>;
  byUnit: Record<string, number>;
  byRule: Record<string, number>;
  bySanctionKind: Record<string, number>;
  /** Names of the units listed by unit, for display. */
  unitNames: Record<string, string>;
};

const DAYS = table('statistics', 'days');
const UNIT_DAYS = table('statistics', 'unitDays');

/** The counts of a series over the range: the whole bureau's, or one unit's. */
function totals(db: Database.Database, series: StatisticsSeries, query: StatisticsQuery): StatisticsTotals {
  const range = [query.from ?? '0000-01-01', query.to ?? '9999-12-31'];
  const docs = (query.unitId === undefined
    ? statement(db, `SELECT json_extract(doc, '$.counts') FROM ${DAYS} WHERE series = ? AND day >= ? AND day <= ?`).pluck().all(series, ...range)
    : statement(db, `SELECT json_extract(doc, '$.counts') FROM ${UNIT_DAYS} WHERE unit_id = ? AND series = ? AND day >= ? AND day <= ?`)
      .pluck().all(query.unitId, series, ...range)) as string[];
  const counted = sumCounts(docs.map((doc) => JSON.parse(doc) as Count[]));
  // A unit's rows hold no counts by unit (they are all the unit's): its total is its count.
  if (query.unitId !== undefined && counted.total > 0) counted.by.unit = { [query.unitId]: counted.total };
  return counted;
}

/** Every code of a closed list, zero included, in the list's order, then any other code counted (one a list no longer has). */
function every(codes: readonly string[], counts: Record<string, number> = {}): Record<string, number> {
  const listed: Record<string, number> = {};
  for (const code of codes) listed[code] = counts[code] ?? 0;
  for (const code of Object.keys(counts)) if (!Object.hasOwn(listed, code)) listed[code] = counts[code]!;
  return listed;
}

export function readStatistics(db: Database.Database, query: StatisticsQuery): StatisticsView {
  const basis = query.basis ?? 'reported';
  const cases = totals(db, basis, query);
  const sanctions = totals(db, 'sanctions', query);
  const findings = totals(db, 'findings', query);
  const interventions = totals(db, 'interventions', query);
  const names = unitNames(db);
  // The units listed: every unit registered, by id; of one unit's figures, that unit (when registered, or counted).
  const units = query.unitId === undefined
    ? [...names.keys()].sort()
    : names.has(query.unitId) ? [query.unitId] : [];
  const byCategory = every(violationCategories, cases.by.category);
  const byChannel = every(reportChannels, cases.by.channel);
  const byCaseUnit = every(units, cases.by.unit);
  const byRule = every(ruleReferenceCodes, cases.by.rule);
  const byKind = every(sanctionKinds, sanctions.by.kind);
  const listed = new Set([...Object.keys(byCaseUnit), ...Object.keys(sanctions.by.unit ?? {}), ...units]);
  return {
    from: query.from ?? null,
    to: query.to ?? null,
    basis,
    unitId: query.unitId ?? null,
    cases: { total: cases.total, byCategory, byChannel, byUnit: byCaseUnit, byRule },
    sanctions: { total: sanctions.total, byKind, byCapacity: every(sanctionCapacities, sanctions.by.capacity), byUnit: every(units, sanctions.by.unit) },
    findings: { total: findings.total, byOutcome: every(findingOutcomes, findings.by.outcome) },
    interventions: { total: interventions.total, byKind: every(interventionKinds, interventions.by.kind) },
    byCategory,
    byChannel,
    byUnit: byCaseUnit,
    byRule,
    bySanctionKind: byKind,
    unitNames: Object.fromEntries([...names].filter(([id]) => listed.has(id))),
  };
}
