import { forbid, refuse } from '../../rules.js';
import { notInFuture } from '../../shared/date-rules.js';
import type { DecisionContext } from '../../shared/decision-context.js';
import type { RegisterOfficerInput } from '../commands.js';
import type { OfficerEvent } from '../evolve.js';
import type { OfficerState } from '../state.js';

export interface RegisterOfficer {
  type: 'RegisterOfficer';
  input: RegisterOfficerInput;
  /** Looked up: whether the unit named in the body is registered. */
  unitExists: boolean;
}

export function registerOfficer(command: RegisterOfficer, state: OfficerState, ctx: DecisionContext): OfficerEvent[] {
  const { officerId, name, unitId, hiredOn } = command.input;
  // Nobody writes their own personnel record (guards.ts): the registration sets the unit and the hiring date.
  if (ctx.actor.officerId === officerId) throw forbid('own_personnel_record', `Officer ${officerId} is you.`);
  if (state.exists) throw refuse('officer_already_registered', `Officer ${officerId} is already registered.`);
  if (!command.unitExists) throw refuse('unknown_unit', `Unit ${unitId} is not registered.`);
  notInFuture('hiredOn', hiredOn, ctx);
  return [{ type: 'OfficerRegistered', data: { officerId, name, unitId, hiredOn } }];
}
