import { addMonths, compareDates, type CalendarDate } from '../shared/calendar.js';
import type { PostSnapshot } from './events.js';
import type { Officer } from './state.js';

/**
 * An officer who returns to a sensitive post they left less than this many months earlier continues
 * the earlier tenure: a move away and back is no rotation (定期轮岗), and restarts no clock.
 */
export const TENURE_CONTINUES_WITHIN_MONTHS = 12;

/**
 * The start of the earlier tenure a move onto `post` continues (an HR assignment, or a sanction's
 * reassignment): the officer held this post before and left it less than
 * TENURE_CONTINUES_WITHIN_MONTHS before `effectiveOn`. Null when the move starts a fresh tenure (or
 * the post has no rotation clock). The rotation is then due at that earlier start plus the post's
 * period; a deferral granted during the earlier holding is not carried over (it was approved for a
 * holding that ended), a new one can be recorded. The event of the move carries the answer
 * (`tenureSince`), so the read models repeat no rule.
 */
export function continuedTenureSince(officer: Officer, post: PostSnapshot, effectiveOn: CalendarDate): CalendarDate | null {
  if (!post.sensitive || !post.rotationPeriodMonths) return null;
  const earlier = officer.postHistory.findLast((entry) => entry.postId === post.postId && entry.to !== null);
  if (!earlier?.to) return null;
  if (compareDates(effectiveOn, addMonths(earlier.to, TENURE_CONTINUES_WITHIN_MONTHS)) >= 0) return null;
  return earlier.tenureSince;
}

/**
 * The start of the officer's tenure on the post they hold, as the rotation clock counts it: the
 * holding's start or, where it was a return within TENURE_CONTINUES_WITHIN_MONTHS of leaving the
 * same post (again and again, maybe), the start of the earliest holding so continued. Used when a
 * post the officer holds becomes sensitive (or changes its period): the clock counts the years on the
 * post from when the officer took it, whether or not the post was sensitive then, so that the
 * long-serving holders the rotation is for get no fresh clock. Null when the officer holds no post.
 */
export function tenureOnHeldPost(officer: Officer): CalendarDate | null {
  const history = officer.postHistory;
  const current = history[history.length - 1];
  if (!current || current.to !== null || officer.post?.post.postId !== current.postId) return null;
  let tenure = current;
  let since = current.tenureSince;
  for (let i = history.length - 2; i >= 0; i--) {
    const earlier = history[i]!;
    if (earlier.postId !== current.postId || earlier.to === null) continue;
    // The holding before `tenure` on this post: it continues only if left less than the window before.
    if (compareDates(tenure.from, addMonths(earlier.to, TENURE_CONTINUES_WITHIN_MONTHS)) >= 0) break;
    tenure = earlier;
    if (compareDates(earlier.tenureSince, since) < 0) since = earlier.tenureSince;
  }
  return since;
}
