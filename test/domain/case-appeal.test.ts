import t from 'tap';
import { DecideAppealInput } from '../../src/domain/case/commands.js';
import type { DecideAppeal } from '../../src/domain/case/decide.js';
import type { CaseFile } from '../../src/domain/case/state.js';
import { caseDecider } from '../../src/domain/deciders.js';
import type { PostSnapshot } from '../../src/domain/officer/events.js';
import type { OfficerFacts } from '../../src/domain/officer/state.js';
import { at, inspector } from '../fixtures/domain-context.js';
import {
  CASE_ID, accountabilityFlags, appealDecided, appealFiled, caseClosed, caseReported, findingRecorded, posts, sanctionImposed,
  verificationAssigned,
} from '../fixtures/domain-events.js';
import { specification } from '../fixtures/specification.js';

const given = specification(caseDecider, () => at('2021-06-15T10:00'));
// Off-post training from 2 June 2021: a review may be filed until 2 July.
const sanctioned = [caseReported(), verificationAssigned(), findingRecorded({ severity: 'serious' }), ...accountabilityFlags(), sanctionImposed()];
const underReview = [...sanctioned, appealFiled()];
const reviewUpheld = [...underReview, appealDecided({ decidedOn: '2021-06-08' })];

const file = (stage: 'review' | 'appeal', filedOn: string, sanctionId = 'S-1') =>
  ({ type: 'FileAppeal' as const, caseId: CASE_ID, appealId: 'A-9', input: { sanctionId, stage, filedOn }, unitHeads: {} });
const decide = (
  body: Parameters<typeof DecideAppealInput.parse>[0], appealId = 'A-1', toPost: PostSnapshot | null = null, officer: OfficerFacts | null = null,
): DecideAppeal => ({ type: 'DecideAppeal', caseId: CASE_ID, appealId, input: DecideAppealInput.parse(body), toPost, officer, unitHeads: {} });

t.test('a review is filed within 30 days of the sanction\'s effective date', async (t) => {
  given(sanctioned).when(file('review', '2021-06-05'))
    .then(t, [{ type: 'AppealFiled', data: { caseId: CASE_ID, appealId: 'A-9', sanctionId: 'S-1', stage: 'review', filedOn: '2021-06-05' } }]);
  given(sanctioned).when(file('review', '2021-07-02'), at('2021-07-10T09:00')).thenMatches(t, [{ type: 'AppealFiled' }], 'the 30th day');
  given(sanctioned).when(file('review', '2021-07-03'), at('2021-07-10T09:00')).thenRefuses(t, 'review_deadline_passed');
  given(sanctioned).when(file('review', '2021-06-01')).thenRefuses(t, 'date_out_of_order', 'not before the sanction took effect');
  given(sanctioned).when(file('review', '2021-06-16')).thenRefuses(t, 'date_in_future');
  given(sanctioned).when(file('review', '2021-06-05', 'S-404')).thenRefuses(t, 'unknown_sanction');
  given(sanctioned).when(file('review', '2021-06-05'), { actor: { ...inspector, officerId: 'O-ZHANG' } }).thenForbidden(t, 'actor_is_subject');
  given([]).when(file('review', '2021-06-05')).thenNotFound(t, 'case');
});

t.test('an appeal only after a decided review, within 15 days of its decision', async (t) => {
  given(sanctioned).when(file('appeal', '2021-06-05')).thenRefuses(t, 'review_not_decided', 'no review yet');
  given(reviewUpheld).when(file('appeal', '2021-06-10'))
    .then(t, [{ type: 'AppealFiled', data: { caseId: CASE_ID, appealId: 'A-9', sanctionId: 'S-1', stage: 'appeal', filedOn: '2021-06-10' } }]);
  given(reviewUpheld).when(file('appeal', '2021-06-23'), at('2021-06-30T09:00')).thenMatches(t, [{ type: 'AppealFiled' }], 'the 15th day');
  given(reviewUpheld).when(file('appeal', '2021-06-24'), at('2021-06-30T09:00')).thenRefuses(t, 'appeal_deadline_passed');
  given(reviewUpheld).when(file('appeal', '2021-06-07')).thenRefuses(t, 'date_out_of_order', 'not before the review decision');
  const appealed = [...reviewUpheld, appealFiled({ appealId: 'A-2', stage: 'appeal', filedOn: '2021-06-10' }), appealDecided({ appealId: 'A-2', decidedOn: '2021-06-12' })];
  given(appealed).when(file('appeal', '2021-06-13')).thenRefuses(t, 'appeal_already_filed');
  given(appealed).when(file('review', '2021-06-13')).thenRefuses(t, 'review_already_filed');
});

t.test('a backdated sanction or review decision leaves the whole window, counted from the day it was recorded', async (t) => {
  // Effective 2 June, but recorded only on 10 July: the review window runs to 9 August.
  const backdated = [caseReported(), verificationAssigned(), findingRecorded({ severity: 'serious' }), sanctionImposed({ recordedOn: '2021-07-10' })];
  given(backdated).when(file('review', '2021-07-11'), at('2021-07-11T09:00')).thenMatches(t, [{ type: 'AppealFiled' }], 'the day after it was recorded');
  given(backdated).when(file('review', '2021-08-09'), at('2021-08-09T09:00')).thenMatches(t, [{ type: 'AppealFiled' }], 'the 30th day after the record');
  given(backdated).when(file('review', '2021-08-10'), at('2021-08-10T09:00')).thenRefuses(t, 'review_deadline_passed', 'the 31st is too late');
  given(backdated).when(file('review', '2021-06-01'), at('2021-07-11T09:00')).thenRefuses(t, 'date_out_of_order', 'still not before it took effect');
  given(sanctioned).when(file('review', '2021-07-03'), at('2021-07-10T09:00')).thenRefuses(t, 'review_deadline_passed',
    'a sanction recorded before this was kept (recordedOn null) counts from its effective date');
  // A review decided on 8 June, recorded on 1 July: the appeal window runs to 16 July.
  const lateDecision = [...underReview, appealDecided({ decidedOn: '2021-06-08', recordedOn: '2021-07-01' })];
  given(lateDecision).when(file('appeal', '2021-07-02'), at('2021-07-02T09:00')).thenMatches(t, [{ type: 'AppealFiled' }], 'the day after the decision was recorded');
  given(lateDecision).when(file('appeal', '2021-07-16'), at('2021-07-16T09:00')).thenMatches(t, [{ type: 'AppealFiled' }], 'the 15th day after the record');
  given(lateDecision).when(file('appeal', '2021-07-17'), at('2021-07-17T09:00')).thenRefuses(t, 'appeal_deadline_passed');
  // What the deciders write down.
  given(underReview).when(decide({ outcome: 'upheld', decidedOn: '2021-06-08' }), at('2021-07-01T09:00'))
    .thenMatches(t, [{ data: { decidedOn: '2021-06-08', recordedOn: '2021-07-01' } }], 'a decision carries the day it was recorded');
  const state = given(underReview).when(decide({ outcome: 'upheld', decidedOn: '2021-06-08' }), at('2021-07-01T09:00')).stateAfter() as CaseFile;
  t.match(state.appeals['A-1']?.decision, { decidedOn: '2021-06-08', recordedOn: '2021-07-01' });
});

t.test('a replacement that ends the officer\'s post is not dated before that post began', async (t) => {
  // Loss of qualification (off the patrol post); HR then put the officer on the archive post from 7 June.
  const revoked = [caseReported(), verificationAssigned(), findingRecorded({ severity: 'serious' }), sanctionImposed({ kind: 'qualification_revoked', untilOn: null }), appealFiled()];
  const dismissed = [caseReported(), verificationAssigned(), findingRecorded({ severity: 'serious' }), sanctionImposed({ kind: 'dismissal', untilOn: null }), appealFiled()];
  const onArchive: OfficerFacts = {
    officerId: 'O-ZHANG', unitId: 'U-OFFICE', units: [{ from: '2015-07-01', unitId: 'U-BRIGADE' }, { from: '2021-06-07', unitId: 'U-OFFICE' }], hiredOn: '2015-07-01', inService: true, qualified: false, qualifiedOn: null, postId: 'P-ARCHIVE', postSince: '2021-06-07', separatedOn: null, separatedBy: null, trainingSince: null,
  };
  const toArchive = { outcome: 'reduced' as const, decidedOn: '2021-06-06', replacementKind: 'reassignment' as const, toPostId: 'P-ARCHIVE' };
  given(revoked).when(decide(toArchive, 'A-1', posts.archive, onArchive)).thenRefuses(t, 'date_out_of_order', 'a reassignment before the current post began');
  given(dismissed).when(decide({ ...toArchive, replacementKind: 'qualification_revoked', toPostId: null }, 'A-1', null, onArchive))
    .thenRefuses(t, 'date_out_of_order', 'nor a loss of qualification');
  given(revoked).when(decide({ ...toArchive, decidedOn: '2021-06-07', toPostId: 'P-PROCURE' }, 'A-1', posts.procurement, onArchive))
    .thenMatches(t, [{ data: { replacementKind: 'reassignment' } }], 'from the day it began');
  given(revoked).when(decide({ outcome: 'reduced', decidedOn: '2021-06-06', replacementKind: 'criticism_education' }, 'A-1', null, onArchive))
    .thenMatches(t, [{ data: { replacementKind: 'criticism_education' } }], 'a replacement that moves nobody');
});

t.test('a replacement loss of qualification is not dated before the qualification held was granted', async (t) => {
  // A judicial referral leaves the officer in service; HR renewed the certificate on 10 June, while it was under review.
  const referred = [caseReported(), verificationAssigned(), findingRecorded({ severity: 'criminal' }), sanctionImposed({ kind: 'judicial_referral', untilOn: null }), appealFiled()];
  const renewed: OfficerFacts = {
    officerId: 'O-ZHANG', unitId: 'U-BRIGADE', units: [{ from: '2015-07-01', unitId: 'U-BRIGADE' }], hiredOn: '2015-07-01', inService: true, qualified: true, qualifiedOn: '2021-06-10', postId: 'P-PATROL', postSince: '2016-01-04', separatedOn: null, separatedBy: null, trainingSince: null,
  };
  const revoke = (decidedOn: string) => decide({ outcome: 'reduced', decidedOn, replacementKind: 'qualification_revoked' }, 'A-1', null, renewed);
  given(referred).when(revoke('2021-06-08'), at('2021-06-15T09:00')).thenRefuses(t, 'date_out_of_order', 'it would revoke, on 8 June, the certificate granted on 10 June');
  given(referred).when(revoke('2021-06-10'), at('2021-06-15T09:00')).thenMatches(t, [{ data: { replacementKind: 'qualification_revoked' } }], 'from the day of the grant');
});

t.test('an id every object inherits names no sanction and no appeal', async (t) => {
  for (const id of ['constructor', 'toString', 'hasOwnProperty']) {
    given(sanctioned).when(file('review', '2021-06-05', id)).thenRefuses(t, 'unknown_sanction', `sanction ${id}`);
    given(underReview).when(decide({ outcome: 'annulled', decidedOn: '2021-06-08' }, id)).thenNotFound(t, 'appeal', `appeal ${id}`);
  }
});

t.test('the officer a sanction names neither records nor decides its appeal, subject or not', async (t) => {
  const head = { ...inspector, officerId: 'O-HEAD' };
  const asHead = [...sanctioned, sanctionImposed({ sanctionId: 'S-H', officerId: 'O-HEAD', kind: 'criticism_education', capacity: 'unit_head', untilOn: null })];
  given(asHead).when(file('review', '2021-06-05', 'S-H'), { actor: head }).thenForbidden(t, 'actor_is_subject', 'the head sanctioned does not file');
  given(asHead).when(file('review', '2021-06-05', 'S-1'), { actor: head })
    .thenForbidden(t, 'actor_is_subject', 'nor another sanction of the case: a case that sanctions them is not theirs to handle');
  given(asHead).when(file('review', '2021-06-05', 'S-1'), { actor: { ...inspector, officerId: 'O-OTHER' } }).thenMatches(t, [{ type: 'AppealFiled' }], 'another inspector files it');
  const headUnderReview = [...asHead, appealFiled({ appealId: 'A-H', sanctionId: 'S-H' })];
  given(headUnderReview).when(decide({ outcome: 'annulled', decidedOn: '2021-06-08' }, 'A-H'), { actor: head })
    .thenForbidden(t, 'actor_is_subject', 'nor annuls their own sanction');
  given(headUnderReview).when(decide({ outcome: 'annulled', decidedOn: '2021-06-08' }, 'A-H')).thenMatches(t, [{ type: 'AppealDecided' }], 'another inspector decides');
});

t.test('one open appeal per sanction', async (t) => {
  given(underReview).when(file('review', '2021-06-06')).thenRefuses(t, 'appeal_already_open');
  given(underReview).when(file('appeal', '2021-06-06')).thenRefuses(t, 'appeal_already_open');
  given(reviewUpheld).when(file('review', '2021-06-09')).thenRefuses(t, 'review_already_filed', 'a decided review is not filed again');
  const two = [...underReview, sanctionImposed({ sanctionId: 'S-2', kind: 'criticism_education', untilOn: null })];
  given(two).when(file('review', '2021-06-06', 'S-2')).thenMatches(t, [{ data: { sanctionId: 'S-2' } }], 'another sanction may be under review');
});

t.test('the sanction stays in force while under review or appeal', async (t) => {
  const state = given(sanctioned).when(file('review', '2021-06-05')).stateAfter() as CaseFile;
  t.match(state.sanctions['S-1'], { kind: 'off_post_training', status: 'in_force' });
  t.match(state.appeals['A-9'], { stage: 'review', decision: null });
});

t.test('a closed case still takes appeals on its sanctions', async (t) => {
  const closed = [...sanctioned, caseClosed('2021-06-04')];
  given(closed).when(file('review', '2021-06-05')).thenMatches(t, [{ type: 'AppealFiled' }]);
  given([...closed, appealFiled()]).when(decide({ outcome: 'upheld', decidedOn: '2021-06-08' })).thenMatches(t, [{ type: 'AppealDecided' }]);
});

t.test('deciding: upheld, reduced to a lighter kind, or annulled; never harsher', async (t) => {
  given(underReview).when(decide({ outcome: 'upheld', decidedOn: '2021-06-08' })).then(t, [{
    type: 'AppealDecided',
    data: {
      caseId: CASE_ID, appealId: 'A-1', sanctionId: 'S-1', outcome: 'upheld', decidedOn: '2021-06-08', replacementKind: null, toPostId: null, untilOn: null,
      recordedOn: '2021-06-15',
    },
  }]);
  const reduced = given(underReview).when(decide({ outcome: 'reduced', decidedOn: '2021-06-08', replacementKind: 'criticism_education' }));
  reduced.thenMatches(t, [{ data: { outcome: 'reduced', replacementKind: 'criticism_education' } }]);
  t.match((reduced.stateAfter() as CaseFile).sanctions['S-1'], { imposedKind: 'off_post_training', kind: 'criticism_education', status: 'in_force', revisions: [{ appealId: 'A-1' }] });
  const annulled = given(underReview).when(decide({ outcome: 'annulled', decidedOn: '2021-06-08' }));
  t.match((annulled.stateAfter() as CaseFile).sanctions['S-1'], { status: 'annulled' });

  given(underReview).when(decide({ outcome: 'reduced', decidedOn: '2021-06-08', replacementKind: 'off_post_training', untilOn: '2021-06-30' }))
    .thenRefuses(t, 'appeal_decision_not_lighter', 'the same kind is not a reduction');
  given(underReview).when(decide({ outcome: 'reduced', decidedOn: '2021-06-08', replacementKind: 'dismissal' }))
    .thenRefuses(t, 'appeal_decision_not_lighter', 'never harsher');
  // Loss of qualification, reduced on review to a reassignment, now under appeal.
  const reducedOnce = [
    caseReported(), verificationAssigned(), findingRecorded({ severity: 'serious' }), sanctionImposed({ kind: 'qualification_revoked', untilOn: null }),
    appealFiled(), appealDecided({ outcome: 'reduced', replacementKind: 'reassignment', toPostId: 'P-ARCHIVE' }),
    appealFiled({ appealId: 'A-2', stage: 'appeal', filedOn: '2021-06-09' }),
  ];
  given(reducedOnce).when(decide({ outcome: 'reduced', decidedOn: '2021-06-10', replacementKind: 'off_post_training', untilOn: '2021-07-10' }, 'A-2'))
    .thenMatches(t, [{ data: { replacementKind: 'off_post_training' } }], 'a second reduction is measured against the kind in force');
  given(reducedOnce).when(decide({ outcome: 'reduced', decidedOn: '2021-06-10', replacementKind: 'reassignment', toPostId: 'P-ARCHIVE' }, 'A-2', posts.archive))
    .thenRefuses(t, 'appeal_decision_not_lighter', 'not lighter than the reassignment now in force');
});

t.test('replacement parameters', async (t) => {
  const dismissal = [caseReported(), verificationAssigned(), findingRecorded({ severity: 'serious' }), sanctionImposed({ kind: 'dismissal', untilOn: null }), appealFiled()];
  const toArchive = { outcome: 'reduced' as const, decidedOn: '2021-06-08', replacementKind: 'reassignment' as const, toPostId: 'P-ARCHIVE' };
  given(dismissal).when(decide(toArchive, 'A-1', posts.archive)).thenMatches(t, [{ data: { replacementKind: 'reassignment', toPostId: 'P-ARCHIVE' } }]);
  given(dismissal).when(decide(toArchive, 'A-1', null)).thenRefuses(t, 'unknown_post');
  given(dismissal).when(decide({ ...toArchive, toPostId: 'P-FINES' }, 'A-1', posts.fines)).thenRefuses(t, 'reassignment_to_enforcement_post');
  const toTraining = { outcome: 'reduced' as const, decidedOn: '2021-06-08', replacementKind: 'off_post_training' as const, untilOn: '2021-06-08' };
  given(dismissal).when(decide(toTraining)).thenRefuses(t, 'date_out_of_order', 'a replacement training ends after the decision');
  given(dismissal).when(decide({ ...toTraining, untilOn: '2021-07-08' })).thenMatches(t, [{ data: { untilOn: '2021-07-08' } }]);
  // API.md's decision body names only the replacement kind: neither a post nor an end is needed.
  given(dismissal).when(decide({ outcome: 'reduced', decidedOn: '2021-06-08', replacementKind: 'reassignment' }))
    .thenMatches(t, [{ data: { replacementKind: 'reassignment', toPostId: null } }], 'a reassignment naming no post');
  given(dismissal).when(decide({ outcome: 'reduced', decidedOn: '2021-06-08', replacementKind: 'off_post_training' }))
    .thenMatches(t, [{ data: { replacementKind: 'off_post_training', untilOn: null } }], 'a training with its end open');
});

t.test('a decision is made once, after the filing, by someone not concerned', async (t) => {
  given(reviewUpheld).when(decide({ outcome: 'annulled', decidedOn: '2021-06-09' })).thenRefuses(t, 'appeal_already_decided');
  given(underReview).when(decide({ outcome: 'upheld', decidedOn: '2021-06-04' })).thenRefuses(t, 'date_out_of_order');
  given(underReview).when(decide({ outcome: 'upheld', decidedOn: '2021-06-16' })).thenRefuses(t, 'date_in_future');
  given(underReview).when(decide({ outcome: 'upheld', decidedOn: '2021-06-08' }, 'A-404')).thenNotFound(t, 'appeal');
  given([]).when(decide({ outcome: 'upheld', decidedOn: '2021-06-08' })).thenNotFound(t, 'case');
  given(underReview).when(decide({ outcome: 'upheld', decidedOn: '2021-06-08' }), { actor: { ...inspector, officerId: 'O-ZHANG' } })
    .thenForbidden(t, 'actor_is_subject');
  given([...reviewUpheld.slice(0, -2), sanctionImposed(), appealFiled(), appealDecided({ outcome: 'annulled' })]).when(file('appeal', '2021-06-10'))
    .thenRefuses(t, 'sanction_not_in_force', 'nothing left to appeal once annulled');
});

t.test('the decision body (a 400 from the schema)', async (t) => {
  const paths = (body: unknown) => DecideAppealInput.safeParse(body).error?.issues.map((i) => i.path.join('.')) ?? [];
  t.same(paths({ outcome: 'reduced', decidedOn: '2021-06-08' }), ['replacementKind'], 'a reduction names its replacement');
  t.same(paths({ outcome: 'upheld', decidedOn: '2021-06-08', replacementKind: 'criticism_education' }), ['replacementKind']);
  t.same(paths({ outcome: 'reduced', decidedOn: '2021-06-08', replacementKind: 'reassignment' }), [], 'a replacement reassignment as API.md gives it: no post');
  t.same(paths({ outcome: 'reduced', decidedOn: '2021-06-08', replacementKind: 'off_post_training' }), [], 'a replacement training as API.md gives it: no end');
  t.same(paths({ outcome: 'reduced', decidedOn: '2021-06-08', replacementKind: 'criticism_education', toPostId: 'P-ARCHIVE' }), ['toPostId'], 'a post only for a reassignment');
  t.same(paths({ outcome: 'harsher', decidedOn: '2021-06-08' }), ['outcome']);
});

t.test('a replacement needs an officer it can take effect on, as the sanction it replaces did', async (t) => {
  // A loss of qualification, or a dismissal, of an officer who holds the archive post (off enforcement).
  const revoked = [caseReported(), verificationAssigned(), findingRecorded({ severity: 'serious' }), sanctionImposed({ kind: 'qualification_revoked', untilOn: null }), appealFiled()];
  const dismissed = [caseReported(), verificationAssigned(), findingRecorded({ severity: 'serious' }), sanctionImposed({ kind: 'dismissal', untilOn: null }), appealFiled()];
  const onArchive: OfficerFacts = {
    officerId: 'O-ZHANG', unitId: 'U-OFFICE', units: [{ from: '2015-07-01', unitId: 'U-OFFICE' }], hiredOn: '2015-07-01', inService: true,
    qualified: true, qualifiedOn: '2015-09-01', postId: 'P-ARCHIVE', postSince: '2016-01-04', separatedOn: null, separatedBy: null, trainingSince: null,
  };
  const toArchive = { outcome: 'reduced' as const, decidedOn: '2021-06-08', replacementKind: 'reassignment' as const, toPostId: 'P-ARCHIVE' };
  given(revoked).when(decide(toArchive, 'A-1', posts.archive, onArchive))
    .thenRefuses(t, 'already_on_post', 'a reassignment onto the post the officer holds moves nobody (and would restart its rotation clock)');
  given(revoked).when(decide(toArchive, 'A-1', posts.archive, { ...onArchive, postId: 'P-PATROL', unitId: 'U-BRIGADE' }))
    .thenMatches(t, [{ data: { replacementKind: 'reassignment', toPostId: 'P-ARCHIVE' } }], 'onto another post');
  const toRevocation = { outcome: 'reduced' as const, decidedOn: '2021-06-08', replacementKind: 'qualification_revoked' as const };
  given(dismissed).when(decide(toRevocation, 'A-1', null, { ...onArchive, qualified: false, qualifiedOn: null }))
    .thenRefuses(t, 'qualification_not_held', 'no qualification to revoke (and no bar on a new one to start)');
  given(dismissed).when(decide(toRevocation, 'A-1', null, onArchive))
    .thenMatches(t, [{ data: { replacementKind: 'qualification_revoked' } }], 'a qualification held can be revoked instead');
});
