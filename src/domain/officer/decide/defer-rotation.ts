import { forbid, refuse } from '../../rules.js';
import { addMonths, compareDates } from '../../shared/calendar.js';
import type { DecisionContext } from '../../shared/decision-context.js';
import type { DeferRotationInput } from '../commands.js';
import type { OfficerEvent } from '../evolve.js';
import type { OfficerState } from '../state.js';
import { requireInService, requireOfficer } from './guards.js';

export interface DeferRotation {
  type: 'DeferRotation';
  officerId: string;
  input: DeferRotationInput;
}

/**
 * A deferral (with reason and approver) moves the rotation due date later; it never shortens it,
 * and it never keeps the officer in the post beyond twice the post's period from the start of the
 * tenure (定期轮岗: a deferral is an exception, not a way out of rotation).
 */
export function deferRotation(command: DeferRotation, state: OfficerState, ctx: DecisionContext): OfficerEvent[] {
  const officer = requireOfficer(state, command.officerId);
  if (ctx.actor.officerId === officer.officerId) throw forbid('own_rotation_deferral');
  requireInService(officer);
  const { rotation } = officer;
  if (!rotation) throw refuse('no_rotation_clock', `Officer ${officer.officerId} holds no important or sensitive post.`);
  const { until, reason, approvedBy } = command.input;
  if (approvedBy === officer.officerId || approvedBy === officer.name) {
    throw refuse('deferral_self_approved', `${approvedBy} is the officer whose rotation is deferred.`);
  }
  if (compareDates(until, rotation.dueOn) <= 0) {
    throw refuse('deferral_not_later', `The rotation is due on ${rotation.dueOn}; ${until} is not later.`);
  }
  const latest = addMonths(rotation.since, 2 * rotation.periodMonths);
  if (compareDates(until, latest) > 0) {
    throw refuse('deferral_too_far', `The tenure began on ${rotation.since} and the post's period is ${rotation.periodMonths} months: not later than ${latest}.`);
  }
  return [{ type: 'RotationDeferred', data: { officerId: officer.officerId, postId: rotation.postId, until, reason, approvedBy } }];
}
