// Stream names of the aggregates: `<category>-<id>`, as the event-store port requires.

export const streamNames = {
  unit: (unitId: string) => `unit-${unitId}`,
  post: (postId: string) => `post-${postId}`,
  officer: (officerId: string) => `officer-${officerId}`,
  case: (caseId: string) => `case-${caseId}`,
  rectification: (rectificationId: string) => `rectification-${rectificationId}`,
} as const;

export type AggregateKind = keyof typeof streamNames;
