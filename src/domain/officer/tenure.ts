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
