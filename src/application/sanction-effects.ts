import { DateTime } from 'luxon';
import type { CaseSanction } from '../domain/case/state.js';
import { caseDecider, officerDecider } from '../domain/deciders.js';
import { toDomainEvent } from '../domain/event-catalogue.js';
import { applySanction, type SanctionRecord } from '../domain/officer/decide/apply-sanction.js';
import type { PostSnapshot } from '../domain/officer/events.js';
import { streamNames } from '../domain/streams.js';
import type { EventStore, RecordedEvent } from '../store/event-store.js';
import { handleCommand, type Handled } from './command-handler.js';
import type { EventOrigin } from './event-metadata.js';
import { loadAggregate } from './load-aggregate.js';
import { lookUpPost } from './lookups.js';
import { syncHeldPost } from './post-changes.js';
import { own } from '../domain/shared/own.js';

// A sanction is decided in its case's stream (SanctionImposed, AppealDecided); its effect on the
// officer (SanctionTookEffect, SanctionRevised) is written to the officer's stream right after, by
// the command service. Two appends cannot be one transaction across streams, so a crash between
// them would leave the officer's stream behind. `syncSanctionEffects` brings it up to date from the
// case's record and is idempotent (the officer's stream remembers which sanctions and appeal
// decisions it has applied), so running it again, or twice at once, writes each effect once.

export async function syncSanctionEffects(
  store: EventStore,
  caseId: string,
  sanctionId: string,
  origin: EventOrigin,
): Promise<Handled | null> {
  const { state } = await loadAggregate(store, streamNames.case(caseId), caseDecider);
  const sanction = state.exists ? own(state.sanctions, sanctionId) : undefined;
  if (!sanction) return null;
  const record = await sanctionRecord(store, caseId, sanction);
  const handled = await handleCommand({
    store,
    streamName: streamNames.officer(sanction.officerId),
    aggregate: officerDecider,
    origin,
    decide: (officer) => applySanction({ type: 'ApplySanction', officerId: sanction.officerId, sanction: record }, officer),
  });
  // A move onto a post looked the post up first: if it changed meanwhile, the record follows it (post-changes.ts).
  if (handled.written.some((event) => (event.data as { toPost?: unknown }).toPost)) await syncHeldPost(store, sanction.officerId, origin);
  return handled;
}

async function sanctionRecord(store: EventStore, caseId: string, sanction: CaseSanction): Promise<SanctionRecord> {
  const post = async (postId: string | null): Promise<PostSnapshot | null> => (postId ? lookUpPost(store, postId) : null);
  const revisions: SanctionRecord['revisions'] = [];
  for (const revision of sanction.revisions) {
    revisions.push({
      appealId: revision.appealId, outcome: revision.outcome, replacementKind: revision.replacementKind,
      decidedOn: revision.decidedOn, untilOn: revision.untilOn, toPost: await post(revision.toPostId),
    });
  }
  return {
    caseId, sanctionId: sanction.sanctionId, officerId: sanction.officerId, kind: sanction.imposedKind,
    capacity: sanction.capacity, effectiveOn: sanction.effectiveOn, untilOn: sanction.untilOn,
    toPost: await post(sanction.toPostId), revisions,
  };
}

/** The case events whose officer-side effects the reactor completes. */
export const SANCTION_EFFECT_TRIGGERS: readonly string[] = ['SanctionImposed', 'AppealDecided'];

export interface SanctionEffectReactorDeps {
  store: EventStore;
  /** The record time of the effects it writes (default: the system clock). */
  clock?: () => DateTime;
}

/**
 * For the projection runner: call it with every event of the log (it ignores all but
 * SanctionImposed and AppealDecided). It completes officer-side effects that a crash between the
 * case append and the officer append left undone; when nothing is missing it only reads. The
 * effects it writes carry the case event's correlation id and actor, with the case event's id as
 * `$causationId`, exactly as the command service writes them. Safe to run on a replay from the
 * start (it writes nothing that is already there), though that costs two stream reads per sanction.
 */
export function createSanctionEffectReactor(deps: SanctionEffectReactorDeps): (event: RecordedEvent) => Promise<void> {
  const clock = deps.clock ?? (() => DateTime.now());
  return async (event) => {
    if (!SANCTION_EFFECT_TRIGGERS.includes(event.type)) return;
    const caseEvent = toDomainEvent(event.type, event.data, event.metadata.schemaVersion);
    if (caseEvent.type === 'AppealDecided' && caseEvent.data.outcome === 'upheld') return;
    if (caseEvent.type !== 'SanctionImposed' && caseEvent.type !== 'AppealDecided') return;
    const { $correlationId, actor } = event.metadata;
    await syncSanctionEffects(deps.store, caseEvent.data.caseId, caseEvent.data.sanctionId, {
      correlationId: typeof $correlationId === 'string' ? $correlationId : event.id,
      causationId: event.id,
      actor: typeof actor === 'string' ? actor : 'system:sanction-effects',
      recordedAt: clock(),
    });
  };
}
