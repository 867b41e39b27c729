import type { OfficerFacts } from '../officer/state.js';
import { forbid, refuse } from '../rules.js';
import { notBefore, notInFuture } from '../shared/date-rules.js';
import type { DecisionContext } from '../shared/decision-context.js';
import { NotFoundError } from '../shared/errors.js';
import type { AppointUnitHeadInput, RegisterUnitInput } from './commands.js';
import type { UnitEvent } from './evolve.js';
import type { UnitState } from './state.js';

export type UnitCommand =
  | { type: 'RegisterUnit'; input: RegisterUnitInput }
  | {
      type: 'AppointUnitHead';
      unitId: string;
      input: AppointUnitHeadInput;
      /** Looked up: the officer named in the body, or null when not registered. */
      officer: OfficerFacts | null;
    };

export function decideUnit(command: UnitCommand, state: UnitState, ctx: DecisionContext): UnitEvent[] {
  switch (command.type) {
    case 'RegisterUnit': {
      const { unitId, name, headOfficerId } = command.input;
      if (state.exists) throw refuse('unit_already_registered', `Unit ${unitId} is already registered.`);
      // Units come before their officers, so the head named here may not have an officer record yet.
      if (headOfficerId && headOfficerId === ctx.actor.officerId) throw forbid('own_personnel_record', `Officer ${headOfficerId} is you: another member of HR names the head.`);
      return [{ type: 'UnitRegistered', data: { unitId, name, headOfficerId: headOfficerId ?? null } }];
    }
    case 'AppointUnitHead': {
      if (!state.exists) throw new NotFoundError('unit', command.unitId);
      const { officerId, effectiveOn } = command.input;
      // Nobody appoints themselves (回避), as nobody writes their own personnel record.
      if (officerId === ctx.actor.officerId) throw forbid('own_personnel_record', `Officer ${officerId} is you: another member of HR records the appointment.`);
      const { officer } = command;
      if (!officer) throw refuse('unknown_officer', `Officer ${officerId} is not registered.`);
      if (!officer.inService) throw refuse('officer_separated', `Officer ${officerId} has left service.`);
      if (state.headOfficerId === officerId) throw refuse('already_unit_head', `Officer ${officerId} heads unit ${state.unitId}.`);
      notInFuture('effectiveOn', effectiveOn, ctx);
      notBefore('effectiveOn', effectiveOn, 'the previous head\'s appointment on', state.heads.at(-1)?.since);
      notBefore('effectiveOn', effectiveOn, 'the officer\'s hiring date', officer.hiredOn);
      return [{ type: 'UnitHeadAppointed', data: { unitId: state.unitId, officerId, effectiveOn } }];
    }
  }
}
