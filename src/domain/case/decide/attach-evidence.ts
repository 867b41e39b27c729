import type { DecisionContext } from '../../shared/decision-context.js';
import type { AttachEvidenceInput } from '../commands.js';
import type { CaseEvent } from '../evolve.js';
import type { CaseState } from '../state.js';
import { openCaseFor, type UnitHeads } from './guards.js';

export interface AttachEvidence {
  type: 'AttachEvidence';
  caseId: string;
  /** Chosen by the handler; answered to the client. */
  evidenceId: string;
  input: AttachEvidenceInput;
  /** Looked up: the head of each subject's unit on the day of the breach (they do not act on the case). */
  unitHeads: UnitHeads;
}

export function attachEvidence(command: AttachEvidence, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const caseFile = openCaseFor(state, command, ctx);
  const { description, reference, sha256 } = command.input;
  return [{
    type: 'EvidenceAttached',
    data: { caseId: caseFile.caseId, evidenceId: command.evidenceId, description, reference: reference ?? null, sha256: sha256?.toLowerCase() ?? null },
  }];
}
