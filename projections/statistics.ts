import type { CalendarDate } from '../src/domain/shared/calendar.js';
import type { ReportChannel, SanctionKind, ViolationCategory } from '../src/domain/shared/codes.js';
import { put, remove, type Change, type Projection, type ProjectionView } from './projection.js';

// Statistics for the bureau's briefings (the 8th, 18th and 28th of each month): counts per day and
// dimension, summed over any date range when read. Each series is dated by one calendar date:
//   reported      cases by the day they were reported (reportedOn): the default for case counts
//   occurred      cases by the day the breach happened (occurredOn)
//   sanctions     sanctions by the day they took effect (effectiveOn), by the kind in force after
//                 any appeal (an annulled sanction no longer counts; a reduced one counts as its new kind)
//   findings      findings by the day they were recorded (recordedOn), by outcome
//   interventions reminder talks and written inquiries by the day they were held (heldOn)
// A case counts once per dimension value: once in its category, once in its channel, and once in
// each unit that one of its subjects belonged to when it was reported. Corrections of a case's
// category, channel or occurrence date move its counts.

export const statisticsSeries = ['reported', 'occurred', 'sanctions', 'findings', 'interventions'] as const;
export type StatisticsSeries = (typeof statisticsSeries)[number];

export interface Counter {
  series: StatisticsSeries;
  day: CalendarDate;
  /** `total` (value ''), `category`, `channel`, `unit`, `kind`, `capacity` or `outcome`. */
  dimension: string;
  value: string;
  count: number;
}

interface CaseFacts {
  caseId: string;
  category: ViolationCategory;
  channel: ReportChannel;
  occurredOn: CalendarDate;
  reportedOn: CalendarDate;
  units: string[];
  /** The unit of each subject, to count sanctions by unit. */
  subjectUnits: Record<string, string>;
}

interface SanctionFacts {
  sanctionId: string;
  kind: SanctionKind;
  effectiveOn: CalendarDate;
  unitId: string | null;
  capacity: string;
  /** False once annulled. */
  counted: boolean;
}

export type StatisticsTables = {
  counters: Counter;
  cases: CaseFacts;
  sanctions: SanctionFacts;
};

type View = ProjectionView<StatisticsTables>;
type Delta = [series: StatisticsSeries, day: CalendarDate, dimension: string, value: string, by: number];

export const statisticsProjection: Projection<StatisticsTables> = {
  name: 'statistics',
  version: 1,
  tables: {
    counters: {
      kind: 'entity',
      columns: {
        series: { type: 'TEXT', value: (c) => c.series },
        day: { type: 'TEXT', value: (c) => c.day },
        dimension: { type: 'TEXT', value: (c) => c.dimension },
        value: { type: 'TEXT', value: (c) => c.value },
        count: { type: 'INTEGER', value: (c) => c.count },
      },
      indexes: [['series', 'day']],
    },
    cases: { kind: 'entity' },
    sanctions: { kind: 'entity' },
  },
  reduce(view, event) {
    switch (event.type) {
      case 'CaseReported': {
        const { caseId, category, channel, occurredOn, reportedOn, subjects } = event.data;
        const facts: CaseFacts = {
          caseId, category, channel, occurredOn, reportedOn,
          units: [...new Set(subjects.map((s) => s.unitId))],
          subjectUnits: Object.fromEntries(subjects.map((s) => [s.officerId, s.unitId])),
        };
        return [put('cases', caseId, facts), ...counting(view, caseDeltas(facts, 1))];
      }
      case 'CaseRecordCorrected': {
        const before = view.get('cases', event.data.caseId);
        if (!before) return [];
        const { category, channel, occurredOn } = event.data.changes;
        const after: CaseFacts = {
          ...before,
          category: category ?? before.category,
          channel: channel ?? before.channel,
          occurredOn: occurredOn ?? before.occurredOn,
        };
        return [put('cases', after.caseId, after), ...counting(view, [...caseDeltas(before, -1), ...caseDeltas(after, 1)])];
      }
      case 'FindingRecorded': {
        const { outcome, recordedOn } = event.data;
        return counting(view, [['findings', recordedOn, 'total', '', 1], ['findings', recordedOn, 'outcome', outcome, 1]]);
      }
      case 'InterventionHeld': {
        const { kind, heldOn } = event.data;
        return counting(view, [['interventions', heldOn, 'total', '', 1], ['interventions', heldOn, 'kind', kind, 1]]);
      }
      case 'SanctionImposed': {
        const { caseId, sanctionId, officerId, kind, capacity, effectiveOn } = event.data;
        const unitId = view.get('cases', caseId)?.subjectUnits[officerId] ?? null;
        const facts: SanctionFacts = { sanctionId, kind, effectiveOn, unitId, capacity, counted: true };
        return [put('sanctions', sanctionId, facts), ...counting(view, sanctionDeltas(facts, 1))];
      }
      case 'AppealDecided': {
        const { sanctionId, outcome, replacementKind } = event.data;
        const before = view.get('sanctions', sanctionId);
        if (!before || !before.counted || outcome === 'upheld') return [];
        const after: SanctionFacts = outcome === 'annulled' || !replacementKind
          ? { ...before, counted: false }
          : { ...before, kind: replacementKind };
        const deltas = [...sanctionDeltas(before, -1), ...(after.counted ? sanctionDeltas(after, 1) : [])];
        return [put('sanctions', sanctionId, after), ...counting(view, deltas)];
      }
      default:
        return [];
    }
  },
};

function caseDeltas(c: CaseFacts, by: number): Delta[] {
  const deltas: Delta[] = [];
  for (const [series, day] of [['reported', c.reportedOn], ['occurred', c.occurredOn]] as const) {
    deltas.push([series, day, 'total', '', by], [series, day, 'category', c.category, by], [series, day, 'channel', c.channel, by]);
    for (const unit of c.units) deltas.push([series, day, 'unit', unit, by]);
  }
  return deltas;
}

function sanctionDeltas(s: SanctionFacts, by: number): Delta[] {
  const deltas: Delta[] = [
    ['sanctions', s.effectiveOn, 'total', '', by],
    ['sanctions', s.effectiveOn, 'kind', s.kind, by],
    ['sanctions', s.effectiveOn, 'capacity', s.capacity, by],
  ];
  if (s.unitId) deltas.push(['sanctions', s.effectiveOn, 'unit', s.unitId, by]);
  return deltas;
}

export function counterKey(series: string, day: string, dimension: string, value: string): string {
  return `${series}|${day}|${dimension}|${value}`;
}

/** Adds up the deltas of one event per counter (a correction may move a count out and back). */
function counting(view: View, deltas: readonly Delta[]): Change<StatisticsTables>[] {
  const sums = new Map<string, { delta: Delta; by: number }>();
  for (const delta of deltas) {
    const key = counterKey(delta[0], delta[1], delta[2], delta[3]);
    const sum = sums.get(key);
    if (sum) sum.by += delta[4];
    else sums.set(key, { delta, by: delta[4] });
  }
  const changes: Change<StatisticsTables>[] = [];
  for (const [key, { delta: [series, day, dimension, value], by }] of sums) {
    if (by === 0) continue;
    const count = (view.get('counters', key)?.count ?? 0) + by;
    changes.push(count === 0 ? remove('counters', key) : put('counters', key, { series, day, dimension, value, count }));
  }
  return changes;
}

export interface StatisticsTotals {
  total: number;
  by: Record<string, Record<string, number>>;
}

/** Sums counters (already restricted to a series and a date range) into totals per dimension. */
export function sumCounters(counters: Iterable<Pick<Counter, 'dimension' | 'value' | 'count'>>): StatisticsTotals {
  const totals: StatisticsTotals = { total: 0, by: {} };
  for (const { dimension, value, count } of counters) {
    if (dimension === 'total') {
      totals.total += count;
      continue;
    }
    const byValue = (totals.by[dimension] ??= {});
    byValue[value] = (byValue[value] ?? 0) + count;
  }
  return totals;
}

