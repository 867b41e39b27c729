import type { PostSnapshot } from '../../officer/events.js';
import type { OfficerFacts } from '../../officer/state.js';
import { refuse } from '../../rules.js';
import { compareDates, type CalendarDate } from '../../shared/calendar.js';
import { SEPARATING_KINDS, type SanctionKind } from '../../shared/codes.js';
import { notBefore } from '../../shared/date-rules.js';
import { POST_ENDING_KINDS } from '../sanction-policy.js';

// A sanction imposed and a replacement decided on review or appeal both take effect on the officer:
// whether that effect is possible on the officer's record is one rule, checked here for both, so
// the two deciders cannot drift apart.

/** A sanction's effect on the officer, as a decision asks for it. */
export interface SanctionEffect {
  officerId: string;
  kind: SanctionKind;
  /** The field the day of the effect came from (`effectiveOn`, or `decidedOn` for a replacement), for the refusal. */
  dateField: string;
  /** The day it takes effect. */
  on: CalendarDate;
  untilOn?: CalendarDate | null | undefined;
  toPostId?: string | null | undefined;
  /** Looked up: the post named by `toPostId`, or null when not defined. */
  toPost: PostSnapshot | null;
  /**
   * A replacement decided on review or appeal: the sanction it replaces. A dismissal or expulsion by
   * that very sanction is lifted by the decision before the replacement takes effect.
   */
  replaces?: string;
}

/**
 * Refuses an effect the officer's record cannot take: anything but a judicial referral once the
 * officer has left service (by another sanction than the one a replacement replaces); a
 * reassignment to an unknown or enforcement
 * post, or onto the post held (it would only restart its rotation clock); a loss of qualification
 * of someone not qualified, or dated before the qualification held was granted; a move off the
 * post dated before the officer's latest change of post (it would rewrite post history); an end
 * not after the start. `officer` null: not looked up (only the post and dates are checked).
 */
export function requireEffectPossible(effect: SanctionEffect, officer: OfficerFacts | null): void {
  const { officerId, kind, dateField, on, untilOn, toPostId, toPost, replaces } = effect;
  // A training nobody could complete, a move or an expulsion of someone no longer in service.
  if (officer && !officer.inService && kind !== 'judicial_referral' && (replaces === undefined || officer.separatedBy !== replaces)) {
    throw refuse('officer_separated', `Officer ${officerId} left service on ${officer.separatedOn ?? '(unknown)'}; only a judicial referral can follow.`);
  }
  const movesTo = kind === 'reassignment' && toPostId ? toPostId : null;
  if (movesTo) {
    if (!toPost) throw refuse('unknown_post', `Post ${movesTo} is not defined.`);
    if (toPost.enforcement) throw refuse('reassignment_to_enforcement_post', `Post ${toPost.postId} is an enforcement post.`);
  }
  if (officer) {
    // The dates first: before the latest change of post, the post and qualification held now say
    // nothing of the officer on that day.
    // An off-post training takes the officer off the post held: not from before they took it either.
    if (POST_ENDING_KINDS.includes(kind) || kind === 'off_post_training') {
      notBefore(dateField, on, `officer ${officerId}'s latest change of post (taking or leaving one) on`, officer.postSince);
    }
    // Nor does service end before a training still in progress began (the latest of them): it could never be completed.
    if (SEPARATING_KINDS.includes(kind)) {
      notBefore(dateField, on, `the start of officer ${officerId}'s off-post training in progress on`, officer.trainingSince);
    }
    if (kind === 'qualification_revoked') {
      notBefore(dateField, on, `the grant of officer ${officerId}'s qualification on`, officer.qualifiedOn);
      if (!officer.qualified) throw refuse('qualification_not_held', `Officer ${officerId}.`);
    }
    if (movesTo && officer.postId === movesTo) throw refuse('already_on_post', `Officer ${officerId} holds post ${movesTo}.`);
  }
  if (untilOn && compareDates(untilOn, on) <= 0) {
    throw refuse('date_out_of_order', `untilOn ${untilOn} must be after ${dateField} ${on}.`);
  }
}
