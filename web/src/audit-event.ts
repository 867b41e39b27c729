import type { AuditEvent } from './api/reads.js';

// Reading a line of the audit stream: its stream, when it was recorded and by whom.

export function streamOf(event: AuditEvent): string {
  return event.streamName ?? event.stream ?? '';
}

/** When the event was recorded: the time in its metadata (hash-protected), else the store's commit time. */
export function recordedAtOf(event: AuditEvent): string | undefined {
  const meta = event.metadata ?? {};
  return (typeof meta.recordedAt === 'string' ? meta.recordedAt : undefined) ?? event.recordedAt ?? event.created;
}

export function actorOf(event: AuditEvent): string | undefined {
  const meta = event.metadata ?? {};
  const actor = meta.actor ?? meta.$actor;
  if (typeof actor === 'string') return actor;
  if (actor && typeof actor === 'object' && typeof (actor as { sub?: unknown }).sub === 'string') return (actor as { sub: string }).sub;
  return undefined;
}
