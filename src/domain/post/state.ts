import type { PostSnapshot } from '../officer/events.js';

// A post (岗位) of a unit. Posts never change once defined: an officer's stream keeps a snapshot
// of the post it takes, so an officer's history never depends on reading other streams.

export type PostState = { exists: false } | ({ exists: true } & PostSnapshot);

export const initialPostState: PostState = { exists: false };

export function postSnapshot(state: PostState): PostSnapshot | null {
  if (!state.exists) return null;
  const { postId, unitId, title, enforcement, sensitive, rotationPeriodMonths } = state;
  return { postId, unitId, title, enforcement, sensitive, rotationPeriodMonths };
}
