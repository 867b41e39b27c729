import { type CaseDetail, subjectIds } from './api/reads.js';

// Which subject a case's form names first when the case has several: one the register would take
// the write for, not merely the first reported (whose finding may have been unfounded).

const SANCTIONABLE = new Set(['substantiated', 'partly_substantiated']);

/** The subjects a finding names (a finding that names none is of every subject). */
function foundSubjects(detail: CaseDetail, outcomes: Set<string> | null): Set<string> {
  const found = new Set<string>();
  for (const f of detail.findings ?? []) {
    if (outcomes && !outcomes.has(f.outcome)) continue;
    for (const id of f.officerIds ?? subjectIds(detail)) found.add(id);
  }
  return found;
}

/**
 * The subject a sanction is proposed for: one found to have committed the breach (substantiated or
 * partly), preferably not yet sanctioned in the case (an annulled sanction counts: what a review
 * decided is not imposed again); the first subject when none was.
 */
export function subjectToSanction(detail: CaseDetail): string {
  const subjects = subjectIds(detail);
  const found = subjects.filter((id) => foundSubjects(detail, SANCTIONABLE).has(id));
  const sanctioned = new Set((detail.sanctions ?? []).map((s) => s.officerId));
  return found.find((id) => !sanctioned.has(id)) ?? found[0] ?? subjects[0] ?? '';
}

/** The subject a reminder talk or written inquiry is proposed for: one still awaiting a finding, else the first. */
export function subjectToQuestion(detail: CaseDetail): string {
  const subjects = subjectIds(detail);
  const found = foundSubjects(detail, null);
  return subjects.find((id) => !found.has(id)) ?? subjects[0] ?? '';
}
