// The shapes the pages read. Fields the contract names are required; the rest are what the
// projections add and are read defensively (a page shows what is there).

export interface CaseSubject {
  officerId: string;
  unitId?: string;
  name?: string;
}

export interface CaseSummary {
  caseId: string;
  status: string;
  category: string;
  channel: string;
  occurredOn?: string;
  reportedOn?: string;
  summary?: string;
  subjects?: CaseSubject[];
  officerIds?: string[];
  inspectorId?: string | null;
  dueOn?: string | null;
  late?: boolean;
  overdue?: boolean;
}

export interface TimelineEntry {
  type: string;
  data?: Record<string, unknown>;
  recordedAt?: string;
  recordedBy?: string;
  actor?: string;
  on?: string;
  position?: string;
  eventId?: string;
}

export interface SanctionView {
  sanctionId: string;
  officerId: string;
  kind: string;
  capacity?: string;
  effectiveOn?: string;
  basis?: string;
  untilOn?: string | null;
  toPostId?: string | null;
  status?: string;
  replacementKind?: string | null;
}

export interface AppealView {
  appealId: string;
  sanctionId: string;
  stage: string;
  filedOn?: string;
  outcome?: string | null;
  decidedOn?: string | null;
  replacementKind?: string | null;
}

export interface CaseDetail extends CaseSummary {
  ruleRefs?: string[];
  reporter?: { name: string | null; contact: string | null; anonymous: boolean } | null;
  evidence?: { evidenceId: string; description: string; reference?: string | null; sha256?: string | null }[];
  interventions?: { officerId: string; kind: string; heldOn: string }[];
  findings?: { officerIds?: string[]; officerId?: string; outcome: string; severity?: string | null; summary?: string; recordedOn?: string; late?: boolean }[];
  sanctions?: SanctionView[];
  appeals?: AppealView[];
  closedOn?: string | null;
  closure?: { summary: string; closedOn: string } | null;
  timeline?: TimelineEntry[];
  history?: TimelineEntry[];
}

export interface RotationItem {
  officerId: string;
  postId: string;
  unitId: string;
  since: string;
  dueOn: string;
  status: 'overdue' | 'due_soon' | 'ok';
  deferredUntil: string | null;
  officerName?: string;
  postTitle?: string;
}

export interface Statistics {
  from?: string;
  to?: string;
  byCategory?: Record<string, number>;
  byChannel?: Record<string, number>;
  byUnit?: Record<string, number>;
  bySanctionKind?: Record<string, number>;
  [key: string]: unknown;
}

export interface AuditEvent {
  position: string;
  stream?: string;
  streamId?: string;
  revision?: string;
  type: string;
  id?: string;
  eventId?: string;
  data?: unknown;
  metadata?: Record<string, unknown>;
  recordedAt?: string;
  created?: string;
}

export function listOf<T>(body: unknown, ...keys: string[]): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object') {
    for (const key of ['items', ...keys]) {
      const value = (body as Record<string, unknown>)[key];
      if (Array.isArray(value)) return value as T[];
    }
  }
  return [];
}

export function subjectIds(c: CaseSummary): string[] {
  return c.subjects?.map((s) => s.officerId) ?? c.officerIds ?? [];
}
