import type { CalendarDate } from '../src/domain/shared/calendar.js';
import type { ReportChannel, SanctionKind, ViolationCategory } from '../src/domain/shared/codes.js';
import { put, remove, type Change, type Projection, type ProjectionView } from './projection.js';
import { own } from '../src/domain/shared/own.js';
import { takesOutOfForce } from '../src/domain/shared/appeal-outcome.js';
import { withUnits, type SubjectUnit } from '../src/domain/case/subject-units.js';

// Statistics for the bureau's briefings (the 8th, 18th and 28th of each month): counts per day and
// dimension, summed over any date range when read. Each series is dated by one calendar date:
//   reported      cases by the day they were reported (reportedOn): the default for case counts
//   occurred      cases by the day the breach happened (occurredOn)
//   sanctions     sanctions in force by kind, dated by the day that kind took effect: a sanction
//                 as imposed on its effectiveOn; one an appeal reduced, as its replacement kind on
//                 the decision day (decidedOn: from then the replacement is in force, as the officer's
//                 history says), and no longer on its first day; an annulled one not at all. A
//                 sanction so counts once, where its kind in force began. By the unit of the breach:
//                 a subject's unit on the day of the breach (as the case records it); for a unit head held accountable
//                 (四必究), the unit they were held accountable for; for anyone else, the case's unit
//                 when it has one (none when its subjects are of several)
//   findings      findings by the day they were recorded (recordedOn), by outcome
//   interventions reminder talks and written inquiries by the day they were held (heldOn)
// Counts are kept per series and day (one row each), so a case touches two rows and a date range
// is a range of rows. A case counts once per dimension value: once in its category, once in its channel, and once in
// each unit that one of its subjects belonged to on the day of the breach. Corrections of a case's
// category, channel, occurrence date or subjects' units move its counts.

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
  /** Whom it sanctions: the unit it counts in follows corrections of the case's subjects' units. */
  officerId: string;
  /** The kind in force. */
  kind: SanctionKind;
  /** The day it took effect: the imposed kind's effectiveOn, or the decision day of the reduction to it. */
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
  /** The unit each unit head held accountable in the case was held accountable for (the first, if several). */
  headUnits: Record<string, string>;
  /** The case's sanctions, by id: appeals move their counts. */
  sanctions: Record<string, SanctionFacts>;
}

export type StatisticsTables = {
  days: DayCounts;
  cases: CaseFacts;
};

type View = ProjectionView<StatisticsTables>;

export const statisticsProjection: Projection<StatisticsTables> = {
  name: 'statistics',
  // 6: corrections of subjects' units move the case's counts by unit.
  // 7: and the counts by unit of its sanctions counted in the case's unit (a sanction keeps its officer).
  version: 7,
  eventTypes: new Set(['CaseReported', 'CaseRecordCorrected', 'FindingRecorded', 'InterventionHeld', 'AccountabilityFlagged', 'SanctionImposed', 'AppealDecided']),
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
        const facts: CaseFacts = { caseId, category, channel, occurredOn, reportedOn, ...unitsOf(subjects), headUnits: {}, sanctions: {} };
        const edits = new DayEdits(view);
        countCase(edits, facts, 1);
        return [put('cases', caseId, facts), ...edits.changes()];
      }
      case 'CaseRecordCorrected': {
        const before = view.get('cases', event.data.caseId);
        if (!before) return [];
        const { category, channel, occurredOn, subjectUnits } = event.data.changes;
        const after: CaseFacts = {
          ...before,
          category: category ?? before.category,
          channel: channel ?? before.channel,
          occurredOn: occurredOn ?? before.occurredOn,
          ...(subjectUnits ? unitsOf(withUnits(subjectsOf(before), subjectUnits)) : {}),
        };
        const edits = new DayEdits(view);
        countCase(edits, before, -1);
        countCase(edits, after, 1);
        // A sanction of someone neither a subject nor a head held accountable counts in the case's
        // unit, which the correction may have changed (a subject's own sanction needs a finding, and
        // a subject a finding names can no longer be moved).
        if (subjectUnits) {
          for (const sanctionId of Object.keys(after.sanctions)) {
            const sanction = after.sanctions[sanctionId]!;
            const unitId = unitOfBreach(after, sanction.officerId);
            if (!sanction.counted || unitId === sanction.unitId) continue;
            const moved: SanctionFacts = { ...sanction, unitId };
            countSanction(edits, sanction, -1);
            countSanction(edits, moved, 1);
            after.sanctions = withSanction(after.sanctions, sanctionId, moved);
          }
        }
        return [put('cases', after.caseId, after), ...edits.changes()];
      }
      case 'FindingRecorded': {
        const { outcome, recordedOn } = event.data;
        const edits = new DayEdits(view);
        edits.add('findings', recordedOn, total, 1);
        edits.add('findings', recordedOn, outcomeCounter.of(outcome), 1);
        return edits.changes();
      }
      case 'InterventionHeld': {
        const { kind, heldOn } = event.data;
        const edits = new DayEdits(view);
        edits.add('interventions', heldOn, total, 1);
        edits.add('interventions', heldOn, kindCounter.of(kind), 1);
        return edits.changes();
      }
      case 'AccountabilityFlagged': {
        const { caseId, level, headOfficerId, unitId } = event.data;
        if (level !== 'unit_head' || !headOfficerId) return [];
        const facts = view.get('cases', caseId);
        if (!facts || Object.hasOwn(facts.headUnits, headOfficerId)) return [];
        return [put('cases', caseId, { ...facts, headUnits: { ...facts.headUnits, [headOfficerId]: unitId } })];
      }
      case 'SanctionImposed': {
        const { caseId, sanctionId, officerId, kind, capacity, effectiveOn } = event.data;
        const facts = view.get('cases', caseId);
        const sanction: SanctionFacts = { officerId, kind, effectiveOn, unitId: facts ? unitOfBreach(facts, officerId) : null, capacity, counted: true };
        const edits = new DayEdits(view);
        countSanction(edits, sanction, 1);
        const changes = edits.changes();
        if (facts) changes.push(put('cases', caseId, { ...facts, sanctions: withSanction(facts.sanctions, sanctionId, sanction) }));
        return changes;
      }
      case 'AppealDecided': {
        const { caseId, sanctionId, outcome, replacementKind, decidedOn } = event.data;
        const facts = view.get('cases', caseId);
        const before = facts ? own(facts.sanctions, sanctionId) : undefined;
        if (!facts || !before || !before.counted || outcome === 'upheld') return [];
        const after: SanctionFacts = !replacementKind || takesOutOfForce(outcome, replacementKind)
          ? { ...before, counted: false }
          : { ...before, kind: replacementKind, effectiveOn: decidedOn };
        const edits = new DayEdits(view);
        countSanction(edits, before, -1);
        if (after.counted) countSanction(edits, after, 1);
        return [put('cases', caseId, { ...facts, sanctions: withSanction(facts.sanctions, sanctionId, after) }), ...edits.changes()];
      }
      default:
        return [];
    }
  },
};

/**
 * A record (ids as keys) without a prototype. V8 keeps such an object as a hash table, where a
 * plain object that gets a new key (officer and sanction ids are all distinct) needs a new hidden
 * class, which costs microseconds. Its keys, their order and its JSON are those of a plain object.
 */
function dictionary<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** The units a case counts in, and each subject's (what `[...new Set(units)]` and `Object.fromEntries` gave, in a loop over the few subjects). */
function unitsOf(subjects: readonly SubjectUnit[]): Pick<CaseFacts, 'units' | 'subjectUnits'> {
  const units: string[] = [];
  const subjectUnits = dictionary<string>();
  for (const { officerId, unitId } of subjects) {
    if (!units.includes(unitId)) units.push(unitId);
    subjectUnits[officerId] = unitId;
  }
  return { units, subjectUnits };
}

/** The case's subjects in their units (in the record's key order, ids that are array indexes first: `units` is a set). */
function subjectsOf(facts: Readonly<CaseFacts>): SubjectUnit[] {
  return Object.keys(facts.subjectUnits).map((officerId) => ({ officerId, unitId: facts.subjectUnits[officerId]! }));
}

/** The unit a sanction of the case counts in: see the series `sanctions` above. */
function unitOfBreach(facts: CaseFacts, officerId: string): string | null {
  return own(facts.subjectUnits, officerId) ?? own(facts.headUnits, officerId) ?? (facts.units.length === 1 ? facts.units[0]! : null);
}

/** `{ ...sanctions, [id]: sanction }`, as a dictionary. */
function withSanction(sanctions: Readonly<Record<string, SanctionFacts>>, sanctionId: string, sanction: SanctionFacts): Record<string, SanctionFacts> {
  const next = dictionary<SanctionFacts>();
  for (const id of Object.keys(sanctions)) next[id] = sanctions[id]!;
  next[sanctionId] = sanction;
  return next;
}

/**
 * A counter (`total`, `category:integrity`, ...) and the pairs [counter, count] that rows hold for
 * it. A pair is one shared object per count: rows are read-only, so they can share it, and a day's
 * binary search then reads few distinct pairs (warm in the CPU's caches) and allocates none.
 */
class Counter {
  private readonly pairs: Count[] = [];

  constructor(readonly name: string) {}

  pair(count: number): Count {
    // Shared for the counts a day reaches in practice; any other gets a pair of its own.
    if (count <= 0 || count > 1024) return [this.name, count];
    return (this.pairs[count] ??= [this.name, count]);
  }
}

/**
 * The counters `<dimension>:<value>` of one dimension, one per value: the name is then one flat
 * string (a template literal makes a new unflattened one, flattened again by every comparison of
 * the binary search). Values are codes and unit ids: there are few.
 */
class Dimension {
  private readonly counters = new Map<string, Counter>();

  constructor(private readonly dimension: string) {}

  of(value: string): Counter {
    let counter = this.counters.get(value);
    if (counter === undefined) this.counters.set(value, (counter = new Counter(`${this.dimension}:${value}`)));
    return counter;
  }
}

const total = new Counter('total');
const categoryCounter = new Dimension('category');
const channelCounter = new Dimension('channel');
const unitCounter = new Dimension('unit');
const kindCounter = new Dimension('kind');
const capacityCounter = new Dimension('capacity');
const outcomeCounter = new Dimension('outcome');

function countCase(edits: DayEdits, c: CaseFacts, by: 1 | -1): void {
  for (const series of ['reported', 'occurred'] as const) {
    const day = series === 'reported' ? c.reportedOn : c.occurredOn;
    edits.add(series, day, total, by);
    edits.add(series, day, categoryCounter.of(c.category), by);
    edits.add(series, day, channelCounter.of(c.channel), by);
    for (const unit of c.units) edits.add(series, day, unitCounter.of(unit), by);
  }
}

function countSanction(edits: DayEdits, s: SanctionFacts, by: 1 | -1): void {
  edits.add('sanctions', s.effectiveOn, total, by);
  edits.add('sanctions', s.effectiveOn, kindCounter.of(s.kind), by);
  edits.add('sanctions', s.effectiveOn, capacityCounter.of(s.capacity), by);
  if (s.unitId) edits.add('sanctions', s.effectiveOn, unitCounter.of(s.unitId), by);
}

export function dayKey(series: string, day: string): string {
  return `${series}|${day}`;
}

interface EditedDay {
  key: string;
  series: StatisticsSeries;
  day: CalendarDate;
  counts: Count[];
}

/**
 * The counts one event changes (each by one, up or down), on the one to four days it falls on;
 * counts that reach zero disappear. A day's sorted counts are copied once from its row (rows are
 * read-only), then edited in place: a changed count is replaced by its pair, a new counter is
 * inserted where it sorts, a count that reaches zero is dropped. Each counter is kept once, in
 * order, so the counts are those of adding up every change first and dropping the zeros after.
 */
class DayEdits {
  private readonly days: EditedDay[] = [];

  constructor(private readonly view: View) {}

  add(series: StatisticsSeries, day: CalendarDate, counter: Counter, by: 1 | -1): void {
    const counts = this.countsOf(series, day);
    const name = counter.name;
    let low = 0;
    let high = counts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (counts[middle]![0] < name) low = middle + 1;
      else high = middle;
    }
    const found = counts[low];
    if (found && found[0] === name) {
      const count = found[1] + by;
      if (count === 0) counts.splice(low, 1);
      else counts[low] = counter.pair(count);
    } else {
      counts.splice(low, 0, counter.pair(by));
    }
  }

  changes(): Change<StatisticsTables>[] {
    const changes: Change<StatisticsTables>[] = [];
    for (const { key, series, day, counts } of this.days) {
      changes.push(counts.length === 0 ? remove('days', key) : put('days', key, { series, day, counts }));
    }
    return changes;
  }

  private countsOf(series: StatisticsSeries, day: CalendarDate): Count[] {
    // A few days at most: a list is quicker than a map.
    for (const edited of this.days) if (edited.series === series && edited.day === day) return edited.counts;
    const key = dayKey(series, day);
    const counts = this.view.get('days', key)?.counts.slice() ?? [];
    this.days.push({ key, series, day, counts });
    return counts;
  }
}

export interface StatisticsTotals {
  total: number;
  by: Record<string, Record<string, number>>;
}

/** Sums the counts of days (already restricted to a series and a date range) into totals per dimension. */
export function sumCounts(days: Iterable<readonly Count[]>): StatisticsTotals {
  // Dictionaries without a prototype: a unit may be called "constructor" or "toString".
  const totals: StatisticsTotals = { total: 0, by: Object.create(null) as StatisticsTotals['by'] };
  for (const counts of days) {
    for (const [counter, count] of counts) {
      if (counter === 'total') {
        totals.total += count;
        continue;
      }
      const split = counter.indexOf(':');
      const dimension = counter.slice(0, split);
      const value = counter.slice(split + 1);
      const byValue = (totals.by[dimension] ??= Object.create(null) as Record<string, number>);
      byValue[value] = (byValue[value] ?? 0) + count;
    }
  }
  return totals;
}
