import type { DecisionContext } from '../shared/decision-context.js';
import type { CaseEvent } from './evolve.js';
import type { CaseState } from './state.js';
import { assignVerification, type AssignVerification } from './decide/assign-verification.js';
import { attachEvidence, type AttachEvidence } from './decide/attach-evidence.js';
import { closeCase, type CloseCase } from './decide/close.js';
import { correctCase, type CorrectCase } from './decide/correct.js';
import { decideAppeal, type DecideAppeal } from './decide/decide-appeal.js';
import { fileAppeal, type FileAppeal } from './decide/file-appeal.js';
import { imposeSanction, type ImposeSanction } from './decide/impose-sanction.js';
import { recordFinding, type RecordFinding } from './decide/record-finding.js';
import { recordIntervention, type RecordIntervention } from './decide/record-intervention.js';
import { reportCase, type ReportCase } from './decide/report.js';

// The case's decisions: one small function per command, in ./decide/. Every write checks, in this
// order: the case exists (404), the actor is not concerned (403), the case is open (409), then the
// command's own rules (409).

export type CaseCommand =
  | ReportCase | AssignVerification | AttachEvidence | RecordIntervention | RecordFinding | ImposeSanction
  | FileAppeal | DecideAppeal | CloseCase | CorrectCase;

export function decideCase(command: CaseCommand, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  switch (command.type) {
    case 'ReportCase': return reportCase(command, state, ctx);
    case 'AssignVerification': return assignVerification(command, state, ctx);
    case 'AttachEvidence': return attachEvidence(command, state, ctx);
    case 'RecordIntervention': return recordIntervention(command, state, ctx);
    case 'RecordFinding': return recordFinding(command, state, ctx);
    case 'ImposeSanction': return imposeSanction(command, state, ctx);
    case 'FileAppeal': return fileAppeal(command, state, ctx);
    case 'DecideAppeal': return decideAppeal(command, state, ctx);
    case 'CloseCase': return closeCase(command, state, ctx);
    case 'CorrectCase': return correctCase(command, state, ctx);
  }
}

export type {
  AssignVerification, AttachEvidence, CloseCase, CorrectCase, DecideAppeal, FileAppeal, ImposeSanction, RecordFinding,
  RecordIntervention, ReportCase,
};
