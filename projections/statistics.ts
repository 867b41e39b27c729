import type { CalendarDate } from '../src/domain/shared/calendar.js';
import type { InterventionKind, ReportChannel, SanctionKind, ViolationCategory } from '../src/domain/shared/codes.js';
import { put, remove, type Change, type Projection, type ProjectionView } from './projection.js';
import { own } from '../src/domain/shared/own.js';
import { takesOutOfForce } from '../src/domain/shared/appeal-outcome.js';
import { withUnits, type SubjectUnit } from '../src/domain/case/subject-units.js';
import { findingDay } from '../src/domain/case/events.js';

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
//   findings      findings by the day they were made (foundOn; for findings recorded before it was
//                 kept, the day recorded), by outcome: a finding made on paper and entered later
//                 counts in the period it was made
//   interventions reminder talks and written inquiries by the day they were held (heldOn)
// Counts are kept per series and day (one row each), so a case touches two rows and a date range
// is a range of rows. A case counts once per dimension value: once in its category, once in its channel,
// once in each rule it cites (八不准、六严禁、四必究, by code), and once in each unit that one of its
// subjects belonged to on the day of the breach. Corrections of a case's category, channel, rules
// cited, occurrence date or subjects' units move its counts.
//
// One unit's figures (the unit filter) are kept the same way, a row per series, unit and day
// (`unitDays`), holding what counts in that unit: the unit's cases by category, channel and rule;
// the sanctions counted in it (as above) by kind and capacity; the findings on its subjects (a
// finding counts once in each unit of the subjects it names) by outcome; and the reminder talks and
// written inquiries held with its subjects, by kind. An event touches a unit's row for each unit it
// counts in, never a row per unit of the bureau, so the work per event does not grow with the
// number of units (nor of days); a unit's date range is a range of its rows.

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

/** The counts of one series on one day that count in one unit (no `unit:` counters: the row is the unit's). */
export interface UnitDayCounts {
  series: StatisticsSeries;
  unitId: string;
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

interface InterventionFacts {
  officerId: string;
  kind: InterventionKind;
  heldOn: CalendarDate;
  /** The unit it counts in (the subject's): it follows corrections of the case's subjects' units. */
  unitId: string | null;
}

interface CaseFacts {
  caseId: string;
  category: ViolationCategory;
  channel: ReportChannel;
  occurredOn: CalendarDate;
  reportedOn: CalendarDate;
  /** The rules the report cites, each once. */
  ruleRefs: string[];
  units: string[];
  /** The unit of each subject, to count sanctions by unit. */
  subjectUnits: Record<string, string>;
  /** The unit each unit head held accountable in the case was held accountable for (the first, if several). */
  headUnits: Record<string, string>;
  /** The case's sanctions, by id: appeals move their counts. */
  sanctions: Record<string, SanctionFacts>;
  /**
   * The case's reminder talks and written inquiries: a correction of a subject's unit moves them
   * (they need no finding). Absent until the first: most cases have none, and their rows stay small.
   */
  interventions?: InterventionFacts[];
}

export type StatisticsTables = {
  days: DayCounts;
  unitDays: UnitDayCounts;
  cases: CaseFacts;
};

type View = ProjectionView<StatisticsTables>;

export const statisticsProjection: Projection<StatisticsTables> = {
  name: 'statistics',
  // 6: corrections of subjects' units move the case's counts by unit.
  // 7: and the counts by unit of its sanctions counted in the case's unit (a sanction keeps its officer).
  // 8: counts by rule cited, and each unit's own counts (unitDays); cases keep their rules and interventions.
  // 9: findings by the day they were made (foundOn), no longer the day they were entered.
  version: 9,
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
    unitDays: {
      kind: 'entity',
      columns: {
        unit_id: { type: 'TEXT', value: (d) => d.unitId },
        series: { type: 'TEXT', value: (d) => d.series },
        day: { type: 'TEXT', value: (d) => d.day },
      },
      indexes: [['unit_id', 'series', 'day']],
    },
    cases: { kind: 'entity' },
  },
  reduce(view, event) {
    switch (event.type) {
      case 'CaseReported': {
        const { caseId, category, channel, occurredOn, reportedOn, ruleRefs, subjects } = event.data;
        const facts: CaseFacts = {
          caseId, category, channel, occurredOn, reportedOn, ruleRefs: eachOnce(ruleRefs), ...unitsOf(subjects), headUnits: {}, sanctions: {},
        };
        const edits = new DayEdits(view);
        countCase(edits, facts, 1);
        return [put('cases', caseId, facts), ...edits.changes()];
      }
      case 'CaseRecordCorrected': {
        const before = view.get('cases', event.data.caseId);
        if (!before) return [];
        const { category, channel, occurredOn, ruleRefs, subjectUnits } = event.data.changes;
        const after: CaseFacts = {
          ...before,
          category: category ?? before.category,
          channel: channel ?? before.channel,
          occurredOn: occurredOn ?? before.occurredOn,
          ruleRefs: ruleRefs ? eachOnce(ruleRefs) : before.ruleRefs,
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
          // A reminder talk or written inquiry counts in its subject's unit, which the correction may have changed.
          if (after.interventions?.some((held) => unitOfBreach(after, held.officerId) !== held.unitId)) {
            after.interventions = after.interventions.map((held) => {
              const unitId = unitOfBreach(after, held.officerId);
              if (unitId === held.unitId) return held;
              const moved: InterventionFacts = { ...held, unitId };
              countIntervention(edits, held, -1);
              countIntervention(edits, moved, 1);
              return moved;
            });
          }
        }
        return [put('cases', after.caseId, after), ...edits.changes()];
      }
      case 'FindingRecorded': {
        const { caseId, officerIds, outcome } = event.data;
        const foundOn = findingDay(event.data);
        const edits = new DayEdits(view);
        const outcomeOf = outcomeCounter.of(outcome);
        edits.add('findings', foundOn, total, 1);
        edits.add('findings', foundOn, outcomeOf, 1);
        // Once in each unit of the subjects it names. Their units no longer change: a correction
        // cannot move a subject a finding names (its unit's head was held to account).
        const facts = view.get('cases', caseId);
        if (facts) {
          for (const unitId of eachOnce(officerIds.map((officerId) => own(facts.subjectUnits, officerId)))) {
            if (unitId === undefined) continue;
            edits.addInUnit(unitId, 'findings', foundOn, total, 1);
            edits.addInUnit(unitId, 'findings', foundOn, outcomeOf, 1);
          }
        }
        return edits.changes();
      }
      case 'InterventionHeld': {
        const { caseId, officerId, kind, heldOn } = event.data;
        const facts = view.get('cases', caseId);
        const held: InterventionFacts = { officerId, kind, heldOn, unitId: facts ? unitOfBreach(facts, officerId) : null };
        const edits = new DayEdits(view);
        countIntervention(edits, held, 1);
        const changes = edits.changes();
        if (facts) changes.push(put('cases', caseId, { ...facts, interventions: [...(facts.interventions ?? []), held] }));
        return changes;
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

/** The values, each once, in their first order (the array itself when none repeats, as in nearly every event). */
function eachOnce<T>(values: readonly T[]): T[] {
  for (let i = 1; i < values.length; i++) if (values.indexOf(values[i]!) !== i) return [...new Set(values)];
  return values as T[];
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
const ruleCounter = new Dimension('rule');

function countCase(edits: DayEdits, c: CaseFacts, by: 1 | -1): void {
  const category = categoryCounter.of(c.category);
  const channel = channelCounter.of(c.channel);
  for (const series of ['reported', 'occurred'] as const) {
    const day = series === 'reported' ? c.reportedOn : c.occurredOn;
    edits.add(series, day, total, by);
    edits.add(series, day, category, by);
    edits.add(series, day, channel, by);
    for (const rule of c.ruleRefs) edits.add(series, day, ruleCounter.of(rule), by);
    for (const unit of c.units) {
      edits.add(series, day, unitCounter.of(unit), by);
      edits.addInUnit(unit, series, day, total, by);
      edits.addInUnit(unit, series, day, category, by);
      edits.addInUnit(unit, series, day, channel, by);
      for (const rule of c.ruleRefs) edits.addInUnit(unit, series, day, ruleCounter.of(rule), by);
    }
  }
}

function countSanction(edits: DayEdits, s: SanctionFacts, by: 1 | -1): void {
  const kind = kindCounter.of(s.kind);
  const capacity = capacityCounter.of(s.capacity);
  edits.add('sanctions', s.effectiveOn, total, by);
  edits.add('sanctions', s.effectiveOn, kind, by);
  edits.add('sanctions', s.effectiveOn, capacity, by);
  if (!s.unitId) return;
  edits.add('sanctions', s.effectiveOn, unitCounter.of(s.unitId), by);
  edits.addInUnit(s.unitId, 'sanctions', s.effectiveOn, total, by);
  edits.addInUnit(s.unitId, 'sanctions', s.effectiveOn, kind, by);
  edits.addInUnit(s.unitId, 'sanctions', s.effectiveOn, capacity, by);
}

function countIntervention(edits: DayEdits, i: InterventionFacts, by: 1 | -1): void {
  const kind = kindCounter.of(i.kind);
  edits.add('interventions', i.heldOn, total, by);
  edits.add('interventions', i.heldOn, kind, by);
  if (!i.unitId) return;
  edits.addInUnit(i.unitId, 'interventions', i.heldOn, total, by);
  edits.addInUnit(i.unitId, 'interventions', i.heldOn, kind, by);
}

export function dayKey(series: string, day: string): string {
  return `${series}|${day}`;
}

/** The key of a unit's row: the day last, at its fixed length, so no unit id can make two keys alike. */
export function unitDayKey(series: string, unitId: string, day: string): string {
  return `${series}|${unitId}|${day}`;
}

interface EditedDay {
  key: string;
  series: StatisticsSeries;
  /** null: the whole bureau's row (`days`); else the unit's (`unitDays`). */
  unitId: string | null;
  day: CalendarDate;
  counts: Count[];
}

/**
 * The counts one event changes (each by one, up or down), on the few rows it falls on (the
 * bureau's days, and its units' days); counts that reach zero disappear. A row's sorted counts are
 * copied once from it (rows are read-only), then edited in place: a changed count is replaced by
 * its pair, a new counter is inserted where it sorts, a count that reaches zero is dropped. Each
 * counter is kept once, in order, so the counts are those of adding up every change first and
 * dropping the zeros after.
 */
class DayEdits {
  private readonly days: EditedDay[] = [];

  constructor(private readonly view: View) {}

  /** A change of the whole bureau's count. */
  add(series: StatisticsSeries, day: CalendarDate, counter: Counter, by: 1 | -1): void {
    edit(this.countsOf(series, null, day), counter, by);
  }

  /** A change of one unit's count. */
  addInUnit(unitId: string, series: StatisticsSeries, day: CalendarDate, counter: Counter, by: 1 | -1): void {
    edit(this.countsOf(series, unitId, day), counter, by);
  }

  changes(): Change<StatisticsTables>[] {
    const changes: Change<StatisticsTables>[] = [];
    for (const { key, series, unitId, day, counts } of this.days) {
      if (unitId === null) changes.push(counts.length === 0 ? remove('days', key) : put('days', key, { series, day, counts }));
      else changes.push(counts.length === 0 ? remove('unitDays', key) : put('unitDays', key, { series, unitId, day, counts }));
    }
    return changes;
  }

  private countsOf(series: StatisticsSeries, unitId: string | null, day: CalendarDate): Count[] {
    // A few rows at most: a list is quicker than a map.
    for (const edited of this.days) if (edited.series === series && edited.day === day && edited.unitId === unitId) return edited.counts;
    const key = unitId === null ? dayKey(series, day) : unitDayKey(series, unitId, day);
    const counts = (unitId === null ? this.view.get('days', key) : this.view.get('unitDays', key))?.counts.slice() ?? [];
    this.days.push({ key, series, unitId, day, counts });
    return counts;
  }
}

/** Changes a row's sorted counts in place: found by binary search, inserted where it sorts, dropped at zero. */
function edit(counts: Count[], counter: Counter, by: 1 | -1): void {
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
