import { refuse } from '../../rules.js';
import { notBefore, notInFuture } from '../../shared/date-rules.js';
import type { DecisionContext } from '../../shared/decision-context.js';
import type { GrantQualificationInput } from '../commands.js';
import type { OfficerEvent } from '../evolve.js';
import type { OfficerState } from '../state.js';
import { requireInService, requireNotOwnRecord, requireOfficer } from './guards.js';
import { BARRING_QUALIFICATION, describeBar, sanctionBarOn } from './sanction-bar.js';

export interface GrantQualification {
  type: 'GrantQualification';
  officerId: string;
  input: GrantQualificationInput;
}

/**
 * A grant (or renewal) replaces any qualification held, and is not dated before it. After a revocation that stands, none is
 * granted before the bar period has passed (sanction-bar.ts): HR cannot undo the sanction.
 */
export function grantQualification(command: GrantQualification, state: OfficerState, ctx: DecisionContext): OfficerEvent[] {
  const officer = requireOfficer(state, command.officerId);
  requireNotOwnRecord(officer, ctx);
  requireInService(officer);
  const { certificateNo, grantedOn } = command.input;
  notInFuture('grantedOn', grantedOn, ctx);
  notBefore('grantedOn', grantedOn, 'the hiring date', officer.hiredOn);
  // A renewal replaces the qualification held: dated before it, the older certificate would stand as the current one.
  notBefore('grantedOn', grantedOn, 'the grant of the qualification held on', officer.qualification?.grantedOn);
  const lastRevocation = Object.values(officer.sanctions)
    .filter((s) => s.kind === 'qualification_revoked' && s.status === 'in_force')
    .map((s) => s.effectiveOn)
    .sort()
    .at(-1);
  notBefore('grantedOn', grantedOn, 'the revocation of the previous qualification on', lastRevocation);
  const bar = sanctionBarOn(officer, BARRING_QUALIFICATION, grantedOn, ctx);
  if (bar) throw refuse('sanction_bars_qualification', describeBar(bar));
  return [{ type: 'QualificationGranted', data: { officerId: officer.officerId, certificateNo, grantedOn } }];
}
