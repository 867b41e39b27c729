import { withUnits } from './subject-units.js';
import type { EventOfType, StoredDomainEvent } from '../event-catalogue.js';
import type { CaseFile, CaseState } from './state.js';
import { own } from '../shared/own.js';
import { takesOutOfForce } from '../shared/appeal-outcome.js';
import { deadlineMissedBy } from './deadline-missed.js';
import { findingDay } from './events.js';

export type CaseEvent = EventOfType<
  | 'CaseReported' | 'VerificationAssigned' | 'EvidenceAttached' | 'InterventionHeld' | 'FindingRecorded'
  | 'AccountabilityFlagged' | 'SanctionImposed' | 'AppealFiled' | 'AppealDecided' | 'CaseClosed' | 'CaseRecordCorrected'
>;

export function evolveCase(state: CaseState, event: StoredDomainEvent<CaseEvent>): CaseState {
  if (event.type === 'CaseReported') {
    const { caseId, subjects, category, channel, occurredOn, summary, ruleRefs, reporter, reportedOn } = event.data;
    return {
      exists: true, caseId, status: 'open', subjects, category, channel, occurredOn, summary, ruleRefs, reporter, reportedOn,
      reportEventId: event.id ?? null, verification: null, deadlineMissed: false, evidence: [], interventions: [], findings: {}, late: false,
      accountability: [], sanctions: {}, appeals: {}, closure: null, corrections: [],
    };
  }
  if (!state.exists) return state;
  return evolveFile(state, event);
}

function evolveFile(file: CaseFile, event: Exclude<CaseEvent, { type: 'CaseReported' }>): CaseFile {
  switch (event.type) {
    case 'VerificationAssigned': {
      const { inspectorId, assignedOn, dueOn } = event.data;
      // A handover or a new due date after the current one has passed does not undo the lateness.
      const missed = deadlineMissedBy(file.verification?.dueOn ?? null, assignedOn, file.subjects.some((s) => !own(file.findings, s.officerId)));
      return { ...file, verification: { inspectorId, assignedOn, dueOn }, deadlineMissed: file.deadlineMissed || missed };
    }
    case 'EvidenceAttached': {
      const { evidenceId, description, reference, sha256 } = event.data;
      return { ...file, evidence: [...file.evidence, { evidenceId, description, reference, sha256 }] };
    }
    case 'InterventionHeld': {
      const { officerId, kind, heldOn } = event.data;
      return { ...file, interventions: [...file.interventions, { officerId, kind, heldOn }] };
    }
    case 'FindingRecorded': {
      const { officerIds, outcome, severity, summary, recordedOn, late } = event.data;
      const foundOn = findingDay(event.data);
      const findings = { ...file.findings };
      for (const officerId of officerIds) findings[officerId] = { officerId, outcome, severity, summary, recordedOn, foundOn, late };
      return { ...file, findings, late: file.late || late };
    }
    case 'AccountabilityFlagged': {
      const { officerId, unitId, level, headOfficerId, ruleRef } = event.data;
      return { ...file, accountability: [...file.accountability, { officerId, unitId, level, headOfficerId, ruleRef }] };
    }
    case 'SanctionImposed': {
      const { sanctionId, officerId, kind, capacity, effectiveOn, basis, untilOn, toPostId, recordedOn } = event.data;
      return {
        ...file,
        sanctions: {
          ...file.sanctions,
          [sanctionId]: {
            sanctionId, officerId, imposedKind: kind, kind, capacity, effectiveOn, recordedOn, basis, untilOn, toPostId,
            status: 'in_force', revisions: [],
          },
        },
      };
    }
    case 'AppealFiled': {
      const { appealId, sanctionId, stage, filedOn } = event.data;
      return { ...file, appeals: { ...file.appeals, [appealId]: { appealId, sanctionId, stage, filedOn, decision: null } } };
    }
    case 'AppealDecided': {
      const { appealId, sanctionId, outcome, decidedOn, replacementKind, toPostId, untilOn, recordedOn } = event.data;
      const appeal = own(file.appeals, appealId);
      const appeals = appeal
        ? { ...file.appeals, [appealId]: { ...appeal, decision: { outcome, decidedOn, replacementKind, toPostId, untilOn, recordedOn } } }
        : file.appeals;
      const sanction = own(file.sanctions, sanctionId);
      if (!sanction || outcome === 'upheld') return { ...file, appeals };
      const revisions = [...sanction.revisions, { appealId, outcome, replacementKind, decidedOn, toPostId, untilOn }];
      const revised = !replacementKind || takesOutOfForce(outcome, replacementKind)
        ? { ...sanction, status: 'annulled' as const, revisions }
        : { ...sanction, kind: replacementKind, revisions };
      return { ...file, appeals, sanctions: { ...file.sanctions, [sanctionId]: revised } };
    }
    case 'CaseClosed':
      return { ...file, status: 'closed', closure: { closedOn: event.data.closedOn, summary: event.data.summary } };
    case 'CaseRecordCorrected': {
      const { changes, correctsEventId, reason } = event.data;
      return {
        ...file,
        category: changes.category ?? file.category,
        channel: changes.channel ?? file.channel,
        occurredOn: changes.occurredOn ?? file.occurredOn,
        summary: changes.summary ?? file.summary,
        ruleRefs: changes.ruleRefs ?? file.ruleRefs,
        subjects: changes.subjectUnits ? withUnits(file.subjects, changes.subjectUnits) : file.subjects,
        corrections: [...file.corrections, { correctsEventId, reason }],
      };
    }
  }
}

