import type { PostSnapshot } from '../../officer/events.js';
import type { OfficerFacts } from '../../officer/state.js';
import { refuse } from '../../rules.js';
import type { CalendarDate } from '../../shared/calendar.js';
import type { Severity } from '../../shared/codes.js';
import { notBefore, notInFuture } from '../../shared/date-rules.js';
import { today, type DecisionContext } from '../../shared/decision-context.js';
import type { ImposeSanctionInput } from '../commands.js';
import type { CaseEvent } from '../evolve.js';
import { heaviestSeverity, kindFitsSeverity } from '../sanction-policy.js';
import { isSubject, substantiatedFindings, type CaseFile, type CaseState } from '../state.js';
import { openCaseFor, requireSubject, type UnitHeads } from './guards.js';
import { requireEffectPossible } from './sanction-effect.js';
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
  /** Looked up: the head of each subject's unit on the day of the breach (they do not act on the case). */
  unitHeads: UnitHeads;
}

export function imposeSanction(command: ImposeSanction, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const { officerId, kind, effectiveOn, basis, capacity, untilOn, toPostId } = command.input;
  const caseFile = openCaseFor(state, command, ctx, officerId);

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
  // What a review or appeal decided for this officer, in this capacity, is not undone by imposing again.
  const settled = Object.values(caseFile.sanctions)
    .find((s) => s.officerId === officerId && s.capacity === capacity && s.revisions.length > 0);
  if (settled) {
    const last = settled.revisions.at(-1)!;
    throw refuse('sanction_settled_on_appeal', `Sanction ${settled.sanctionId} (${settled.imposedKind}) was ${last.outcome} on ${last.decidedOn}.`);
  }
  const duplicate = Object.values(caseFile.sanctions)
    .find((s) => s.officerId === officerId && s.kind === kind && s.status === 'in_force');
  if (duplicate) throw refuse('sanction_already_imposed', `Sanction ${duplicate.sanctionId}.`);

  notInFuture('effectiveOn', effectiveOn, ctx);
  notBefore('effectiveOn', effectiveOn, 'the report on', caseFile.reportedOn);
  notBefore('effectiveOn', effectiveOn, 'the finding on', grounds.foundOn);
  // Someone held responsible need not have been in service at the report: not before they were hired.
  notBefore('effectiveOn', effectiveOn, `the hiring of officer ${officerId} on`, officer.hiredOn);
  requireEffectPossible({ officerId, kind, dateField: 'effectiveOn', on: effectiveOn, untilOn, toPostId, toPost: command.toPost }, officer);
  return [{
    type: 'SanctionImposed',
    data: {
      caseId: caseFile.caseId, sanctionId: command.sanctionId, officerId, kind, capacity, effectiveOn, basis,
      untilOn: untilOn ?? null, toPostId: toPostId ?? null, recordedOn: today(ctx),
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
  return { severity: finding.severity, foundOn: finding.foundOn };
}

/**
 * A unit head or another responsible person answers for a substantiated case. Someone responsible
 * answers for the case as a whole: the heaviest severity found. A unit head answers only for the
 * breaches whose finding held them accountable (its bj-2 flag names the head of the subject's unit
 * on the day of the breach): the heaviest severity found for those. The flag, not a head looked up
 * again: an appointment recorded since with an earlier date, or a head reinstated on appeal, does
 * not move the accountability a finding placed.
 */
function accountabilityGrounds(caseFile: CaseFile, command: ImposeSanction): Grounds {
  let found = substantiatedFindings(caseFile);
  if (found.length === 0) {
    const allUnfounded = caseFile.subjects.every((s) => own(caseFile.findings, s.officerId)?.outcome === 'unfounded');
    throw allUnfounded ? refuse('finding_unfounded') : refuse('finding_required', 'The case has no substantiated finding.');
  }
  const { officerId } = command.input;
  if (command.input.capacity === 'unit_head') {
    const headFlags = caseFile.accountability.filter((a) => a.level === 'unit_head');
    const heldFor = new Set(headFlags.filter((a) => a.headOfficerId === officerId).map((a) => a.officerId));
    found = found.filter((f) => heldFor.has(f.officerId));
    if (found.length === 0) {
      const heads = headFlags.map((a) => `${a.unitId}: ${a.headOfficerId ?? 'none'}`);
      throw refuse('not_unit_head', `The findings hold to account, as heads on the day of the breach ${caseFile.occurredOn}: ${[...new Set(heads)].join('; ') || 'nobody yet'}.`);
    }
  }
  return {
    severity: heaviestSeverity(found.map((f) => f.severity!))!,
    foundOn: found.map((f) => f.foundOn).sort()[0]!,
  };
}
