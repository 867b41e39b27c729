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
// Counts are kept per series and day (one row each), so a case touches two rows and a date range
// is a range of rows. A case counts once per dimension value: once in its category, once in its channel, and once in
// each unit that one of its subjects belonged to when it was reported. Corrections of a case's
// category, channel or occurrence date move its counts.

export const statisticsSeries = ['reported', 'occurred', 'sanctions', 'findings', 'interventions'] as const;
export type StatisticsSeries = (typeof statisticsSeries)[number];

/** A counter (`total`, or `<dimension>:<value>` such as `category:integrity`) and its count. */
export type Count = [counter: string, count: number];

/** The counts of one series on one day, sorted by counter (arrays copy fast; objects with varied keys do not). */
export interface DayCounts {
  series: StatisticsSeries;
  day: CalendarDate;
  counts: Count[];
}

interface SanctionFacts {
  kind: SanctionKind;
  effectiveOn: CalendarDate;
  unitId: string | null;
  capacity: string;
  /** False once annulled. */
  counted: boolean;
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
  /** The case's sanctions, by id: appeals move their counts. */
  sanctions: Record<string, SanctionFacts>;
}

export type StatisticsTables = {
  days: DayCounts;
  cases: CaseFacts;
};

type View = ProjectionView<StatisticsTables>;
type Delta = [series: StatisticsSeries, day: CalendarDate, counter: string, by: number];

export const statisticsProjection: Projection<StatisticsTables> = {
  name: 'statistics',
  version: 3,
  eventTypes: new Set(['CaseReported', 'CaseRecordCorrected', 'FindingRecorded', 'InterventionHeld', 'SanctionImposed', 'AppealDecided']),
  tables: {
    days: {
      kind: 'entity',
      columns: {
        series: { type: 'TEXT', value: (d) => d.series },
        day: { type: 'TEXT', value: (d) => d.day },
      },
      indexes: [['series', 'day']],
    },
    cases: { kind: 'entity' },
  },
  reduce(view, event) {
    switch (event.type) {
      case 'CaseReported': {
        const { caseId, category, channel, occurredOn, reportedOn, subjects } = event.data;
        const facts: CaseFacts = {
          caseId, category, channel, occurredOn, reportedOn,
          units: [...new Set(subjects.map((s) => s.unitId))],
          subjectUnits: Object.fromEntries(subjects.map((s) => [s.officerId, s.unitId])),
          sanctions: {},
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
        return counting(view, [['findings', recordedOn, 'total', 1], ['findings', recordedOn, `outcome:${outcome}`, 1]]);
      }
      case 'InterventionHeld': {
        const { kind, heldOn } = event.data;
        return counting(view, [['interventions', heldOn, 'total', 1], ['interventions', heldOn, `kind:${kind}`, 1]]);
      }
      case 'SanctionImposed': {
        const { caseId, sanctionId, officerId, kind, capacity, effectiveOn } = event.data;
        const facts = view.get('cases', caseId);
        const sanction: SanctionFacts = { kind, effectiveOn, unitId: facts?.subjectUnits[officerId] ?? null, capacity, counted: true };
        const changes = counting(view, sanctionDeltas(sanction, 1));
        if (facts) changes.push(put('cases', caseId, { ...facts, sanctions: { ...facts.sanctions, [sanctionId]: sanction } }));
        return changes;
      }
      case 'AppealDecided': {
        const { caseId, sanctionId, outcome, replacementKind } = event.data;
        const facts = view.get('cases', caseId);
        const before = facts?.sanctions[sanctionId];
        if (!facts || !before || !before.counted || outcome === 'upheld') return [];
        const after: SanctionFacts = outcome === 'annulled' || !replacementKind
          ? { ...before, counted: false }
          : { ...before, kind: replacementKind };
        const deltas = [...sanctionDeltas(before, -1), ...(after.counted ? sanctionDeltas(after, 1) : [])];
        return [put('cases', caseId, { ...facts, sanctions: { ...facts.sanctions, [sanctionId]: after } }), ...counting(view, deltas)];
      }
      default:
        return [];
    }
  },
};

function caseDeltas(c: CaseFacts, by: number): Delta[] {
  const deltas: Delta[] = [];
  for (const [series, day] of [['reported', c.reportedOn], ['occurred', c.occurredOn]] as const) {
    deltas.push([series, day, 'total', by], [series, day, `category:${c.category}`, by], [series, day, `channel:${c.channel}`, by]);
    for (const unit of c.units) deltas.push([series, day, `unit:${unit}`, by]);
  }
  return deltas;
}

function sanctionDeltas(s: SanctionFacts, by: number): Delta[] {
  const deltas: Delta[] = [
    ['sanctions', s.effectiveOn, 'total', by],
    ['sanctions', s.effectiveOn, `kind:${s.kind}`, by],
    ['sanctions', s.effectiveOn, `capacity:${s.capacity}`, by],
  ];
  if (s.unitId) deltas.push(['sanctions', s.effectiveOn, `unit:${s.unitId}`, by]);
  return deltas;
}

export function dayKey(series: string, day: string): string {
  return `${series}|${day}`;
}

/** Applies the deltas of one event to the days they fall on; counts that reach zero disappear. */
function counting(view: View, deltas: readonly Delta[]): Change<StatisticsTables>[] {
  const days = new Map<string, DayCounts>();
  for (const [series, day, counter, by] of deltas) {
    const key = dayKey(series, day);
    let current = days.get(key);
    if (!current) {
      current = { series, day, counts: [...(view.get('days', key)?.counts ?? [])] };
      days.set(key, current);
    }
    const counts = current.counts;
    let low = 0;
    let high = counts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (counts[middle]![0] < counter) low = middle + 1;
      else high = middle;
    }
    const found = counts[low];
    if (found && found[0] === counter) counts[low] = [counter, found[1] + by];
    else counts.splice(low, 0, [counter, by]);
  }
  const changes: Change<StatisticsTables>[] = [];
  for (const [key, day] of days) {
    const counts = day.counts.filter(([, n]) => n !== 0);
    changes.push(counts.length === 0 ? remove('days', key) : put('days', key, { ...day, counts }));
  }
  return changes;
}

export interface StatisticsTotals {
  total: number;
  by: Record<string, Record<string, number>>;
}

/** Sums the counts of days (already restricted to a series and a date range) into totals per dimension. */
export function sumCounts(days: Iterable<readonly Count[]>): StatisticsTotals {
  const totals: StatisticsTotals = { total: 0, by: {} };
  for (const counts of days) {
    for (const [counter, count] of counts) {
      if (counter === 'total') {
        totals.total += count;
        continue;
      }
      const split = counter.indexOf(':');
      const dimension = counter.slice(0, split);
      const value = counter.slice(split + 1);
      const byValue = (totals.by[dimension] ??= {});
      byValue[value] = (byValue[value] ?? 0) + count;
    }
  }
  return totals;
}
