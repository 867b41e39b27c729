import type { CalendarDate } from '../shared/calendar.js';
import type { PostSnapshot } from '../officer/events.js';

// A post (岗位) of a unit. Its unit and whether it is an enforcement post never change; its title,
// sensitivity and rotation period may, from a day on (PostChanged). An officer's stream keeps a
// snapshot of the post it takes, and a change reaches each holder's stream as an event of its own
// (HeldPostChanged), so an officer's history never depends on reading other streams.

export interface PostChange {
  /** The PostChanged event (null only for a state folded without event ids). */
  eventId: string | null;
  effectiveOn: CalendarDate;
  reason: string;
}

export type PostState = { exists: false } | ({ exists: true } & PostSnapshot & { latestChange: PostChange | null });

export const initialPostState: PostState = { exists: false };

export function postSnapshot(state: PostState): PostSnapshot | null {
  if (!state.exists) return null;
  const { postId, unitId, title, enforcement, sensitive, rotationPeriodMonths } = state;
  return { postId, unitId, title, enforcement, sensitive, rotationPeriodMonths };
}
