import { z } from 'zod';

// The wire codes of ../shared/API.md. Their Chinese names live with the web interface and rules.

export const violationCategories = ['purpose', 'conduct', 'competence', 'responsibility', 'integrity'] as const;
export const ViolationCategory = z.enum(violationCategories);
export type ViolationCategory = z.infer<typeof ViolationCategory>;

export const reportChannels = [
  'hotline_12328', 'phone', 'email', 'message_board', 'letter', 'visit', 'forum',
  'questionnaire', 'self_inspection', 'inspection', 'petition', 'online', 'other',
] as const;
export const ReportChannel = z.enum(reportChannels);
export type ReportChannel = z.infer<typeof ReportChannel>;

export const findingOutcomes = ['substantiated', 'partly_substantiated', 'unfounded'] as const;
export const FindingOutcome = z.enum(findingOutcomes);
export type FindingOutcome = z.infer<typeof FindingOutcome>;

export const severities = ['minor', 'serious', 'criminal'] as const;
export const Severity = z.enum(severities);
export type Severity = z.infer<typeof Severity>;

/** Ordered from the lightest to the heaviest: an appeal may only move a sanction down this list. */
export const sanctionKinds = [
  'criticism_education', 'off_post_training', 'reassignment', 'qualification_revoked',
  'dismissal', 'expulsion', 'judicial_referral',
] as const;
export const SanctionKind = z.enum(sanctionKinds);
export type SanctionKind = z.infer<typeof SanctionKind>;

/** The kinds that end the officer's service. */
export const SEPARATING_KINDS: readonly SanctionKind[] = ['dismissal', 'expulsion'];

export const sanctionCapacities = ['subject', 'unit_head', 'responsible'] as const;
export const SanctionCapacity = z.enum(sanctionCapacities);
export type SanctionCapacity = z.infer<typeof SanctionCapacity>;

export const interventionKinds = ['reminder_talk', 'written_inquiry'] as const;
export const InterventionKind = z.enum(interventionKinds);
export type InterventionKind = z.infer<typeof InterventionKind>;

export const assignmentReasons = ['appointment', 'rotation', 'transfer'] as const;
export const AssignmentReason = z.enum(assignmentReasons);
export type AssignmentReason = z.infer<typeof AssignmentReason>;

export const appealStages = ['review', 'appeal'] as const;
export const AppealStage = z.enum(appealStages);
export type AppealStage = z.infer<typeof AppealStage>;

export const appealOutcomes = ['upheld', 'reduced', 'annulled'] as const;
export const AppealOutcome = z.enum(appealOutcomes);
export type AppealOutcome = z.infer<typeof AppealOutcome>;

/** Ids of units, posts and officers are chosen by the client. */
export const ClientId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must match ^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$');
