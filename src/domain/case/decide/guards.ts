import type { OfficerFacts } from '../../officer/state.js';
import { forbid, refuse } from '../../rules.js';
import { compareDates, type CalendarDate } from '../../shared/calendar.js';
import { notBefore } from '../../shared/date-rules.js';
import type { DecisionContext } from '../../shared/decision-context.js';
import { NotFoundError } from '../../shared/errors.js';
import { caseConcerns, type CaseParties } from '../concerned-officers.js';
import { isSubject, type CaseFile, type CaseState } from '../state.js';

/** The case named in the URL path: unknown is a 404. */
export function requireCase(state: CaseState, caseId: string): CaseFile {
  if (!state.exists) throw new NotFoundError('case', caseId);
  return state;
}

/** The parties of a case file, for the recusal rule (caseConcerns). */
export function partiesOf(caseFile: CaseFile): CaseParties {
  return { subjects: caseFile.subjects, sanctions: Object.values(caseFile.sanctions), accountability: caseFile.accountability };
}

/** Looked up for a case: the head of each subject's unit on the day of the breach (null: none on record then, or already gone). */
export type UnitHeads = Readonly<Record<string, string | null>>;

/**
 * Nobody acts on a case that concerns them (a subject, an officer it sanctions or holds accountable,
 * the head of a subject's unit on the day of the breach, flagged or not yet), nor on a record that
 * names them: a 403 whatever their role.
 */
export function requireActorNotConcerned(caseFile: CaseFile, ctx: DecisionContext, unitHeads: UnitHeads, namedOfficerId?: string): void {
  const own = ctx.actor.officerId;
  if (own === undefined) return;
  if (isSubject(caseFile, own)) throw forbid('actor_is_subject', `Officer ${own} is a subject of case ${caseFile.caseId}.`);
  if (caseConcerns(partiesOf(caseFile), own)) throw forbid('actor_is_subject', `Case ${caseFile.caseId} sanctions officer ${own} or holds them accountable.`);
  if (isSubjectsHead(unitHeads, own)) {
    throw forbid('actor_is_subject', `Officer ${own} headed a subject's unit on the day of the breach: its finding would hold them accountable.`);
  }
  if (namedOfficerId === own) throw forbid('actor_is_subject', `Officer ${own} is the officer this record names.`);
}

/**
 * The heads of the subjects' units on the day of the breach (looked up) are the ones its finding
 * would hold accountable (bj-2): the case concerns them before any flag names them, so none of them
 * acts on it, nor verifies it.
 */
export function isSubjectsHead(unitHeads: UnitHeads, officerId: string | undefined): boolean {
  return officerId !== undefined && Object.values(unitHeads).includes(officerId);
}

/** A closed case takes no more writes, except appeals on its sanctions (and corrections). */
export function requireOpen(caseFile: CaseFile): void {
  if (caseFile.status === 'closed') throw refuse('case_closed', `Case ${caseFile.caseId} was closed on ${caseFile.closure?.closedOn}.`);
}

/** The usual preamble of a write to an existing case. */
export function openCaseFor(state: CaseState, command: { caseId: string; unitHeads: UnitHeads }, ctx: DecisionContext, namedOfficerId?: string): CaseFile {
  const caseFile = requireCase(state, command.caseId);
  requireActorNotConcerned(caseFile, ctx, command.unitHeads, namedOfficerId);
  requireOpen(caseFile);
  return caseFile;
}

export function requireSubject(caseFile: CaseFile, officerId: string): void {
  if (!isSubject(caseFile, officerId)) throw refuse('not_a_subject', `Officer ${officerId} is not a subject of case ${caseFile.caseId}.`);
}

/** Nobody breaches the trust of a post before they are hired: a violation's date is not before any subject's hiring. */
export function notBeforeHiring(occurredOn: CalendarDate, subjects: readonly (Pick<OfficerFacts, 'officerId' | 'hiredOn'> | null | undefined)[]): void {
  for (const officer of subjects) {
    if (officer) notBefore('occurredOn', occurredOn, `the hiring of officer ${officer.officerId} on`, officer.hiredOn);
  }
}

/**
 * Nor after they left service: a breach dated after a subject's dismissal or expulsion took effect
 * is not an officer's breach (the day it took effect still counts).
 */
export function notAfterSeparation(occurredOn: CalendarDate, subjects: readonly (Pick<OfficerFacts, 'officerId' | 'separatedOn'> | null | undefined)[]): void {
  for (const officer of subjects) {
    if (officer?.separatedOn && compareDates(occurredOn, officer.separatedOn) > 0) {
      throw refuse('breach_after_separation', `occurredOn ${occurredOn} is after officer ${officer.officerId} left service on ${officer.separatedOn}.`);
    }
  }
}
