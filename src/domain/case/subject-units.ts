import type { OfficerFacts } from '../officer/state.js';
import { unitOn } from '../officer/unit-on.js';
import type { CalendarDate } from '../shared/calendar.js';
import { own } from '../shared/own.js';

// A case records each subject with the unit they worked in on the day of the breach; a correction
// can give a subject the right unit (before a finding names them). The case and its read models
// apply it alike.

export interface SubjectUnit {
  officerId: string;
  unitId: string;
}

/** The subjects, those a correction names in the unit it gives them. */
export function withUnits<S extends SubjectUnit>(subjects: readonly S[], units: readonly SubjectUnit[]): S[] {
  return subjects.map((subject) => {
    const corrected = units.find((u) => u.officerId === subject.officerId);
    return corrected ? { ...subject, unitId: corrected.unitId } : subject;
  });
}

/** A subject a correction moves from the unit recorded to another. */
export interface UnitMove {
  officerId: string;
  from: string;
  to: string;
}

/** What of a case decides which subjects a correction moves. */
export interface UnitsOfCase {
  subjects: readonly SubjectUnit[];
  occurredOn: CalendarDate;
  /** Subjects a finding names (by officer id): their unit stands. */
  findings: Readonly<Record<string, unknown>>;
}

/**
 * The subjects a correction moves to another unit: those it names, and, when it corrects the day of
 * the breach, each subject no finding names whose unit is the one the register gives for the old day
 * (a unit corrected by hand stays as corrected) to the one it gives for the new day. `officers` are
 * the subjects' facts, looked up when the day changes.
 */
export function unitMoves(
  caseFile: UnitsOfCase,
  changes: { occurredOn?: CalendarDate | undefined; subjectUnits?: readonly SubjectUnit[] | undefined },
  officers: Readonly<Record<string, OfficerFacts | null>>,
): UnitMove[] {
  const moves: UnitMove[] = [];
  for (const { officerId, unitId } of changes.subjectUnits ?? []) {
    const from = caseFile.subjects.find((s) => s.officerId === officerId)?.unitId;
    if (from !== undefined && from !== unitId) moves.push({ officerId, from, to: unitId });
  }
  if (changes.occurredOn === undefined) return moves;
  for (const { officerId, unitId } of caseFile.subjects) {
    if (own(caseFile.findings, officerId) || changes.subjectUnits?.some((u) => u.officerId === officerId)) continue;
    const facts = own(officers, officerId);
    if (!facts || unitOn(facts.units, caseFile.occurredOn) !== unitId) continue;
    const to = unitOn(facts.units, changes.occurredOn);
    if (to !== unitId) moves.push({ officerId, from: unitId, to });
  }
  return moves;
}
