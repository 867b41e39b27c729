import type { DecisionContext } from '../shared/decision-context.js';
import type { OfficerEvent } from './evolve.js';
import type { OfficerState } from './state.js';
import { applyPostChange, type ApplyPostChange } from './decide/apply-post-change.js';
import { applySanction, type ApplySanction } from './decide/apply-sanction.js';
import { assignOfficer, type AssignOfficer } from './decide/assign.js';
import { completeOffPostTraining, type CompleteOffPostTraining } from './decide/complete-training.js';
import { correctOfficer, type CorrectOfficer } from './decide/correct.js';
import { deferRotation, type DeferRotation } from './decide/defer-rotation.js';
import { grantQualification, type GrantQualification } from './decide/grant-qualification.js';
import { recordWarningEducation, type RecordWarningEducation } from './decide/record-warning-education.js';
import { registerOfficer, type RegisterOfficer } from './decide/register.js';

// The officer's decisions: one small function per command, in ./decide/.

export type OfficerCommand =
  | RegisterOfficer | GrantQualification | AssignOfficer | DeferRotation | RecordWarningEducation
  | CompleteOffPostTraining | CorrectOfficer | ApplySanction | ApplyPostChange;

export function decideOfficer(command: OfficerCommand, state: OfficerState, ctx: DecisionContext): OfficerEvent[] {
  switch (command.type) {
    case 'RegisterOfficer': return registerOfficer(command, state, ctx);
    case 'GrantQualification': return grantQualification(command, state, ctx);
    case 'AssignOfficer': return assignOfficer(command, state, ctx);
    case 'DeferRotation': return deferRotation(command, state, ctx);
    case 'RecordWarningEducation': return recordWarningEducation(command, state, ctx);
    case 'CompleteOffPostTraining': return completeOffPostTraining(command, state, ctx);
    case 'CorrectOfficer': return correctOfficer(command, state, ctx);
    case 'ApplySanction': return applySanction(command, state);
    case 'ApplyPostChange': return applyPostChange(command, state);
  }
}

export type { ApplyPostChange } from './decide/apply-post-change.js';
export type { ApplySanction, SanctionRecord } from './decide/apply-sanction.js';
export type {
  AssignOfficer, CompleteOffPostTraining, CorrectOfficer, DeferRotation, GrantQualification, RecordWarningEducation, RegisterOfficer,
};
