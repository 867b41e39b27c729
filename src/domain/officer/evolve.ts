import type { EventOfType, StoredDomainEvent } from '../event-catalogue.js';
import { addMonths, compareDates, type CalendarDate } from '../shared/calendar.js';
import { SEPARATING_KINDS } from '../shared/codes.js';
import type { PostSnapshot } from './events.js';
import type { Officer, OfficerSanction, OfficerState, PostHolding, RotationClock } from './state.js';
import { own } from '../shared/own.js';
import { takesOutOfForce } from '../shared/appeal-outcome.js';

export type OfficerEvent = EventOfType<
  | 'OfficerRegistered' | 'QualificationGranted' | 'OfficerAssigned' | 'RotationDeferred' | 'WarningEducationAttended'
  | 'SanctionTookEffect' | 'OffPostTrainingCompleted' | 'SanctionRevised' | 'OfficerRecordCorrected' | 'HeldPostChanged'
>;

export function evolveOfficer(state: OfficerState, event: StoredDomainEvent<OfficerEvent>): OfficerState {
  if (event.type === 'OfficerRegistered') {
    const { officerId, name, unitId, hiredOn } = event.data;
    return {
      exists: true, officerId, name, unitId, registeredUnitId: unitId, unitFromPost: false, hiredOn,
      registrationEventId: event.id ?? null, inService: true, separation: null, qualification: null, firstQualifiedOn: null,
      post: null, rotation: null, postHistory: [], warningEducation: [], sanctions: {}, appliedRevisions: [],
      corrections: [],
    };
  }
  if (!state.exists) return state;
  switch (event.type) {
    case 'QualificationGranted': {
      const { certificateNo, grantedOn } = event.data;
      const first = state.firstQualifiedOn;
      // A grant while qualified renews the holding; after a revocation (or before any grant), a new holding begins.
      const heldSince = state.qualification?.heldSince ?? grantedOn;
      return { ...state, qualification: { certificateNo, grantedOn, heldSince }, firstQualifiedOn: first !== null && compareDates(first, grantedOn) <= 0 ? first : grantedOn };
    }
    case 'OfficerAssigned':
      return takePost(state, event.data.post, event.data.effectiveOn, event.data.reason, event.data.tenureSince ?? null);
    case 'RotationDeferred': {
      const { rotation } = state;
      if (!rotation || rotation.postId !== event.data.postId) return state;
      const { until, reason, approvedBy } = event.data;
      return { ...state, rotation: { ...rotation, dueOn: until, deferrals: [...rotation.deferrals, { until, reason, approvedBy }] } };
    }
    case 'WarningEducationAttended':
      return { ...state, warningEducation: [...state.warningEducation, { attendedOn: event.data.attendedOn, topic: event.data.topic }] };
    case 'SanctionTookEffect': {
      const { sanctionId, caseId, kind, capacity, effectiveOn, untilOn, toPost, tenureSince } = event.data;
      if (own(state.sanctions, sanctionId)) return state;
      const sanction: OfficerSanction = {
        sanctionId, caseId, kind, capacity, effectiveOn, imposedOn: effectiveOn, untilOn, status: 'in_force', completedOn: null, revokedQualification: null,
      };
      return applyEffect(state, sanction, toPost, tenureSince ?? null);
    }
    case 'OffPostTrainingCompleted': {
      const sanction = own(state.sanctions, event.data.sanctionId);
      if (!sanction) return state;
      return withSanction(state, { ...sanction, status: 'completed', completedOn: event.data.completedOn });
    }
    case 'SanctionRevised': {
      const { appealId, sanctionId, outcome, replacementKind, decidedOn, untilOn, toPost, tenureSince } = event.data;
      if (state.appliedRevisions.includes(appealId)) return state;
      const applied = { ...state, appliedRevisions: [...state.appliedRevisions, appealId] };
      const sanction = own(applied.sanctions, sanctionId);
      if (!sanction) return applied;
      const lifted = liftEffect(applied, sanction);
      if (!replacementKind || takesOutOfForce(outcome, replacementKind)) {
        return withSanction(lifted, { ...sanction, status: 'annulled' });
      }
      const replacement: OfficerSanction = {
        ...sanction, kind: replacementKind, effectiveOn: decidedOn, untilOn, status: 'in_force', completedOn: null, revokedQualification: null,
      };
      return applyEffect(lifted, replacement, toPost, tenureSince ?? null);
    }
    case 'HeldPostChanged':
      return changeHeldPost(state, event.data.post, event.data.tenureSince);
    case 'OfficerRecordCorrected': {
      const { changes, correctsEventId, reason } = event.data;
      const registeredUnitId = changes.unitId ?? state.registeredUnitId;
      return {
        ...state,
        name: changes.name ?? state.name,
        hiredOn: changes.hiredOn ?? state.hiredOn,
        registeredUnitId,
        unitId: state.unitFromPost ? state.unitId : registeredUnitId,
        corrections: [...state.corrections, { correctsEventId, reason }],
      };
    }
  }
}

function withSanction(officer: Officer, sanction: OfficerSanction): Officer {
  return { ...officer, sanctions: { ...officer.sanctions, [sanction.sanctionId]: sanction } };
}

/** Leaving a post closes its history entry and stops its rotation clock. */
function leavePost(officer: Officer, on: CalendarDate): Officer {
  if (!officer.post) return officer;
  const postHistory = officer.postHistory.map((entry, i) =>
    i === officer.postHistory.length - 1 && entry.to === null ? { ...entry, to: on } : entry,
  );
  return { ...officer, post: null, rotation: null, postHistory };
}

/**
 * Taking a post ends the previous one; a sensitive post starts a rotation clock, from `since` or,
 * on a return the decision found to continue an earlier tenure, from that tenure's start.
 */
function takePost(
  officer: Officer, post: PostSnapshot, since: CalendarDate, reason: PostHolding['reason'], continuedTenureSince: CalendarDate | null = null,
): Officer {
  const left = leavePost(officer, since);
  const tenureSince = continuedTenureSince ?? since;
  const rotation = post.sensitive && post.rotationPeriodMonths
    ? { postId: post.postId, since: tenureSince, periodMonths: post.rotationPeriodMonths, dueOn: rotationDueOn(tenureSince, post.rotationPeriodMonths), deferrals: [] }
    : null;
  return {
    ...left,
    unitId: post.unitId,
    unitFromPost: true,
    post: { post, since, reason },
    rotation,
    postHistory: [...left.postHistory, { postId: post.postId, unitId: post.unitId, title: post.title, from: since, to: null, reason, tenureSince }],
  };
}

/**
 * The post held was changed: the holding keeps its start and takes the post as changed, and its
 * history entry the new title. A post sensitive after the change has a clock from `tenureSince` (the
 * decision's answer: the start of the tenure on the post), due after the post's period from then;
 * deferrals approved for this holding stay while they still defer (later than the new due date, and
 * not beyond twice the new period from the tenure's start, as a deferral may be), the others lapse
 * (HR may approve another). A post no longer sensitive stops the clock. A change of the title alone
 * leaves the clock as it is.
 */
function changeHeldPost(officer: Officer, post: PostSnapshot, tenureSince: CalendarDate | null): Officer {
  const holding = officer.post;
  if (!holding || holding.post.postId !== post.postId) return officer;
  const clock = officer.rotation?.postId === post.postId ? officer.rotation : null;
  const periodMonths = post.sensitive ? post.rotationPeriodMonths : null;
  const since = tenureSince ?? clock?.since ?? null;
  let rotation: RotationClock | null = null;
  if (periodMonths && since) {
    if (clock && clock.periodMonths === periodMonths && clock.since === since) {
      rotation = clock;
    } else {
      const dueOn = rotationDueOn(since, periodMonths);
      const latest = addMonths(since, 2 * periodMonths);
      const deferrals = (clock?.deferrals ?? []).filter((d) => compareDates(d.until, dueOn) > 0 && compareDates(d.until, latest) <= 0);
      rotation = { postId: post.postId, since, periodMonths, dueOn: deferrals[deferrals.length - 1]?.until ?? dueOn, deferrals };
    }
  }
  const last = officer.postHistory[officer.postHistory.length - 1];
  const postHistory = last && last.to === null && last.postId === post.postId
    ? [...officer.postHistory.slice(0, -1), { ...last, title: post.title, ...(rotation ? { tenureSince: rotation.since } : {}) }]
    : officer.postHistory;
  return { ...officer, post: { ...holding, post }, rotation, postHistory };
}

/** Rotation is due at tenure start plus the post's period (month arithmetic clamps to the month's end). */
export function rotationDueOn(since: CalendarDate, periodMonths: number): CalendarDate {
  return addMonths(since, periodMonths);
}

/** The officer-side effect of a sanction kind, recorded with the sanction. */
function applyEffect(officer: Officer, sanction: OfficerSanction, toPost: PostSnapshot | null, tenureSince: CalendarDate | null): Officer {
  switch (sanction.kind) {
    case 'qualification_revoked': {
      const revoked = withSanction({ ...officer, qualification: null }, { ...sanction, revokedQualification: officer.qualification });
      return revoked.post?.post.enforcement ? leavePost(revoked, sanction.effectiveOn) : revoked;
    }
    case 'reassignment': {
      const recorded = withSanction(officer, sanction);
      if (!officer.inService) return recorded;
      if (toPost) return takePost(recorded, toPost, sanction.effectiveOn, 'sanction', tenureSince);
      // No post named: away from an enforcement post (HR assigns the next one); a post off enforcement is kept.
      return recorded.post?.post.enforcement ? leavePost(recorded, sanction.effectiveOn) : recorded;
    }
    case 'dismissal':
    case 'expulsion': {
      const recorded = withSanction(leavePost(officer, sanction.effectiveOn), sanction);
      if (!officer.inService) return recorded;
      return { ...recorded, inService: false, separation: { kind: sanction.kind, sanctionId: sanction.sanctionId, effectiveOn: sanction.effectiveOn } };
    }
    default:
      // criticism and education, off-post training (in progress until completed), judicial referral.
      return withSanction(officer, sanction);
  }
}

/** Undoes what a reduced or annulled sanction did, as far as it can be undone by the record alone. */
function liftEffect(officer: Officer, sanction: OfficerSanction): Officer {
  if (sanction.kind === 'qualification_revoked' && officer.qualification === null && sanction.revokedQualification) {
    // Restored unless a new qualification was granted since (then that one stands).
    return { ...officer, qualification: sanction.revokedQualification };
  }
  if (SEPARATING_KINDS.includes(sanction.kind) && officer.separation?.sanctionId === sanction.sanctionId) {
    // Reinstated in service; a post is a new assignment by HR.
    return { ...officer, inService: true, separation: null };
  }
  // A reassignment stays where it moved the officer; a training ends with its sanction's status.
  return officer;
}
