import type { OfficerFacts } from '../officer/state.js';
import { forbid, refuse } from '../rules.js';
import { compareDates } from '../shared/calendar.js';
import { notBefore, notInFuture } from '../shared/date-rules.js';
import type { DecisionContext } from '../shared/decision-context.js';
import { NotFoundError } from '../shared/errors.js';
import type {
  CompleteRectificationInput, ExtendRectificationDeadlineInput, NoteRectificationProgressInput, RecordRectificationInput,
  VerifyRectificationInput,
} from './commands.js';
import type { RectificationEvent } from './evolve.js';
import type { RectificationState } from './state.js';

// The rectification ledger (整改台账) of the 2021 work plan: each unit lists the problems it found,
// the measure, the department and person responsible and the deadline, and rectifies by the dates
// set. Deadlines matter: an item done after its deadline is late, and a later deadline granted
// after the first had passed does not make it punctual.

export type RectificationCommand = RecordRectification | NoteRectificationProgress | ExtendRectificationDeadline | CompleteRectification | VerifyRectification;

export interface RecordRectification {
  type: 'RecordRectification';
  /** A new uuid the handler chose. */
  rectificationId: string;
  input: RecordRectificationInput;
  /** Looked up: whether the unit named is registered. */
  unitExists: boolean;
  /** Looked up: whether the case named is in the register (true when none is named). */
  caseExists: boolean;
  /** Looked up: the responsible officer named, or null when none is named or they are not registered. */
  responsibleOfficer: OfficerFacts | null;
}

export interface NoteRectificationProgress {
  type: 'NoteRectificationProgress';
  rectificationId: string;
  input: NoteRectificationProgressInput;
}

export interface ExtendRectificationDeadline {
  type: 'ExtendRectificationDeadline';
  rectificationId: string;
  input: ExtendRectificationDeadlineInput;
}

export interface CompleteRectification {
  type: 'CompleteRectification';
  rectificationId: string;
  input: CompleteRectificationInput;
}

export interface VerifyRectification {
  type: 'VerifyRectification';
  rectificationId: string;
  input: VerifyRectificationInput;
}

type Item = Extract<RectificationState, { exists: true }>;

export function decideRectification(command: RectificationCommand, state: RectificationState, ctx: DecisionContext): RectificationEvent[] {
  if (command.type === 'RecordRectification') return record(command, state, ctx);
  if (!state.exists) throw new NotFoundError('rectification', command.rectificationId);
  switch (command.type) {
    case 'NoteRectificationProgress': return noteProgress(command, state, ctx);
    case 'ExtendRectificationDeadline': return extend(command, state, ctx);
    case 'CompleteRectification': return complete(command, state, ctx);
    case 'VerifyRectification': return verify(command, state, ctx);
  }
}

function record(command: RecordRectification, state: RectificationState, ctx: DecisionContext): RectificationEvent[] {
  if (state.exists) throw new Error(`Rectification id ${command.rectificationId} is already taken`);
  const { input } = command;
  if (!command.unitExists) throw refuse('unknown_unit', `Unit ${input.unitId} is not registered.`);
  const caseId = input.caseId ?? null;
  if (caseId !== null && !command.caseExists) throw refuse('unknown_case', `Case ${caseId} is not in the register.`);
  const responsibleOfficerId = input.responsibleOfficerId ?? null;
  if (responsibleOfficerId !== null) {
    const officer = command.responsibleOfficer;
    if (!officer) throw refuse('unknown_officer', `Officer ${responsibleOfficerId} is not registered.`);
    if (!officer.inService) throw refuse('responsible_officer_separated', `Officer ${responsibleOfficerId} has left service.`);
  }
  notInFuture('foundOn', input.foundOn, ctx);
  notBefore('dueOn', input.dueOn, 'the day the problem was found,', input.foundOn);
  return [{
    type: 'RectificationRecorded',
    data: {
      rectificationId: command.rectificationId, unitId: input.unitId, problem: input.problem, source: input.source, caseId,
      measure: input.measure, responsibleDepartment: input.responsibleDepartment, responsiblePerson: input.responsiblePerson,
      responsibleOfficerId, foundOn: input.foundOn, dueOn: input.dueOn,
    },
  }];
}

/** The person responsible does not grant themselves time, nor sign off or check their own work (回避). */
function notResponsible(state: Item, ctx: DecisionContext, what: string): void {
  const self = ctx.actor.officerId;
  if (self !== undefined && self === state.responsibleOfficerId) {
    throw forbid('own_rectification', `Officer ${self} is responsible for this item: another inspector records ${what}.`);
  }
}

function stillOpen(state: Item): void {
  if (state.status !== 'open') {
    throw refuse('rectification_completed', `Item ${state.rectificationId} was completed on ${state.completedOn}${state.status === 'accepted' ? ' and accepted' : ''}.`);
  }
}

function noteProgress(command: NoteRectificationProgress, state: Item, ctx: DecisionContext): RectificationEvent[] {
  stillOpen(state);
  const { notedOn, note } = command.input;
  notInFuture('notedOn', notedOn, ctx);
  notBefore('notedOn', notedOn, 'the day the problem was found,', state.foundOn);
  notBefore('notedOn', notedOn, 'the progress noted earlier, on', state.latestProgressOn);
  notBefore('notedOn', notedOn, 'the check that reopened the item, on', state.reopenedOn);
  return [{ type: 'RectificationProgressNoted', data: { rectificationId: state.rectificationId, notedOn, note } }];
}

function extend(command: ExtendRectificationDeadline, state: Item, ctx: DecisionContext): RectificationEvent[] {
  notResponsible(state, ctx, 'an extension');
  stillOpen(state);
  const { dueOn, reason, approvedBy, approvedOn } = command.input;
  if (approvedBy === state.responsiblePerson || (state.responsibleOfficerId !== null && approvedBy === state.responsibleOfficerId)) {
    throw refuse('extension_self_approved', `${approvedBy} is responsible for the item.`);
  }
  // A deadline is moved later or not at all: never earlier, nor to the same day.
  if (compareDates(dueOn, state.dueOn) <= 0) throw refuse('extension_not_later', `The deadline is ${state.dueOn}; ${dueOn} is not later.`);
  notInFuture('approvedOn', approvedOn, ctx);
  notBefore('approvedOn', approvedOn, 'the day the problem was found,', state.foundOn);
  notBefore('approvedOn', approvedOn, 'the extension approved earlier, on', state.latestExtensionOn);
  notBefore('approvedOn', approvedOn, 'the check that reopened the item, on', state.reopenedOn);
  notBefore('dueOn', dueOn, 'its approval, on', approvedOn);
  const afterDeadline = compareDates(approvedOn, state.dueOn) > 0;
  return [{
    type: 'RectificationDeadlineExtended',
    data: { rectificationId: state.rectificationId, previousDueOn: state.dueOn, dueOn, reason, approvedBy, approvedOn, afterDeadline },
  }];
}

function complete(command: CompleteRectification, state: Item, ctx: DecisionContext): RectificationEvent[] {
  notResponsible(state, ctx, 'the completion');
  stillOpen(state);
  const { completedOn, summary } = command.input;
  notInFuture('completedOn', completedOn, ctx);
  notBefore('completedOn', completedOn, 'the day the problem was found,', state.foundOn);
  notBefore('completedOn', completedOn, 'the progress noted, on', state.latestProgressOn);
  notBefore('completedOn', completedOn, 'the extension approved, on', state.latestExtensionOn);
  notBefore('completedOn', completedOn, 'the check that reopened the item, on', state.reopenedOn);
  // Late after the deadline in force, and whenever an earlier deadline had passed before it was moved.
  const late = compareDates(completedOn, state.dueOn) > 0 || state.missedDueOn !== null;
  return [{ type: 'RectificationCompleted', data: { rectificationId: state.rectificationId, completedOn, summary, dueOn: state.dueOn, late } }];
}

function verify(command: VerifyRectification, state: Item, ctx: DecisionContext): RectificationEvent[] {
  notResponsible(state, ctx, 'the check');
  if (state.status === 'open') throw refuse('rectification_not_completed', `Item ${state.rectificationId} is not completed.`);
  if (state.status === 'accepted') throw refuse('rectification_already_verified', `Item ${state.rectificationId} was accepted.`);
  const { verifiedOn, outcome, note } = command.input;
  notInFuture('verifiedOn', verifiedOn, ctx);
  notBefore('verifiedOn', verifiedOn, 'the completion, on', state.completedOn);
  const dueOn = outcome === 'rejected' ? command.input.dueOn ?? null : null;
  if (dueOn !== null) notBefore('dueOn', dueOn, 'the check, on', verifiedOn);
  return [{ type: 'RectificationVerified', data: { rectificationId: state.rectificationId, verifiedOn, outcome, note, dueOn } }];
}
