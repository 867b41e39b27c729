import type { OfficerFacts } from '../../officer/state.js';
import { forbid, refuse } from '../../rules.js';
import { notBefore, notInFuture } from '../../shared/date-rules.js';
import { today, type DecisionContext } from '../../shared/decision-context.js';
import type { ReportCaseInput } from '../commands.js';
import type { CaseEvent } from '../evolve.js';
import type { CaseState } from '../state.js';
import { own } from '../../shared/own.js';
import { notAfterSeparation, notBeforeHiring } from './guards.js';
import { unitOn } from '../../officer/unit-on.js';

export interface ReportCase {
  type: 'ReportCase';
  /** A new uuid the handler chose. */
  caseId: string;
  input: ReportCaseInput;
  /** Looked up: each named officer's facts (their unit), or null when not registered. */
  officers: Record<string, OfficerFacts | null>;
  /** Random salt for the reporter's redactable digest (chosen by the handler, never derived). */
  reporterSalt: string;
}

export function reportCase(command: ReportCase, state: CaseState, ctx: DecisionContext): CaseEvent[] {
  if (state.exists) throw new Error(`Case id ${command.caseId} is already taken`);
  const { officerIds, category, channel, occurredOn, summary, ruleRefs, reporter } = command.input;
  const actorOfficerId = ctx.actor.officerId;
  if (actorOfficerId !== undefined && officerIds.includes(actorOfficerId)) {
    throw forbid('actor_is_subject', `Officer ${actorOfficerId} is named in the report.`);
  }
  const unknown = officerIds.filter((id) => !own(command.officers, id));
  if (unknown.length > 0) throw refuse('unknown_officer', `Not registered: ${unknown.join(', ')}.`);
  notInFuture('occurredOn', occurredOn, ctx);
  // The day the bureau received it, which may be earlier than today when a report received on paper
  // or by phone is entered later: every rule and read model that counts from the report counts from
  // it. The day of entry stays in the event's metadata (recordedAt).
  const reportedOn = command.input.reportedOn ?? today(ctx);
  notInFuture('reportedOn', reportedOn, ctx);
  notBefore('reportedOn', reportedOn, 'the date it occurred', occurredOn);
  const officers = officerIds.map((officerId) => own(command.officers, officerId)!);
  notBeforeHiring(occurredOn, officers);
  notAfterSeparation(occurredOn, officers);
  // Each subject's unit on the day of the breach, not the one they may have moved to since.
  const subjects = officers.map(({ officerId, units }) => ({ officerId, unitId: unitOn(units, occurredOn) }));
  return [{
    type: 'CaseReported',
    data: {
      caseId: command.caseId, subjects, category, channel, occurredOn, summary, ruleRefs: ruleRefs ?? [],
      reporter: reporter
        ? {
            name: reporter.name ?? null,
            contact: reporter.contact ?? null,
            anonymous: reporter.anonymous ?? !reporter.name,
            salt: command.reporterSalt,
          }
        : null,
      reportedOn,
    },
  }];
}
