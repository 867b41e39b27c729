import { forbid, refuse } from '../../rules.js';
import type { DecisionContext } from '../../shared/decision-context.js';
import { NotFoundError } from '../../shared/errors.js';
import type { Officer, OfficerState } from '../state.js';

/** The officer named in the URL path: unknown is a 404. */
export function requireOfficer(state: OfficerState, officerId: string): Officer {
  if (!state.exists) throw new NotFoundError('officer', officerId);
  return state;
}

/** Dismissal or expulsion ends service: nothing more is assigned, granted or deferred. */
export function requireInService(officer: Officer): void {
  if (!officer.inService) {
    throw refuse('officer_separated', `Officer ${officer.officerId} left service on ${officer.separation?.effectiveOn ?? 'an earlier date'}.`);
  }
}

/**
 * Nobody writes their own personnel record (回避), as nobody acts on their own case: an HR user
 * who is the officer named would grant themselves a qualification, pick their own post, or end
 * their own off-post training (a sanction). A 403 whatever their role.
 */
export function requireNotOwnRecord(officer: Officer, ctx: DecisionContext): void {
  if (ctx.actor.officerId === officer.officerId) {
    throw forbid('own_personnel_record', `Officer ${officer.officerId} is you.`);
  }
}
