import { DateTime } from 'luxon';
import { officerDecider, postDecider } from '../domain/deciders.js';
import { applyPostChange } from '../domain/officer/decide/apply-post-change.js';
import type { OfficerState } from '../domain/officer/state.js';
import { postSnapshot } from '../domain/post/state.js';
import { streamNames } from '../domain/streams.js';
import type { EventStore, RecordedEvent } from '../store/event-store.js';
import { handleCommand, type Handled } from './command-handler.js';
import type { EventOrigin } from './event-metadata.js';
import { loadAggregate, type AggregateCache } from './load-aggregate.js';

// A post is changed in its own stream (PostChanged); the change reaches each officer who holds the
// post in the officer's stream (HeldPostChanged), written right after by the command service, as a
// sanction's effect is. Two appends cannot be one transaction across streams, so:
//   - a crash between them is completed by the post-change reactor (it runs this again for each
//     PostChanged the read models meet), and running it again writes nothing twice (the officer's
//     record already has the post as it is now);
//   - an officer who takes the post while it is being changed may have looked the post up before the
//     change and be written after the holders were looked for: every write that puts an officer on
//     a post (an assignment, a sanction's reassignment) therefore checks the post again once written
//     (`syncHeldPost`), and brings the officer's record up to date if the post changed meanwhile.
//
// Who holds a post: the officers the read models have on it (when the register gives them: the
// rotation schedule keeps every officer's post) and those the log moved onto it after the position
// the read models had reached; without the read models, those the whole log moved onto it. Each is
// then checked against their own stream. A change is rare: reading the tail of the log is cheap, the
// whole log costs a few seconds at a million events.

/** Officers the read models have on the post, and the log position they were read at (null: none yet). */
export type PostHolderHint = (postId: string) => { officerIds: readonly string[]; position: bigint | null } | null;

/** How many holders' streams are brought up to date at once. */
const HOLDERS_AT_ONCE = 32;

/** The officer a log event moves onto the post, if it is one that does. */
function movedOnto(event: RecordedEvent, postId: string): string | null {
  const data = event.data as { officerId?: unknown; post?: { postId?: unknown } | null; toPost?: { postId?: unknown } | null };
  const post = event.type === 'OfficerAssigned' ? data.post
    : event.type === 'SanctionTookEffect' || event.type === 'SanctionRevised' ? data.toPost
      : undefined;
  return post?.postId === postId && typeof data.officerId === 'string' ? data.officerId : null;
}

/** Every officer who may hold the post now (a superset: each is checked against their own stream). */
export async function possibleHolders(store: EventStore, postId: string, hint?: PostHolderHint): Promise<string[]> {
  let known: ReturnType<PostHolderHint> = null;
  try {
    known = hint?.(postId) ?? null;
  } catch {
    known = null; // the read models cannot say (being rebuilt, say): the log says it all
  }
  const officers = new Set(known?.officerIds ?? []);
  const after = known?.position ?? null;
  for await (const event of store.readAll(after === null ? {} : { fromPosition: after + 1n })) {
    const officerId = movedOnto(event, postId);
    if (officerId !== null) officers.add(officerId);
  }
  return [...officers];
}

/**
 * Brings the officer's record of the post they hold up to date with the post's stream: writes
 * HeldPostChanged when the post changed since the officer's record last had it, else nothing.
 */
export async function syncHeldPost(store: EventStore, officerId: string, origin: EventOrigin, cache?: AggregateCache): Promise<Handled> {
  return handleCommand({
    store,
    streamName: streamNames.officer(officerId),
    aggregate: officerDecider,
    origin,
    ...(cache ? { cache } : {}),
    decide: async (officer: OfficerState) => {
      const postId = officer.exists ? officer.post?.post.postId : undefined;
      if (postId === undefined) return [];
      const { state: post } = await loadAggregate(store, streamNames.post(postId), postDecider, cache);
      const snapshot = postSnapshot(post);
      // A post never changed is as the officer took it (their assignment looked it up).
      if (!post.exists || !snapshot || !post.latestChange?.eventId) return [];
      const { eventId, effectiveOn, reason } = post.latestChange;
      return applyPostChange({ type: 'ApplyPostChange', officerId, post: snapshot, change: { eventId, effectiveOn, reason } }, officer);
    },
  });
}

/** The change of the post reaches every officer who holds it; what each write appended, in no particular order. */
export async function syncPostHolders(
  store: EventStore, postId: string, origin: EventOrigin, options: { hint?: PostHolderHint; cache?: AggregateCache } = {},
): Promise<Handled[]> {
  const officers = await possibleHolders(store, postId, options.hint);
  const written: Handled[] = [];
  for (let i = 0; i < officers.length; i += HOLDERS_AT_ONCE) {
    const batch = officers.slice(i, i + HOLDERS_AT_ONCE);
    const handled = await Promise.all(batch.map((officerId) => syncHeldPost(store, officerId, origin, options.cache)));
    written.push(...handled.filter((h) => h.written.length > 0));
  }
  return written;
}

/** The post events whose effects on holders the reactor completes. */
export const POST_CHANGE_TRIGGERS: readonly string[] = ['PostChanged'];

export interface PostChangeReactorDeps {
  store: EventStore;
  hint?: PostHolderHint;
  /** The record time of the effects it writes (default: the system clock). */
  clock?: () => DateTime;
}

/**
 * For the projection runner: call it with every event of the log (it ignores all but PostChanged).
 * It completes the holders' records that a crash between the post's append and theirs left undone;
 * when nothing is missing it only reads. What it writes carries the change's correlation id and
 * actor, with the change's id as `$causationId`, as the command service writes it.
 */
export function createPostChangeReactor(deps: PostChangeReactorDeps): (event: RecordedEvent) => Promise<void> {
  const clock = deps.clock ?? (() => DateTime.now());
  return async (event) => {
    if (!POST_CHANGE_TRIGGERS.includes(event.type)) return;
    const postId = (event.data as { postId?: unknown }).postId;
    if (typeof postId !== 'string') return;
    const { $correlationId, actor } = event.metadata;
    await syncPostHolders(deps.store, postId, {
      correlationId: typeof $correlationId === 'string' ? $correlationId : event.id,
      causationId: event.id,
      actor: typeof actor === 'string' ? actor : 'system:post-changes',
      recordedAt: clock(),
    }, deps.hint ? { hint: deps.hint } : {});
  };
}
