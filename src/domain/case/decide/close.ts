import { refuse } from '../../rules.js';
import { compareDates, type CalendarDate } from '../../shared/calendar.js';
import { notBefore, notInFuture } from '../../shared/date-rules.js';
import { today, type DecisionContext } from '../../shared/decision-context.js';
import type { CloseCaseInput } from '../commands.js';
import type { CaseEvent } from '../evolve.js';
import type { CaseFile, CaseState } from '../state.js';
import { openCaseFor, type UnitHeads } from './guards.js';
import { own } from '../../shared/own.js';

export interface CloseCase {
  type: 'CloseCase';
  caseId: string;
  input: CloseCaseInput;
  /** Looked up: the head of each subject's unit on the day of the breach (they do not act on the case). */
  unitHeads: UnitHeads;
}

/**
 * A case is closed (办结) once every subject has a finding or was met with an early intervention
 * (a reminder talk or written inquiry: the work plan meets early signs, 苗头性、倾向性问题, with 约谈、函询
 * rather than a finding that would hold the officer and their unit's head to account), and every subject found to have
 * committed a suspected crime has been referred to the judicial authorities (the work plan: 涉嫌构成
 * 犯罪的，移送司法机关处理). A referral a review or appeal then reduced or annulled was still decided.
 * It is closed on a day (the one given, else today): not before the latest dated act of the case
 * (latestAct).
 */
export function closeCase(command: CloseCase, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const caseFile = openCaseFor(state, command, ctx);
  const metEarly = new Set(caseFile.interventions.map((i) => i.officerId));
  const pending = caseFile.subjects.filter((s) => !own(caseFile.findings, s.officerId) && !metEarly.has(s.officerId)).map((s) => s.officerId);
  if (pending.length > 0) throw refuse('findings_incomplete', `No finding, reminder talk or written inquiry yet for ${pending.join(', ')}.`);
  const referred = new Set(Object.values(caseFile.sanctions).filter((s) => s.imposedKind === 'judicial_referral').map((s) => s.officerId));
  const unreferred = caseFile.subjects
    .filter((s) => own(caseFile.findings, s.officerId)?.severity === 'criminal' && !referred.has(s.officerId))
    .map((s) => s.officerId);
  if (unreferred.length > 0) throw refuse('judicial_referral_required', `Found to have committed a suspected crime and not referred: ${unreferred.join(', ')}.`);
  // The day it was closed, earlier than today when a case handled on paper is entered later.
  const closedOn = command.input.closedOn ?? today(ctx);
  notInFuture('closedOn', closedOn, ctx);
  const latest = latestAct(caseFile);
  notBefore('closedOn', closedOn, latest.name, latest.on);
  return [{ type: 'CaseClosed', data: { caseId: caseFile.caseId, summary: command.input.summary, closedOn } }];
}

/**
 * The latest dated act of the handling a closure ends: the report received, the verification's
 * assignment, an intervention held, a finding made, a sanction taking effect (every sanction
 * imposed: each was imposed on the open case, and a referral is a condition of the closure). Reviews
 * and appeals are not among them: they may be filed and decided after the closure. Evidence and
 * corrections carry no day of their own. The first named wins a tie.
 */
function latestAct(caseFile: CaseFile): { name: string; on: CalendarDate } {
  let latest = { name: 'the report on', on: caseFile.reportedOn };
  const consider = (name: string, on: CalendarDate) => {
    if (compareDates(on, latest.on) > 0) latest = { name, on };
  };
  if (caseFile.verification) consider(`the assignment of the verification to ${caseFile.verification.inspectorId} on`, caseFile.verification.assignedOn);
  for (const held of caseFile.interventions) consider(`the ${held.kind} with officer ${held.officerId} on`, held.heldOn);
  for (const finding of Object.values(caseFile.findings)) consider(`officer ${finding.officerId}'s finding on`, finding.foundOn);
  for (const sanction of Object.values(caseFile.sanctions)) consider(`sanction ${sanction.sanctionId} taking effect on`, sanction.effectiveOn);
  return latest;
}
