import type { CalendarDate } from '../../shared/calendar.js';
import type { PostSnapshot } from '../events.js';
import type { OfficerEvent } from '../evolve.js';
import type { OfficerState } from '../state.js';
import { tenureOnHeldPost } from '../tenure.js';

export interface ApplyPostChange {
  type: 'ApplyPostChange';
  officerId: string;
  /** The post as it is now, read from its stream. */
  post: PostSnapshot;
  /** Its latest change (PostChanged): the event, the day it took effect, why. */
  change: { eventId: string; effectiveOn: CalendarDate; reason: string };
}

/**
 * A change of a post reaches the officer who holds it (the post-side decision is already made):
 * their stream records the post as changed, and with it the rotation clock's start when the post is
 * sensitive now (the start of their tenure on it, not the day of the change). Idempotent and never
 * refused: an officer not holding the post, or whose record already has the post as it is now,
 * gets nothing, so running it again, or for every officer who may hold the post, writes each change once.
 */
export function applyPostChange(command: ApplyPostChange, state: OfficerState): OfficerEvent[] {
  if (!state.exists || !state.inService) return [];
  const { post, change } = command;
  const held = state.post?.post;
  if (!held || held.postId !== post.postId) return [];
  if (held.title === post.title && held.sensitive === post.sensitive && held.rotationPeriodMonths === post.rotationPeriodMonths) return [];
  const tenureSince = post.sensitive && post.rotationPeriodMonths ? tenureOnHeldPost(state) : null;
  return [{
    type: 'HeldPostChanged',
    data: { officerId: state.officerId, post, changeEventId: change.eventId, effectiveOn: change.effectiveOn, reason: change.reason, tenureSince },
  }];
}
