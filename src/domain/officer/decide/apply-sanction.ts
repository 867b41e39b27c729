import type { CalendarDate } from '../../shared/calendar.js';
import type { SanctionCapacity, SanctionKind } from '../../shared/codes.js';
import type { PostSnapshot } from '../events.js';
import { evolveOfficer, type OfficerEvent } from '../evolve.js';
import type { Officer, OfficerState } from '../state.js';
import { continuedTenureSince } from '../tenure.js';
import { own } from '../../shared/own.js';

/** A sanction as its case records it, with the posts it names resolved to snapshots. */
export interface SanctionRecord {
  caseId: string;
  sanctionId: string;
  officerId: string;
  /** The kind as imposed (revisions follow in `revisions`). */
  kind: SanctionKind;
  capacity: SanctionCapacity;
  effectiveOn: CalendarDate;
  untilOn: CalendarDate | null;
  toPost: PostSnapshot | null;
  /** Appeal decisions that reduced or annulled it, in the order they were decided. */
  revisions: {
    appealId: string;
    outcome: 'reduced' | 'annulled';
    replacementKind: SanctionKind | null;
    decidedOn: CalendarDate;
    toPost: PostSnapshot | null;
    untilOn: CalendarDate | null;
  }[];
}

export interface ApplySanction {
  type: 'ApplySanction';
  officerId: string;
  sanction: SanctionRecord;
}

/**
 * The officer-side effects of a sanction decided in a case: whatever the officer's stream has not
 * yet applied (the effect itself, then each revision in order). Idempotent: applying a sanction
 * the stream already remembers writes nothing, so a crash between the case append and this one is
 * completed by simply running it again. It never refuses: the case already decided; an officer
 * unknown to the register has nothing to apply.
 */
export function applySanction(command: ApplySanction, state: OfficerState): OfficerEvent[] {
  if (!state.exists) return [];
  const { sanction } = command;
  const events: OfficerEvent[] = [];
  // Each effect is decided on the officer as the effects before it left them (a revision's move
  // continues or not the tenure the first move ended).
  let officer: Officer = state;
  const add = (event: OfficerEvent) => {
    events.push(event);
    const next = evolveOfficer(officer, event);
    if (next.exists) officer = next;
  };
  if (!own(state.sanctions, sanction.sanctionId)) {
    add({
      type: 'SanctionTookEffect',
      data: {
        officerId: state.officerId, caseId: sanction.caseId, sanctionId: sanction.sanctionId, kind: sanction.kind,
        capacity: sanction.capacity, effectiveOn: sanction.effectiveOn, untilOn: sanction.untilOn, toPost: sanction.toPost,
        tenureSince: sanction.kind === 'reassignment' ? tenureContinued(officer, sanction.toPost, sanction.effectiveOn) : null,
      },
    });
  }
  for (const revision of sanction.revisions) {
    if (state.appliedRevisions.includes(revision.appealId)) continue;
    add({
      type: 'SanctionRevised',
      data: {
        officerId: state.officerId, caseId: sanction.caseId, sanctionId: sanction.sanctionId, appealId: revision.appealId,
        outcome: revision.outcome, replacementKind: revision.replacementKind, decidedOn: revision.decidedOn,
        toPost: revision.toPost, untilOn: revision.untilOn,
        tenureSince: revision.replacementKind === 'reassignment' ? tenureContinued(officer, revision.toPost, revision.decidedOn) : null,
      },
    });
  }
  return events;
}

function tenureContinued(officer: Officer, toPost: PostSnapshot | null, on: CalendarDate): CalendarDate | null {
  return toPost && officer.post?.post.postId !== toPost.postId ? continuedTenureSince(officer, toPost, on) : null;
}
