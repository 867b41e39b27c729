import { refuse } from '../../rules.js';
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
