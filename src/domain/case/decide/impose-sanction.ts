import type { PostSnapshot } from '../../officer/events.js';
import type { OfficerFacts } from '../../officer/state.js';
import { refuse } from '../../rules.js';
import { compareDates, type CalendarDate } from '../../shared/calendar.js';
import type { Severity } from '../../shared/codes.js';
import { notBefore, notInFuture } from '../../shared/date-rules.js';
import type { DecisionContext } from '../../shared/decision-context.js';
import type { ImposeSanctionInput } from '../commands.js';
import type { CaseEvent } from '../evolve.js';
import { heaviestSeverity, kindFitsSeverity } from '../sanction-policy.js';
import { isSubject, substantiatedFindings, type CaseFile, type CaseState } from '../state.js';
import { openCaseFor, requireSubject } from './guards.js';
import { own } from '../../shared/own.js';

export interface ImposeSanction {
  type: 'ImposeSanction';
  caseId: string;
  /** Chosen by the handler; answered to the client. */
  sanctionId: string;
  input: ImposeSanctionInput;
  /** Looked up: the officer named in the body, or null when not registered. */
  officer: OfficerFacts | null;
  /** Looked up for a reassignment: the post named by `toPostId`, or null when not defined. */
  toPost: PostSnapshot | null;
  /** Looked up: the current head of each subject's unit (null when none is on record). */
  unitHeads: Record<string, string | null>;
}

export function imposeSanction(command: ImposeSanction, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const { officerId, kind, effectiveOn, basis, capacity, untilOn, toPostId } = command.input;
  const caseFile = openCaseFor(state, command.caseId, ctx, officerId);

  // A subject answers for their own breach on their own finding; as a unit head they may also
  // answer for a subordinate's, but "responsible" is for others (it would step around an unfounded finding).
  if (capacity === 'responsible' && isSubject(caseFile, officerId)) {
    throw refuse('subject_sanctioned_as_responsible', `Officer ${officerId} is a subject of case ${caseFile.caseId}.`);
  }
  const grounds = capacity === 'subject' ? subjectGrounds(caseFile, officerId) : accountabilityGrounds(caseFile, command);
  if (!kindFitsSeverity(kind, grounds.severity)) {
    throw refuse('sanction_exceeds_severity', `${kind} does not fit a ${grounds.severity} breach.`);
  }

  const { officer } = command;
  if (!officer) throw refuse('unknown_officer', `Officer ${officerId} is not registered.`);
  if (!officer.inService && kind !== 'judicial_referral') {
    throw refuse('officer_separated', `Officer ${officerId} has left service; only a judicial referral can follow.`);
  }
  if (kind === 'qualification_revoked' && !officer.qualified) throw refuse('qualification_not_held', `Officer ${officerId}.`);
  if (kind === 'reassignment') {
    const { toPost } = command;
    if (!toPost) throw refuse('unknown_post', `Post ${toPostId} is not defined.`);
    if (toPost.enforcement) throw refuse('reassignment_to_enforcement_post', `Post ${toPost.postId} is an enforcement post.`);
    if (officer.postId === toPost.postId) throw refuse('already_on_post', `Officer ${officerId} holds post ${toPost.postId}.`);
  }
  const duplicate = Object.values(caseFile.sanctions)
    .find((s) => s.officerId === officerId && s.kind === kind && s.status === 'in_force');
  if (duplicate) throw refuse('sanction_already_imposed', `Sanction ${duplicate.sanctionId}.`);

  notInFuture('effectiveOn', effectiveOn, ctx);
  notBefore('effectiveOn', effectiveOn, 'the report on', caseFile.reportedOn);
  notBefore('effectiveOn', effectiveOn, 'the finding on', grounds.foundOn);
  if (untilOn && compareDates(untilOn, effectiveOn) <= 0) {
    throw refuse('date_out_of_order', `untilOn ${untilOn} must be after effectiveOn ${effectiveOn}.`);
  }
  return [{
    type: 'SanctionImposed',
    data: {
      caseId: caseFile.caseId, sanctionId: command.sanctionId, officerId, kind, capacity, effectiveOn, basis,
      untilOn: untilOn ?? null, toPostId: toPostId ?? null,
    },
  }];
}

interface Grounds {
  severity: Severity;
  foundOn: CalendarDate;
}

/** A subject needs their own substantiated or partly substantiated finding; unfounded closes the door. */
function subjectGrounds(caseFile: CaseFile, officerId: string): Grounds {
  requireSubject(caseFile, officerId);
  const finding = own(caseFile.findings, officerId);
  if (!finding) throw refuse('finding_required', `Officer ${officerId} has no finding yet.`);
  if (finding.outcome === 'unfounded' || !finding.severity) throw refuse('finding_unfounded', `Officer ${officerId}.`);
  return { severity: finding.severity, foundOn: finding.recordedOn };
}

/**
 * A unit head or another responsible person answers for a substantiated case: the sanction fits
 * the heaviest severity found. As unit head, only the head of a unit whose officer's breach was
 * substantiated (the head flagged at the finding, or the unit's head now).
 */
function accountabilityGrounds(caseFile: CaseFile, command: ImposeSanction): Grounds {
  const found = substantiatedFindings(caseFile);
  if (found.length === 0) {
    const allUnfounded = caseFile.subjects.every((s) => own(caseFile.findings, s.officerId)?.outcome === 'unfounded');
    throw allUnfounded ? refuse('finding_unfounded') : refuse('finding_required', 'The case has no substantiated finding.');
  }
  const { officerId } = command.input;
  if (command.input.capacity === 'unit_head') {
    const breachedUnits = new Set(found.map((f) => caseFile.subjects.find((s) => s.officerId === f.officerId)!.unitId));
    const heads = new Set<string>();
    for (const flag of caseFile.accountability) {
      if (flag.level === 'unit_head' && flag.headOfficerId && breachedUnits.has(flag.unitId)) heads.add(flag.headOfficerId);
    }
    for (const unitId of breachedUnits) {
      const head = own(command.unitHeads, unitId);
      if (head) heads.add(head);
    }
    if (!heads.has(officerId)) throw refuse('not_unit_head', `Heads on record: ${[...heads].join(', ') || 'none'}.`);
  }
  return {
    severity: heaviestSeverity(found.map((f) => f.severity!))!,
    foundOn: found.map((f) => f.recordedOn).sort()[0]!,
  };
}
