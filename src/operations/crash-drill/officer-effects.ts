import type { RecordedEvent } from '../../store/event-store.js';
import { sanctionIdOf } from './keyed-request.js';
import { caseOf, type WriteRequest } from './write-load.js';

// A sanction, and an appeal decision that changes one, are decided in the case's stream; their
// effect on the officer is a second append, to the officer's stream (by the register, or by its
// reactor after a crash between the two). The drill checks each such effect is there exactly once:
// an effect is known by its event type and the sanction or appeal it carries out.

/** The effect key of an officer-side effect event (null for any other event). */
export function effectKeyOf(event: RecordedEvent): string | null {
  if (event.type === 'SanctionTookEffect') return `SanctionTookEffect:${String(event.data.sanctionId)}`;
  if (event.type === 'SanctionRevised') return `SanctionRevised:${String(event.data.appealId)}`;
  return null;
}

/**
 * The effect a write must leave in its officer's stream, and how many times (an upheld appeal
 * changes nothing: none); null for writes with no officer-side effect. `id` is the sanction's or
 * the appeal's id (what the answer names).
 */
export function expectedEffect(write: WriteRequest, id: string): { key: string; times: 0 | 1 } | null {
  if (write.kind === 'sanction') return { key: `SanctionTookEffect:${id}`, times: 1 };
  if (write.kind === 'appeal-decision') return { key: `SanctionRevised:${id}`, times: write.body.outcome === 'upheld' ? 0 : 1 };
  return null;
}

/** The id an unanswered write's effect carries: a keyed sanction's id derives from its key; a decision names its appeal. */
export function effectIdOf(write: WriteRequest, actor: string): string | null {
  if (write.kind === 'sanction') return sanctionIdOf(write, actor);
  if (write.kind === 'appeal-decision') return caseOf(write).appealId ?? null;
  return null;
}
