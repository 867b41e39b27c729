import { refuse } from '../../rules.js';
import { today, type DecisionContext } from '../../shared/decision-context.js';
import type { CloseCaseInput } from '../commands.js';
import type { CaseEvent } from '../evolve.js';
import type { CaseState } from '../state.js';
import { openCaseFor } from './guards.js';
import { own } from '../../shared/own.js';

export interface CloseCase {
  type: 'CloseCase';
  caseId: string;
  input: CloseCaseInput;
}

/** A case is closed (办结) once every subject has a finding. */
export function closeCase(command: CloseCase, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  const caseFile = openCaseFor(state, command.caseId, ctx);
  const pending = caseFile.subjects.filter((s) => !own(caseFile.findings, s.officerId)).map((s) => s.officerId);
  if (pending.length > 0) throw refuse('findings_incomplete', `No finding yet for ${pending.join(', ')}.`);
  return [{ type: 'CaseClosed', data: { caseId: caseFile.caseId, summary: command.input.summary, closedOn: today(ctx) } }];
}
