import t from 'tap';
import { officerDecider } from '../../src/domain/deciders.js';
import type { PostSnapshot } from '../../src/domain/officer/events.js';
import type { SanctionRecord } from '../../src/domain/officer/decide/apply-sanction.js';
import type { OfficerEvent } from '../../src/domain/officer/evolve.js';
import { officerFacts, type Officer } from '../../src/domain/officer/state.js';
import { unitHistoryOf, unitOn } from '../../src/domain/officer/unit-on.js';
import { at, hr } from '../fixtures/domain-context.js';
import {
  officerAssigned, officerRegistered, posts, qualificationGranted, sanctionRevised, sanctionTookEffect, warningEducationAttended,
} from '../fixtures/domain-events.js';
import { fold, givenEventId, specification } from '../fixtures/specification.js';

const given = specification(officerDecider, () => at('2021-06-15T10:00', hr));
const registered = [officerRegistered()];
const qualified = [officerRegistered(), qualificationGranted()];
const onPatrol = [...qualified, officerAssigned(posts.patrol, '2016-01-04')];
const onFines = [...qualified, officerAssigned(posts.fines, '2017-03-01')];
const dismissed = [...onPatrol, sanctionTookEffect({ kind: 'dismissal', effectiveOn: '2021-06-10' })];

const officerAfter = (events: readonly OfficerEvent[]): Officer => {
  const state = fold(officerDecider, events);
  if (!state.exists) throw new Error('expected an officer');
  return state;
};

t.test('registering an officer', async (t) => {
  const input = { officerId: 'O-ZHANG', name: '张伟', unitId: 'U-BRIGADE', hiredOn: '2015-07-01' };
  given([]).when({ type: 'RegisterOfficer', input, unitExists: true }).then(t, [{ type: 'OfficerRegistered', data: input }]);
  given(registered).when({ type: 'RegisterOfficer', input, unitExists: true }).thenRefuses(t, 'officer_already_registered');
  given([]).when({ type: 'RegisterOfficer', input, unitExists: false }).thenRefuses(t, 'unknown_unit');
  given([]).when({ type: 'RegisterOfficer', input: { ...input, hiredOn: '2021-06-16' }, unitExists: true }).thenRefuses(t, 'date_in_future');
  given([]).when({ type: 'RegisterOfficer', input: { ...input, hiredOn: '2021-06-15' }, unitExists: true })
    .thenMatches(t, [{ type: 'OfficerRegistered' }], 'today is not the future');
});

t.test('"today" is the bureau\'s date, not the server\'s UTC date', async (t) => {
  const input = { officerId: 'O-ZHANG', name: '张伟', unitId: 'U-BRIGADE', hiredOn: '2021-06-16' };
  // 2021-06-15T17:30Z is already 16 June 01:30 in Shanghai.
  given([]).when({ type: 'RegisterOfficer', input, unitExists: true }, at('2021-06-16T01:30', hr))
    .thenMatches(t, [{ type: 'OfficerRegistered' }]);
  given([]).when({ type: 'RegisterOfficer', input, unitExists: true }, at('2021-06-15T23:59', hr)).thenRefuses(t, 'date_in_future');
});

t.test('granting a qualification', async (t) => {
  const grant = (grantedOn = '2015-09-01', officerId = 'O-ZHANG') =>
    ({ type: 'GrantQualification' as const, officerId, input: { certificateNo: 'HN-2015-0001', grantedOn } });
  given(registered).when(grant()).then(t, [qualificationGranted()]);
  given([]).when(grant()).thenNotFound(t, 'officer');
  given(registered).when(grant('2021-07-01')).thenRefuses(t, 'date_in_future');
  given(registered).when(grant('2015-06-30')).thenRefuses(t, 'date_out_of_order', 'not before hiring');
  const renewed = [...registered, qualificationGranted('O-ZHANG', '2020-01-06', 'HN-2020-0001')];
  given(renewed).when(grant('2016-01-04')).thenRefuses(t, 'date_out_of_order',
    'a renewal replaces the qualification held: it is not dated before that one was granted (the older certificate would stand as the current one)');
  given(renewed).when(grant('2020-01-06')).thenMatches(t, [{ type: 'QualificationGranted' }], 'the same day will do (a certificate number put right)');
  given(dismissed).when(grant('2021-06-12')).thenRefuses(t, 'officer_separated', 'dismissal ends service: no new qualification');
  const revoked = [...onPatrol, sanctionTookEffect({ kind: 'qualification_revoked', effectiveOn: '2021-06-10' })];
  given(revoked).when(grant('2021-06-09')).thenRefuses(t, 'date_out_of_order', 'not before the revocation');
  given(revoked).when(grant('2021-06-14')).thenRefuses(t, 'sanction_bars_qualification', 'not within the bar period of a revocation that stands');
  given(revoked).when(grant('2022-06-10'), at('2022-06-10T09:00', hr))
    .thenMatches(t, [{ type: 'QualificationGranted' }], 'a new qualification once the bar period after the revocation has passed');
});

t.test('assigning a post', async (t) => {
  const assign = (post: PostSnapshot | null, effectiveOn = '2021-06-01', postId = post?.postId ?? 'P-NONE') =>
    ({ type: 'AssignOfficer' as const, officerId: 'O-ZHANG', input: { postId, effectiveOn, reason: 'transfer' as const }, post });

  given(qualified).when(assign(posts.patrol))
    .then(t, [{ type: 'OfficerAssigned', data: { officerId: 'O-ZHANG', post: posts.patrol, effectiveOn: '2021-06-01', reason: 'transfer', previousPostId: null, tenureSince: null } }]);
  given(onPatrol).when(assign(posts.archive)).thenMatches(t, [{ data: { previousPostId: 'P-PATROL' } }], 'names the post it leaves');
  given(registered).when(assign(posts.archive)).thenMatches(t, [{ type: 'OfficerAssigned' }], 'no qualification needed off enforcement');
  given(registered).when(assign(posts.patrol)).thenRefuses(t, 'qualification_required');
  given([]).when(assign(posts.patrol)).thenNotFound(t, 'officer');
  given(qualified).when(assign(null)).thenRefuses(t, 'unknown_post');
  given(onPatrol).when(assign(posts.patrol)).thenRefuses(t, 'already_on_post');
  given(qualified).when(assign(posts.patrol, '2021-06-16')).thenRefuses(t, 'date_in_future');
  given(qualified).when(assign(posts.patrol, '2015-08-01')).thenRefuses(t, 'date_out_of_order', 'not before the qualification');
  given(registered).when(assign(posts.archive, '2015-06-01')).thenRefuses(t, 'date_out_of_order', 'not before hiring');
  given(onPatrol).when(assign(posts.archive, '2015-12-31')).thenRefuses(t, 'date_out_of_order', 'not before the current post began');
  const offPatrol = [...onPatrol, sanctionTookEffect({ kind: 'qualification_revoked', effectiveOn: '2021-06-10' })];
  given(offPatrol).when(assign(posts.archive, '2021-06-01')).thenRefuses(t, 'date_out_of_order', 'without a post, not before the day the last one was left (a sanction ended it)');
  given(offPatrol).when(assign(posts.archive, '2021-06-10')).thenMatches(t, [{ type: 'OfficerAssigned' }], 'the day it was left will do');
  given(dismissed).when(assign(posts.archive, '2021-06-12')).thenRefuses(t, 'officer_separated');
  const training = [...onPatrol, sanctionTookEffect({ kind: 'off_post_training', untilOn: '2021-07-10' })];
  given(training).when(assign(posts.archive, '2021-06-12')).thenRefuses(t, 'off_post_training_in_progress');
  given([...onPatrol, sanctionTookEffect({ kind: 'off_post_training', effectiveOn: '2021-06-10', untilOn: '2021-07-10' })]).when(assign(posts.archive, '2021-06-05'))
    .thenMatches(t, [{ type: 'OfficerAssigned' }], 'a move dated before the training in progress began is recorded, as it is once the training is over');
  const trained = [...training, { type: 'OffPostTrainingCompleted' as const, data: { officerId: 'O-ZHANG', sanctionId: 'S-1', completedOn: '2021-06-14' } }];
  given(trained).when(assign(posts.archive, '2021-06-15')).thenMatches(t, [{ type: 'OfficerAssigned' }], 'after the training completes');
});

t.test('loss of qualification ends the enforcement post and bars new ones until a new qualification after the bar period', async (t) => {
  const revoked = [...onPatrol, sanctionTookEffect({ kind: 'qualification_revoked', effectiveOn: '2021-06-10' })];
  const officer = officerAfter(revoked);
  t.equal(officer.qualification, null);
  t.equal(officer.post, null, 'the enforcement post ended');
  t.match(officer.postHistory, [{ postId: 'P-PATROL', from: '2016-01-04', to: '2021-06-10' }]);
  const assign = { type: 'AssignOfficer' as const, officerId: 'O-ZHANG', input: { postId: 'P-PATROL', effectiveOn: '2021-06-12', reason: 'appointment' as const }, post: posts.patrol };
  given(revoked).when(assign).thenRefuses(t, 'qualification_required');
  // A grant within the bar period is refused now; one recorded before that rule existed does not open enforcement posts.
  given([...revoked, qualificationGranted('O-ZHANG', '2021-06-11', 'HN-2021-0099')]).when(assign)
    .thenRefuses(t, 'sanction_bars_enforcement_post', 'a qualification granted within the bar period does not lift it');
  const regranted = [...revoked, qualificationGranted('O-ZHANG', '2022-06-10', 'HN-2022-0099')];
  given(regranted).when({ ...assign, input: { ...assign.input, effectiveOn: '2022-06-11' } }, at('2022-06-11T09:00', hr))
    .thenMatches(t, [{ type: 'OfficerAssigned' }], 'a new qualification after the bar period opens enforcement posts again');
  const onArchive = [...registered, qualificationGranted(), officerAssigned(posts.archive, '2016-01-04')];
  t.match(officerAfter([...onArchive, sanctionTookEffect({ kind: 'qualification_revoked' })]).post, { post: { postId: 'P-ARCHIVE' } },
    'a non-enforcement post is kept');
});

t.test('rotation: a sensitive post starts a tenure clock, due at tenure start plus the period', async (t) => {
  const officer = officerAfter(onFines);
  t.same(officer.rotation, { postId: 'P-FINES', since: '2017-03-01', periodMonths: 60, dueOn: '2022-03-01', deferrals: [] });
  t.equal(officerAfter(onPatrol).rotation, null, 'no clock on a post that is not sensitive');
  t.equal(officerAfter([...onFines, officerAssigned(posts.patrol, '2021-05-01')]).rotation, null, 'moving off the post ends the clock');
  const rotated = officerAfter([...onFines, officerAssigned(posts.procurement, '2021-05-31')]);
  t.same(rotated.rotation, { postId: 'P-PROCURE', since: '2021-05-31', periodMonths: 36, dueOn: '2024-05-31', deferrals: [] }, 'a new sensitive post, a new clock');
  const leap = officerAfter([...qualified, officerAssigned({ ...posts.fines, rotationPeriodMonths: 12 }, '2020-02-29')]);
  t.equal(leap.rotation?.dueOn, '2021-02-28', 'month arithmetic clamps to the month\'s end');
  t.equal(officerAfter([...onFines, sanctionTookEffect({ kind: 'dismissal' })]).rotation, null, 'dismissal ends the clock');
  t.equal(officerAfter([...onFines, sanctionTookEffect({ kind: 'qualification_revoked' })]).rotation, null, 'losing the enforcement post ends the clock');
});

t.test('deferring a rotation', async (t) => {
  const defer = (until = '2023-03-01', approvedBy = '局长 李明') =>
    ({ type: 'DeferRotation' as const, officerId: 'O-ZHANG', input: { until, reason: '专项整治期间岗位急需', approvedBy } });
  given(onFines).when(defer())
    .then(t, [{ type: 'RotationDeferred', data: { officerId: 'O-ZHANG', postId: 'P-FINES', until: '2023-03-01', reason: '专项整治期间岗位急需', approvedBy: '局长 李明' } }]);
  const deferred = given(onFines).when(defer()).stateAfter();
  t.match(deferred, { rotation: { dueOn: '2023-03-01', since: '2017-03-01', deferrals: [{ until: '2023-03-01', approvedBy: '局长 李明' }] } }, 'moves the due date');
  given(onFines).when(defer('2022-03-01')).thenRefuses(t, 'deferral_not_later', 'must be later than the current due date');
  given([...onFines, ...given(onFines).when(defer()).events()]).when(defer('2022-12-31'))
    .thenRefuses(t, 'deferral_not_later', 'a second deferral cannot bring the date forward');
  // On the fines post (60 months) since 1 March 2017: never beyond 1 March 2027, twice the period.
  given(onFines).when(defer('2027-03-01')).thenMatches(t, [{ type: 'RotationDeferred' }], 'up to twice the period from the tenure\'s start');
  given(onFines).when(defer('2027-03-02')).thenRefuses(t, 'deferral_too_far', 'not a day beyond (a deferral to 2071 would end rotation)');
  given([...onFines, ...given(onFines).when(defer()).events()]).when(defer('2027-03-02'))
    .thenRefuses(t, 'deferral_too_far', 'nor by deferring again');
  given(onPatrol).when(defer()).thenRefuses(t, 'no_rotation_clock');
  given(onFines).when(defer('2023-03-01', 'O-ZHANG')).thenRefuses(t, 'deferral_self_approved');
  given(onFines).when(defer('2023-03-01', '张伟')).thenRefuses(t, 'deferral_self_approved', 'by name too');
  given(onFines).when(defer(), at('2021-06-15T10:00', { sub: 'zhang', roles: ['hr'], officerId: 'O-ZHANG' }))
    .thenForbidden(t, 'own_rotation_deferral');
  given([...onFines, sanctionTookEffect({ kind: 'expulsion' })]).when(defer()).thenRefuses(t, 'officer_separated');
  given([]).when(defer()).thenNotFound(t, 'officer');
});

t.test('warning education', async (t) => {
  const attend = (attendedOn = '2021-06-08') =>
    ({ type: 'RecordWarningEducation' as const, officerId: 'O-ZHANG', input: { attendedOn, topic: '以案促改警示教育' } });
  given(onFines).when(attend()).then(t, [{ type: 'WarningEducationAttended', data: { officerId: 'O-ZHANG', attendedOn: '2021-06-08', topic: '以案促改警示教育' } }]);
  t.match(given(onFines).when(attend()).stateAfter(), { warningEducation: [{ attendedOn: '2021-06-08' }] });
  const attended = [...onFines, warningEducationAttended()];
  given(attended).when(attend()).thenRefuses(t, 'warning_education_already_recorded', 'the same session is recorded once');
  given(attended).when(attend('2021-06-09')).thenMatches(t, [{ type: 'WarningEducationAttended' }], 'another day\'s session is another');
  given(onFines).when(attend('2021-06-20')).thenRefuses(t, 'date_in_future');
  given(onFines).when(attend('2014-01-01')).thenRefuses(t, 'date_out_of_order');
  given(dismissed).when(attend('2021-06-12')).thenRefuses(t, 'officer_separated');
  given([]).when(attend()).thenNotFound(t, 'officer');
});

t.test('off-post training has an end date and completes', async (t) => {
  const training = [...onPatrol, sanctionTookEffect({ kind: 'off_post_training', effectiveOn: '2021-06-01', untilOn: '2021-06-14' })];
  const complete = (completedOn = '2021-06-15', sanctionId = 'S-1') =>
    ({ type: 'CompleteOffPostTraining' as const, officerId: 'O-ZHANG', input: { sanctionId, completedOn } });
  t.match(officerAfter(training).sanctions['S-1'], { kind: 'off_post_training', untilOn: '2021-06-14', status: 'in_force' });
  t.match(officerAfter(training).post, { post: { postId: 'P-PATROL' } }, 'the post is kept for the return');
  given(training).when(complete()).then(t, [{ type: 'OffPostTrainingCompleted', data: { officerId: 'O-ZHANG', sanctionId: 'S-1', completedOn: '2021-06-15' } }]);
  t.match(given(training).when(complete()).stateAfter(), { sanctions: { 'S-1': { status: 'completed' } } });
  given([...training, ...given(training).when(complete()).events()]).when(complete()).thenRefuses(t, 'training_already_completed');
  given(training).when(complete('2021-06-15', 'S-404')).thenRefuses(t, 'not_off_post_training');
  given([...onPatrol, sanctionTookEffect()]).when(complete()).thenRefuses(t, 'not_off_post_training', 'criticism is no training');
  given(training).when(complete('2021-05-31')).thenRefuses(t, 'date_out_of_order');
  given(training).when(complete('2021-06-16')).thenRefuses(t, 'date_in_future');
  given([]).when(complete()).thenNotFound(t, 'officer');

  // A training imposed without an end (API.md: untilOn optional) lasts until its completion is recorded.
  const open = [...onPatrol, sanctionTookEffect({ kind: 'off_post_training', effectiveOn: '2021-06-01', untilOn: null })];
  t.match(officerAfter(open).sanctions['S-1'], { kind: 'off_post_training', untilOn: null, status: 'in_force' });
  const assign = { type: 'AssignOfficer' as const, officerId: 'O-ZHANG', input: { postId: 'P-ARCHIVE', effectiveOn: '2021-06-14', reason: 'transfer' as const }, post: posts.archive };
  given(open).when(assign).thenRefuses(t, 'off_post_training_in_progress', 'in progress while open');
  const completed = [...open, ...given(open).when(complete()).events()];
  given(completed).when({ ...assign, input: { ...assign.input, effectiveOn: '2021-06-15' } })
    .thenMatches(t, [{ type: 'OfficerAssigned' }], 'and over once its completion is recorded (a post from the day it ended)');
});

t.test('HR records the end of an off-post training, never an end before the one its sanction set', async (t) => {
  const complete = (completedOn: string) =>
    ({ type: 'CompleteOffPostTraining' as const, officerId: 'O-ZHANG', input: { sanctionId: 'S-1', completedOn } });
  // Given an off-post training from 1 June planned to end on 10 June (today is 15 June),
  const training = [...onPatrol, sanctionTookEffect({ kind: 'off_post_training', effectiveOn: '2021-06-01', untilOn: '2021-06-10' })];
  // when HR records it completed on the day it began, or the day before its planned end, then it is refused:
  // that would cut the sanction short outside review or appeal;
  given(training).when(complete('2021-06-01')).thenRefuses(t, 'training_before_planned_end', 'completed the day the training began');
  given(training).when(complete('2021-06-09')).thenRefuses(t, 'training_before_planned_end', 'the day before its planned end');
  // on its planned end, or later, it is recorded.
  given(training).when(complete('2021-06-10'))
    .then(t, [{ type: 'OffPostTrainingCompleted', data: { officerId: 'O-ZHANG', sanctionId: 'S-1', completedOn: '2021-06-10' } }]);
  given(training).when(complete('2021-06-15')).thenMatches(t, [{ type: 'OffPostTrainingCompleted' }], 'after its planned end');

  // Given a training from 1 June to 30 August that a review reduced on 8 June to a training ending on 12 June
  // (the officer's record follows whatever the decision in force set; the case itself takes a reduction
  // only to a lighter kind, so the register reaches a training with an end through a heavier sanction
  // reduced to one, as below and in review-flows.test.ts),
  const long = [...onPatrol, sanctionTookEffect({ kind: 'off_post_training', effectiveOn: '2021-06-01', untilOn: '2021-08-30' })];
  const shortened = [...long, sanctionRevised({ outcome: 'reduced', replacementKind: 'off_post_training', decidedOn: '2021-06-08', untilOn: '2021-06-12' })];
  given(long).when(complete('2021-06-12')).thenRefuses(t, 'training_before_planned_end', 'before the review, the imposed end holds');
  // the end the review set is the one that counts.
  given(shortened).when(complete('2021-06-11')).thenRefuses(t, 'training_before_planned_end', 'the day before the reduced end');
  given(shortened).when(complete('2021-06-12')).thenMatches(t, [{ type: 'OffPostTrainingCompleted', data: { completedOn: '2021-06-12' } }],
    'on the end the review set, long before the one imposed');
  // A review that reduced the training to another kind leaves no training to complete.
  given([...long, sanctionRevised({ outcome: 'reduced', replacementKind: 'criticism_education', decidedOn: '2021-06-08' })]).when(complete('2021-06-15'))
    .thenRefuses(t, 'not_off_post_training', 'reduced to criticism and education');
  // A loss of qualification reduced to a training with an end: that end counts from the decision.
  const revokedToTraining = [...onPatrol, sanctionTookEffect({ kind: 'qualification_revoked', effectiveOn: '2021-06-01' }),
    sanctionRevised({ outcome: 'reduced', replacementKind: 'off_post_training', decidedOn: '2021-06-08', untilOn: '2021-06-13' })];
  given(revokedToTraining).when(complete('2021-06-12')).thenRefuses(t, 'training_before_planned_end', 'a replacement training before its end');
  given(revokedToTraining).when(complete('2021-06-13')).thenMatches(t, [{ type: 'OffPostTrainingCompleted' }], 'a replacement training on its end');

  // A training without a planned end lasts until HR records its completion, on any day from its start.
  const open = [...onPatrol, sanctionTookEffect({ kind: 'off_post_training', effectiveOn: '2021-06-01', untilOn: null })];
  given(open).when(complete('2021-06-01')).thenMatches(t, [{ type: 'OffPostTrainingCompleted', data: { completedOn: '2021-06-01' } }], 'the day it began');
  given(open).when(complete('2021-06-15')).thenMatches(t, [{ type: 'OffPostTrainingCompleted', data: { completedOn: '2021-06-15' } }], 'today');
  given([...long, sanctionRevised({ outcome: 'reduced', replacementKind: 'off_post_training', decidedOn: '2021-06-08', untilOn: null })])
    .when(complete('2021-06-08')).thenMatches(t, [{ type: 'OffPostTrainingCompleted' }], 'reduced to a training without an end');
});

t.test('corrections name the registration, and the state honours them', async (t) => {
  const correct = (changes: { name?: string; hiredOn?: string; unitId?: string }, correctsEventId = givenEventId(1), unitExists = true) =>
    ({ type: 'CorrectOfficer' as const, officerId: 'O-ZHANG', input: { correctsEventId, reason: '登记姓名有误', changes }, unitExists });
  given(registered).when(correct({ name: '张炜' }))
    .then(t, [{ type: 'OfficerRecordCorrected', data: { officerId: 'O-ZHANG', correctsEventId: givenEventId(1), reason: '登记姓名有误', changes: { name: '张炜' } } }]);
  t.match(given(registered).when(correct({ name: '张炜', unitId: 'U-OFFICE', hiredOn: '2015-08-01' })).stateAfter(),
    { name: '张炜', unitId: 'U-OFFICE', registeredUnitId: 'U-OFFICE', hiredOn: '2015-08-01', corrections: [{ correctsEventId: givenEventId(1) }] });
  t.match(given(onPatrol).when(correct({ unitId: 'U-OFFICE' })).stateAfter(), { unitId: 'U-BRIGADE', registeredUnitId: 'U-OFFICE' },
    'the unit of the post held still stands');
  given(onPatrol).when(correct({ name: '张炜' }, givenEventId(2))).thenRefuses(t, 'correction_target_invalid', 'only the registration');
  given(registered).when(correct({ unitId: 'U-NONE' }, givenEventId(1), false)).thenRefuses(t, 'unknown_unit');
  given(registered).when(correct({ hiredOn: '2022-01-01' })).thenRefuses(t, 'date_in_future');
  given(onPatrol).when(correct({ hiredOn: '2016-01-05' })).thenRefuses(t, 'date_out_of_order', 'the record would start before the hiring');
  given(onPatrol).when(correct({ hiredOn: '2015-06-01' })).thenMatches(t, [{ type: 'OfficerRecordCorrected' }], 'an earlier hiring date leaves it in order');
  given(registered).when(correct({ hiredOn: '2020-01-01' })).thenMatches(t, [{ type: 'OfficerRecordCorrected' }], 'with nothing recorded yet, any past date');
  given([]).when(correct({ name: 'x' })).thenNotFound(t, 'officer');
  const asRegistered = officerAfter(registered);
  given(registered).when(correct({ name: asRegistered.name, hiredOn: asRegistered.hiredOn, unitId: asRegistered.registeredUnitId }))
    .thenRefuses(t, 'correction_changes_nothing', 'giving the values registered changes nothing: refused, not written');
  // Registered in U-BRIGADE, on a post of U-OFFICE since.
  const inOffice = [...qualified, officerAssigned(posts.archive, '2016-01-04')];
  given(inOffice).when(correct({ unitId: 'U-OFFICE' })).thenMatches(t, [{ type: 'OfficerRecordCorrected' }],
    'the unit of the registration is what is compared, not the unit of the post held since');
  given(inOffice).when(correct({ unitId: 'U-BRIGADE' })).thenRefuses(t, 'correction_changes_nothing');
});

t.test('nobody writes their own personnel record (回避)', async (t) => {
  const himself = at('2021-06-15T10:00', { sub: 'zhang.hr', roles: ['hr'], officerId: 'O-ZHANG' });
  const colleague = at('2021-06-15T10:00', { sub: 'wang.hr', roles: ['hr'], officerId: 'O-WANG' });
  const training = [...onPatrol, sanctionTookEffect({ kind: 'off_post_training', effectiveOn: '2021-06-01' })];
  const writes = [
    ['ending his own off-post training (a sanction)', training,
      { type: 'CompleteOffPostTraining' as const, officerId: 'O-ZHANG', input: { sanctionId: 'S-1', completedOn: '2021-06-15' } }],
    ['granting himself a qualification', registered,
      { type: 'GrantQualification' as const, officerId: 'O-ZHANG', input: { certificateNo: 'HN-2021-0009', grantedOn: '2021-06-15' } }],
    ['picking his own post', onPatrol,
      { type: 'AssignOfficer' as const, officerId: 'O-ZHANG', input: { postId: 'P-ARCHIVE', effectiveOn: '2021-06-15', reason: 'transfer' as const }, post: posts.archive }],
    ['recording his own warning education', onPatrol,
      { type: 'RecordWarningEducation' as const, officerId: 'O-ZHANG', input: { attendedOn: '2021-06-15', topic: '以案促改警示教育' } }],
    ['correcting his own registration', registered,
      { type: 'CorrectOfficer' as const, officerId: 'O-ZHANG', input: { correctsEventId: givenEventId(1), reason: '单位有误', changes: { unitId: 'U-OFFICE' } }, unitExists: true }],
  ] as const;
  for (const [what, history, command] of writes) {
    given(history).when(command, himself).thenForbidden(t, 'own_personnel_record', what);
    given(history).when(command, colleague).thenMatches(t, [{}], `${what}: another member of HR may`);
  }
});

t.test('effects of sanctions on the officer', async (t) => {
  const reassigned = officerAfter([...onFines, sanctionTookEffect({ kind: 'reassignment', effectiveOn: '2021-06-10', toPost: posts.archive })]);
  t.match(reassigned, { post: { post: { postId: 'P-ARCHIVE' }, since: '2021-06-10', reason: 'sanction' }, unitId: 'U-OFFICE', rotation: null });
  t.match(reassigned.postHistory, [{ postId: 'P-FINES', to: '2021-06-10' }, { postId: 'P-ARCHIVE', from: '2021-06-10', to: null }]);

  // A reassignment that names no post (API.md: toPostId optional) takes the officer off an enforcement post; HR assigns the next.
  const offEnforcement = officerAfter([...onFines, sanctionTookEffect({ kind: 'reassignment', effectiveOn: '2021-06-10', toPost: null })]);
  t.match(offEnforcement, { post: null, rotation: null, sanctions: { 'S-1': { kind: 'reassignment', status: 'in_force' } } }, 'off the enforcement post');
  t.match(offEnforcement.postHistory, [{ postId: 'P-FINES', to: '2021-06-10' }]);
  const elsewhere = officerAfter([...qualified, officerAssigned(posts.archive, '2019-01-02'), sanctionTookEffect({ kind: 'reassignment', effectiveOn: '2021-06-10', toPost: null })]);
  t.match(elsewhere.post, { post: { postId: 'P-ARCHIVE' }, since: '2019-01-02' }, 'a post off enforcement is kept');

  const out = officerAfter(dismissed);
  t.match(out, { inService: false, post: null, separation: { kind: 'dismissal', sanctionId: 'S-1', effectiveOn: '2021-06-10' } }, 'dismissal ends service');
  t.match(officerAfter([...onPatrol, sanctionTookEffect({ kind: 'expulsion' })]), { inService: false, separation: { kind: 'expulsion' } });
  t.match(officerAfter([...onPatrol, sanctionTookEffect({ kind: 'judicial_referral' })]), { inService: true, post: { post: { postId: 'P-PATROL' } } },
    'a referral alone does not end service');

  const twice = officerAfter([...onPatrol, sanctionTookEffect({ kind: 'qualification_revoked' }), sanctionTookEffect({ kind: 'qualification_revoked' })]);
  t.equal(Object.keys(twice.sanctions).length, 1, 'the same sanction applied twice counts once');
});

t.test('appeal decisions revise the effects', async (t) => {
  const dismissedThenAnnulled = officerAfter([...dismissed, sanctionRevised({ outcome: 'annulled' })]);
  t.match(dismissedThenAnnulled, { inService: true, separation: null, sanctions: { 'S-1': { status: 'annulled' } } }, 'annulled dismissal: reinstated');

  const revoked = [...onPatrol, sanctionTookEffect({ kind: 'qualification_revoked' })];
  const reduced = officerAfter([...revoked, sanctionRevised({ outcome: 'reduced', replacementKind: 'criticism_education' })]);
  t.match(reduced, { qualification: { certificateNo: 'HN-2015-0001' }, sanctions: { 'S-1': { kind: 'criticism_education', status: 'in_force' } } },
    'a lifted revocation restores the qualification');

  const regranted = officerAfter([...revoked, qualificationGranted('O-ZHANG', '2021-06-12', 'HN-NEW'), sanctionRevised({ outcome: 'annulled' })]);
  t.match(regranted.qualification, { certificateNo: 'HN-NEW' }, 'a newer qualification stands');

  const toRevocation = officerAfter([...dismissed, sanctionRevised({ outcome: 'reduced', replacementKind: 'qualification_revoked', decidedOn: '2021-06-14' })]);
  t.match(toRevocation, { inService: true, qualification: null, sanctions: { 'S-1': { kind: 'qualification_revoked', effectiveOn: '2021-06-14' } } },
    'dismissal reduced to loss of qualification');

  const toReassignment = officerAfter([...dismissed, sanctionRevised({ outcome: 'reduced', replacementKind: 'reassignment', toPost: posts.archive })]);
  t.match(toReassignment, { inService: true, post: { post: { postId: 'P-ARCHIVE' } } }, 'reduced to reassignment: reinstated on the new post');

  const training = [...onPatrol, sanctionTookEffect({ kind: 'off_post_training', untilOn: '2021-07-01' })];
  t.match(officerAfter([...training, sanctionRevised({ outcome: 'reduced', replacementKind: 'criticism_education' })]).sanctions['S-1'],
    { kind: 'criticism_education', status: 'in_force' }, 'a reduced training is no longer a training in progress');

  const again = officerAfter([...dismissed, sanctionRevised({ outcome: 'annulled' }), sanctionRevised({ outcome: 'annulled' })]);
  t.same(again.appliedRevisions, ['A-1'], 'one decision applies once');
});

t.test('applying a sanction decided in a case is idempotent', async (t) => {
  const record = {
    caseId: 'C-1', sanctionId: 'S-1', officerId: 'O-ZHANG', kind: 'dismissal' as const, capacity: 'subject' as const,
    effectiveOn: '2021-06-10', untilOn: null, toPost: null,
    revisions: [{ appealId: 'A-1', outcome: 'reduced' as const, replacementKind: 'reassignment' as const, decidedOn: '2021-06-14', toPost: posts.archive, untilOn: null }],
  };
  const apply = { type: 'ApplySanction' as const, officerId: 'O-ZHANG', sanction: record };
  given(onPatrol).when(apply).then(t, [
    sanctionTookEffect({ caseId: 'C-1', kind: 'dismissal', effectiveOn: '2021-06-10' }),
    sanctionRevised({ caseId: 'C-1', outcome: 'reduced', replacementKind: 'reassignment', decidedOn: '2021-06-14', toPost: posts.archive }),
  ]);
  const applied = [...onPatrol, ...given(onPatrol).when(apply).events()];
  given(applied).when(apply).then(t, [], 're-applying writes nothing');
  given([...onPatrol, sanctionTookEffect({ caseId: 'C-1', kind: 'dismissal', effectiveOn: '2021-06-10' })]).when(apply)
    .thenMatches(t, [{ type: 'SanctionRevised', data: { appealId: 'A-1' } }], 'only what is missing');
  given([]).when(apply).then(t, [], 'nothing to apply to an officer the register does not know');
});

t.test('a reassignment or loss of qualification that stands bars enforcement posts for the bar period (HR cannot undo a sanction)', async (t) => {
  const assign = (post: PostSnapshot, effectiveOn = '2021-06-15') =>
    ({ type: 'AssignOfficer' as const, officerId: 'O-ZHANG', input: { postId: post.postId, effectiveOn, reason: 'transfer' as const }, post });
  const grant = (grantedOn = '2021-06-15') =>
    ({ type: 'GrantQualification' as const, officerId: 'O-ZHANG', input: { certificateNo: 'HN-2021-0099', grantedOn } });
  const reassigned = [...onPatrol, sanctionTookEffect({ kind: 'reassignment', effectiveOn: '2021-06-10', toPost: posts.archive })];

  // Given a reassignment away from enforcement posts, when HR assigns the officer straight back, then it is refused.
  given(reassigned).when(assign(posts.patrol)).thenRefuses(t, 'sanction_bars_enforcement_post', 'not back to an enforcement post the same week');
  given(reassigned).when(assign(posts.fines)).thenRefuses(t, 'sanction_bars_enforcement_post', 'nor to another enforcement post');
  given(reassigned).when(assign(posts.procurement)).thenMatches(t, [{ type: 'OfficerAssigned' }], 'a post off enforcement is open');
  given(reassigned).when(assign(posts.patrol, '2022-06-09'), at('2022-06-10T09:00', hr))
    .thenRefuses(t, 'sanction_bars_enforcement_post', 'the last day of the bar period');
  given(reassigned).when(assign(posts.patrol, '2022-06-10'), at('2022-06-10T09:00', hr))
    .thenMatches(t, [{ type: 'OfficerAssigned' }], 'the bar ends 12 months after the sanction took effect');
  given(reassigned).when(assign(posts.patrol, '2021-12-10'), { ...at('2021-12-10T09:00', hr), sanctionBarMonths: 6 })
    .thenMatches(t, [{ type: 'OfficerAssigned' }], 'the bar period is configurable (SANCTION_BAR_MONTHS)');
  given(reassigned).when(assign(posts.patrol, '2021-12-09'), { ...at('2021-12-10T09:00', hr), sanctionBarMonths: 6 })
    .thenRefuses(t, 'sanction_bars_enforcement_post', 'and applies until it has passed');
  given([...onPatrol, sanctionTookEffect({ kind: 'reassignment', capacity: 'responsible', effectiveOn: '2021-06-10', toPost: posts.archive })])
    .when(assign(posts.patrol)).thenRefuses(t, 'sanction_bars_enforcement_post', 'whatever the capacity it was imposed in');

  // An appeal that annuls the sanction, or reduces it to another kind, lifts the bar.
  given([...reassigned, sanctionRevised({ outcome: 'annulled' })]).when(assign(posts.patrol))
    .thenMatches(t, [{ type: 'OfficerAssigned' }], 'annulled on appeal: no bar');
  given([...reassigned, sanctionRevised({ outcome: 'reduced', replacementKind: 'criticism_education' })]).when(assign(posts.patrol))
    .thenMatches(t, [{ type: 'OfficerAssigned' }], 'reduced to criticism and education: no bar');
  // (An upheld appeal writes nothing to the officer's stream: the bar stands, as in the first case above.)

  // Given a loss of qualification, HR can neither grant a new one the same day nor place the officer on an enforcement post.
  const revoked = [...onPatrol, sanctionTookEffect({ kind: 'qualification_revoked', effectiveOn: '2021-06-10' })];
  given(revoked).when(grant('2021-06-10')).thenRefuses(t, 'sanction_bars_qualification', 'no new qualification the same day');
  given(revoked).when(grant('2022-06-09'), at('2022-06-09T09:00', hr)).thenRefuses(t, 'sanction_bars_qualification', 'nor within the bar period');
  given(revoked).when(grant('2022-06-10'), at('2022-06-10T09:00', hr)).thenMatches(t, [{ type: 'QualificationGranted' }], 'after it');
  given([...revoked, sanctionRevised({ outcome: 'annulled' })]).when(grant())
    .thenMatches(t, [{ type: 'QualificationGranted' }], 'a revocation annulled on appeal bars nothing (the qualification is restored; a renewal is open)');
  given([...revoked, sanctionRevised({ outcome: 'reduced', replacementKind: 'off_post_training', untilOn: '2021-07-14' })]).when(grant())
    .thenMatches(t, [{ type: 'QualificationGranted' }], 'reduced to another kind: no bar on qualification');
  given(reassigned).when(grant()).thenMatches(t, [{ type: 'QualificationGranted' }], 'a reassignment does not bar a qualification, only enforcement posts');

  // A sanction reduced to one of these kinds bars from the day the sanction took effect as imposed
  // (the dismissal of 2021-06-10), not from the decision: winning an appeal never lengthens the bar.
  const reducedToRevocation = [...dismissed, sanctionRevised({ outcome: 'reduced', replacementKind: 'qualification_revoked', decidedOn: '2021-06-14' })];
  given(reducedToRevocation).when(grant('2022-06-09'), at('2022-06-09T09:00', hr)).thenRefuses(t, 'sanction_bars_qualification');
  given(reducedToRevocation).when(grant('2022-06-10'), at('2022-06-10T09:00', hr)).thenMatches(t, [{ type: 'QualificationGranted' }]);
  const reducedToReassignment = [...dismissed, sanctionRevised({ outcome: 'reduced', replacementKind: 'reassignment', decidedOn: '2021-06-14', toPost: posts.archive })];
  given(reducedToReassignment).when(assign(posts.patrol)).thenRefuses(t, 'sanction_bars_enforcement_post');
  // Given a loss of qualification (2021-06-10) reduced to a reassignment seven months later, the bar still ends on 2022-06-10.
  const revocationReduced = [...revoked, sanctionRevised({ outcome: 'reduced', replacementKind: 'reassignment', decidedOn: '2022-01-10', toPost: posts.archive })];
  given(revocationReduced).when(assign(posts.patrol, '2022-06-09'), at('2022-06-09T09:00', hr))
    .thenRefuses(t, 'sanction_bars_enforcement_post', 'the reassignment still bars, within the first bar period');
  given(revocationReduced).when(assign(posts.patrol, '2022-07-01'), at('2022-07-01T09:00', hr))
    .thenMatches(t, [{ type: 'OfficerAssigned' }], 'but not beyond it: the reduction did not restart the bar');
});

t.test('rotation: a return to a sensitive post within 12 months continues the earlier tenure', async (t) => {
  const assign = (post: PostSnapshot, effectiveOn: string, reason: 'rotation' | 'transfer' = 'rotation') =>
    ({ type: 'AssignOfficer' as const, officerId: 'O-ZHANG', input: { postId: post.postId, effectiveOn, reason }, post });
  /** The given events, then what the decider writes for each command in turn (each at its own date). */
  const history = (events: OfficerEvent[], ...commands: ReturnType<typeof assign>[]): OfficerEvent[] =>
    commands.reduce<OfficerEvent[]>((past, command) =>
      [...past, ...given(past).when(command, at(`${command.input.effectiveOn}T09:00`, hr)).events()], events);

  // Given five years on P-FINES (from 2017-03-01), when HR moves the officer away and back the same day, then the clock does not restart.
  const away = history(onFines, assign(posts.archive, '2021-06-01'));
  given(away).when(assign(posts.fines, '2021-06-01'))
    .then(t, [{ type: 'OfficerAssigned', data: {
      officerId: 'O-ZHANG', post: posts.fines, effectiveOn: '2021-06-01', reason: 'rotation', previousPostId: 'P-ARCHIVE', tenureSince: '2017-03-01',
    } }], 'the decision names the tenure it continues');
  const back = given(away).when(assign(posts.fines, '2021-06-01')).stateAfter();
  t.match(back, { post: { post: { postId: 'P-FINES' }, since: '2021-06-01' } }, 'the holding starts on the day of the return');
  t.same(back.exists && back.rotation, { postId: 'P-FINES', since: '2017-03-01', periodMonths: 60, dueOn: '2022-03-01', deferrals: [] },
    'the rotation is due as before: the earlier tenure\'s start plus the period');

  const left = history(onFines, assign(posts.archive, '2020-06-01'));
  given(left).when(assign(posts.fines, '2021-05-31'), at('2021-05-31T09:00', hr))
    .thenMatches(t, [{ data: { tenureSince: '2017-03-01' } }], 'a day less than 12 months away: the same tenure');
  given(left).when(assign(posts.fines, '2021-06-01'), at('2021-06-01T09:00', hr))
    .thenMatches(t, [{ data: { tenureSince: null } }], '12 months away: a fresh tenure');
  t.match(officerAfter(history(left, assign(posts.fines, '2021-06-01'))).rotation, { since: '2021-06-01', dueOn: '2026-06-01' });

  // Twice away and back: still the first tenure.
  const twice = history(onFines, assign(posts.archive, '2021-01-04'), assign(posts.fines, '2021-02-01'), assign(posts.patrol, '2021-05-01'));
  given(twice).when(assign(posts.fines, '2021-06-01')).thenMatches(t, [{ data: { tenureSince: '2017-03-01' } }], 'a continued tenure continues again');

  // A deferral was approved for the holding that ended: it is not carried over.
  const deferral = { type: 'RotationDeferred' as const, data: { officerId: 'O-ZHANG', postId: 'P-FINES', until: '2023-03-01', reason: '岗位急需', approvedBy: '局长' } };
  t.match(officerAfter(history([...onFines, deferral], assign(posts.archive, '2021-06-01'), assign(posts.fines, '2021-06-02'))).rotation,
    { since: '2017-03-01', dueOn: '2022-03-01', deferrals: [] }, 'due on the tenure\'s own date; a new deferral can be recorded');

  // Posts without a rotation clock, and first holdings, start nothing earlier.
  given(history(onPatrol, assign(posts.archive, '2021-06-01'))).when(assign(posts.patrol, '2021-06-01'))
    .thenMatches(t, [{ data: { tenureSince: null } }], 'not a sensitive post');
  given(onFines).when(assign(posts.procurement, '2021-06-01')).thenMatches(t, [{ data: { tenureSince: null } }], 'a sensitive post not held before');

  // A sanction that moved the officer off the post does not restart the clock on a return either.
  const onProcurement = [...qualified, officerAssigned(posts.procurement, '2019-01-02')];
  const sanctioned = [...onProcurement, sanctionTookEffect({ kind: 'reassignment', effectiveOn: '2021-06-10', toPost: posts.archive })];
  given(sanctioned).when(assign(posts.procurement, '2021-06-15'))
    .thenMatches(t, [{ data: { tenureSince: '2019-01-02' } }], 'back on the (non-enforcement) sensitive post: the same tenure');

  // Nor does a sanction's reassignment back onto a sensitive post the officer left within 12 months.
  const procurementLeft = history(onProcurement, assign(posts.archive, '2021-03-01'));
  const apply = (toPost: PostSnapshot, effectiveOn: string, revisions: SanctionRecord['revisions'] = []) => ({
    type: 'ApplySanction' as const, officerId: 'O-ZHANG',
    sanction: { caseId: 'C-1', sanctionId: 'S-1', officerId: 'O-ZHANG', kind: 'reassignment' as const, capacity: 'subject' as const, effectiveOn, untilOn: null, toPost, revisions },
  });
  given(procurementLeft).when(apply(posts.procurement, '2021-06-10'))
    .thenMatches(t, [{ type: 'SanctionTookEffect', data: { tenureSince: '2019-01-02' } }], 'a sanction\'s move back: the same tenure');
  t.match(officerAfter([...procurementLeft, ...given(procurementLeft).when(apply(posts.procurement, '2021-06-10')).events()]).rotation,
    { postId: 'P-PROCURE', since: '2019-01-02', dueOn: '2022-01-02' }, 'due as before');
  given(procurementLeft).when(apply(posts.procurement, '2022-03-01'))
    .thenMatches(t, [{ data: { tenureSince: null } }], '12 months away: a fresh tenure');
  const reducedToReassignment = { appealId: 'A-1', outcome: 'reduced' as const, replacementKind: 'reassignment' as const, decidedOn: '2021-06-14', toPost: posts.procurement, untilOn: null };
  given(procurementLeft).when({ ...apply(posts.archive, '2021-06-10'), sanction: { ...apply(posts.archive, '2021-06-10').sanction, kind: 'dismissal', toPost: null, revisions: [reducedToReassignment] } })
    .thenMatches(t, [{ type: 'SanctionTookEffect', data: { tenureSince: null } }, { type: 'SanctionRevised', data: { tenureSince: '2019-01-02' } }],
      'a dismissal reduced on appeal to a reassignment back onto the post: the same tenure');

  // Events written before the field existed have no tenureSince: a fresh tenure, as they were decided.
  const legacy = { type: 'OfficerAssigned' as const, data: { officerId: 'O-ZHANG', post: posts.fines, effectiveOn: '2021-06-01', reason: 'rotation' as const, previousPostId: 'P-ARCHIVE' } };
  t.match(officerAfter([...away, legacy as OfficerEvent]).rotation, { since: '2021-06-01', dueOn: '2026-06-01' }, 'an event without the field');
});

t.test('the unit an officer worked in on a day (a case records its subjects\' units on the day of the breach)', async (t) => {
  const corrected = { type: 'OfficerRecordCorrected' as const, data: { officerId: 'O-ZHANG', correctsEventId: givenEventId(1), reason: '登记单位有误', changes: { unitId: 'U-STATION' } } };
  const moved = [...qualified, corrected, officerAssigned(posts.patrol, '2016-01-04'), officerAssigned(posts.archive, '2019-05-01'),
    sanctionTookEffect({ kind: 'reassignment', effectiveOn: '2021-06-10', toPost: null })];
  const units = unitHistoryOf(officerAfter(moved));
  t.equal(unitOn(units, '2015-12-31'), 'U-STATION', 'before any post: the registered unit, as corrected');
  t.equal(unitOn(units, '2016-01-04'), 'U-BRIGADE', 'from the day a post is taken: its unit');
  t.equal(unitOn(units, '2019-04-30'), 'U-BRIGADE');
  t.equal(unitOn(units, '2019-05-01'), 'U-OFFICE');
  t.equal(unitOn(units, '2021-06-14'), 'U-OFFICE', 'a reassignment naming no post leaves the officer in the unit of the post left (archive is off enforcement: kept)');
  t.equal(officerFacts(officerAfter(moved))?.unitId, unitOn(units, '2021-06-15'), 'today, the unit the officer works in now');
  const outOfOrder = [{ from: '2015-07-01', unitId: 'U-A' }, { from: '2016-01-04', unitId: 'U-B' }, { from: '2021-06-01', unitId: 'U-D' }, { from: '2019-05-01', unitId: 'U-C' }];
  t.equal(unitOn(outOfOrder, '2021-06-05'), 'U-D', 'the post taken latest by that day, whatever the order of the history (a log written before backdating was refused)');
  t.equal(unitOn(outOfOrder, '2020-01-01'), 'U-C');
  t.equal(officerFacts(officerAfter([...onPatrol, sanctionTookEffect({ kind: 'qualification_revoked', effectiveOn: '2021-06-10' })]))?.postSince, '2021-06-10',
    'without a post, the latest change of post is the day the last one was left');
});

t.test('an assignment is not dated within an off-post training, even once the training is completed', async (t) => {
  // Given an off-post training from 1 June (the officer off post) completed on 14 June,
  const training = [...onPatrol, sanctionTookEffect({ kind: 'off_post_training', effectiveOn: '2021-06-01', untilOn: null })];
  const completed = [...training, { type: 'OffPostTrainingCompleted' as const, data: { officerId: 'O-ZHANG', sanctionId: 'S-1', completedOn: '2021-06-14' } }];
  const assign = (effectiveOn: string) =>
    ({ type: 'AssignOfficer' as const, officerId: 'O-ZHANG', input: { postId: 'P-ARCHIVE', effectiveOn, reason: 'transfer' as const }, post: posts.archive });
  // when HR records a move that took effect while the training ran, then it is refused, as it was while the training ran;
  given(completed).when(assign('2021-06-05')).thenRefuses(t, 'off_post_training_in_progress', 'the officer was off post in training that day');
  given(completed).when(assign('2021-06-01')).thenRefuses(t, 'off_post_training_in_progress', 'the first day of the training');
  // a move from the day the training ended, or from before it began, is recorded.
  given(completed).when(assign('2021-06-14')).thenMatches(t, [{ type: 'OfficerAssigned' }], 'the day the training ended will do');
  given(completed).when(assign('2021-05-31')).thenMatches(t, [{ type: 'OfficerAssigned' }], 'a move before the training began');
  // A training annulled on appeal never kept the officer off post: no bar on the days it covered.
  given([...training, sanctionRevised({ outcome: 'annulled' })]).when(assign('2021-06-05'))
    .thenMatches(t, [{ type: 'OfficerAssigned' }], 'an annulled training');
});

t.test('a corrected hiring date is not later than any qualification ever granted or any sanction as imposed', async (t) => {
  const correct = (hiredOn: string) =>
    ({ type: 'CorrectOfficer' as const, officerId: 'O-ZHANG', input: { correctsEventId: givenEventId(1), reason: '入职日期录入错误', changes: { hiredOn } }, unitExists: true });
  // Given a qualification granted on 2015-09-01 and renewed on 2020-01-06, the first grant stays in the record.
  const renewed = [...qualified, qualificationGranted('O-ZHANG', '2020-01-06', 'HN-2020-0001')];
  given(renewed).when(correct('2018-01-01')).thenRefuses(t, 'date_out_of_order', 'not after the first grant, which a renewal replaced');
  given(renewed).when(correct('2015-09-01')).thenMatches(t, [{ type: 'OfficerRecordCorrected' }], 'the day of the first grant will do');
  // Given a qualification granted on 2015-09-01 and revoked on 2021-06-10 (no post held), the grant stays in the record.
  const revoked = [...qualified, sanctionTookEffect({ kind: 'qualification_revoked', effectiveOn: '2021-06-10' })];
  given(revoked).when(correct('2016-01-01')).thenRefuses(t, 'date_out_of_order', 'not after the grant a revocation took away');
  // Given a dismissal of 2019-06-10 reduced on appeal (2021-06-14) to criticism, the sanction took effect in 2019.
  const reduced = [...registered, sanctionTookEffect({ kind: 'dismissal', effectiveOn: '2019-06-10' }),
    sanctionRevised({ outcome: 'reduced', replacementKind: 'criticism_education', decidedOn: '2021-06-14' })];
  given(reduced).when(correct('2020-01-01')).thenRefuses(t, 'date_out_of_order', 'not after the day the sanction took effect as imposed');
  given(reduced).when(correct('2019-06-10')).thenMatches(t, [{ type: 'OfficerRecordCorrected' }]);
});

t.test('nobody registers themselves as an officer (回避): their unit and hiring date are recorded by someone else', async (t) => {
  const input = { officerId: 'O-ZHANG', name: '张伟', unitId: 'U-BRIGADE', hiredOn: '2015-07-01' };
  given([]).when({ type: 'RegisterOfficer', input, unitExists: true }, at('2021-06-15T10:00', { sub: 'zhang.hr', roles: ['hr'], officerId: 'O-ZHANG' }))
    .thenForbidden(t, 'own_personnel_record', 'an HR user whose officer id is the one registered');
  given([]).when({ type: 'RegisterOfficer', input, unitExists: true }, at('2021-06-15T10:00', { sub: 'zhang.admin', roles: ['admin'], officerId: 'O-ZHANG' }))
    .thenForbidden(t, 'own_personnel_record', 'nor as admin');
  given([]).when({ type: 'RegisterOfficer', input, unitExists: true }, at('2021-06-15T10:00', { sub: 'wang.hr', roles: ['hr'], officerId: 'O-WANG' }))
    .thenMatches(t, [{ type: 'OfficerRegistered' }], 'another member of HR may');
});

t.test('an enforcement post is assigned from any day the officer was qualified, a renewal since or not', async (t) => {
  const assign = (effectiveOn: string) =>
    ({ type: 'AssignOfficer' as const, officerId: 'O-ZHANG', input: { postId: 'P-PATROL', effectiveOn, reason: 'transfer' as const }, post: posts.patrol });
  // Given a qualification granted on 2015-09-01 and renewed on 2020-01-06 (held without a break since 2015),
  const renewed = [...qualified, qualificationGranted('O-ZHANG', '2020-01-06', 'HN-2020-0001')];
  // when HR records a move onto an enforcement post that took effect in 2019, then it is recorded: the officer was qualified then.
  given(renewed).when(assign('2019-05-06')).thenMatches(t, [{ type: 'OfficerAssigned' }], 'qualified since 2015: the renewal does not move that');
  given(renewed).when(assign('2015-08-31')).thenRefuses(t, 'date_out_of_order', 'not before the first grant');
  t.match(officerAfter(renewed).qualification, { certificateNo: 'HN-2020-0001', grantedOn: '2020-01-06', heldSince: '2015-09-01' });
  // Given a qualification revoked (2018) and granted anew (2020), the new one is held only from 2020.
  const revoked = [...qualified, officerAssigned(posts.archive, '2016-01-04'),
    sanctionTookEffect({ kind: 'qualification_revoked', effectiveOn: '2018-03-01' }), qualificationGranted('O-ZHANG', '2020-01-06', 'HN-2020-0001')];
  given(revoked).when(assign('2019-05-06')).thenRefuses(t, 'date_out_of_order', 'not qualified between the revocation and the new grant');
  given(revoked).when(assign('2020-01-06')).thenMatches(t, [{ type: 'OfficerAssigned' }]);
  t.match(officerAfter(revoked).qualification, { heldSince: '2020-01-06' });
  // A revocation lifted on appeal gives back the qualification as it was held.
  t.match(officerAfter([...qualified, qualificationGranted('O-ZHANG', '2020-01-06', 'HN-2020-0001'), sanctionTookEffect({ kind: 'qualification_revoked' }),
    sanctionRevised({ outcome: 'annulled' })]).qualification, { grantedOn: '2020-01-06', heldSince: '2015-09-01' });
});

t.test('an off-post training is not completed after the officer left service', async (t) => {
  // Given an off-post training from 1 June and a dismissal that took effect on 10 June,
  const dismissedInTraining = [...onPatrol, sanctionTookEffect({ kind: 'off_post_training', effectiveOn: '2021-06-01', untilOn: null }),
    sanctionTookEffect({ sanctionId: 'S-2', kind: 'dismissal', effectiveOn: '2021-06-10' })];
  const complete = (completedOn: string) =>
    ({ type: 'CompleteOffPostTraining' as const, officerId: 'O-ZHANG', input: { sanctionId: 'S-1', completedOn } });
  // when HR records the training completed after the dismissal, then it is refused: the officer was no longer in service;
  given(dismissedInTraining).when(complete('2021-06-14')).thenRefuses(t, 'officer_separated', 'completed after the dismissal took effect');
  // the training can still be closed on a day the officer was in service.
  given(dismissedInTraining).when(complete('2021-06-10')).thenMatches(t, [{ type: 'OffPostTrainingCompleted' }], 'the day of the dismissal will do');

  // Given a training planned to end on 30 June and a dismissal on 10 June, it is not completed at all:
  // not on the dismissal day, before its end, nor after it, when the officer had left; it ended with the service.
  const dismissedBeforeItsEnd = [...onPatrol, sanctionTookEffect({ kind: 'off_post_training', effectiveOn: '2021-06-01', untilOn: '2021-06-30' }),
    sanctionTookEffect({ sanctionId: 'S-2', kind: 'dismissal', effectiveOn: '2021-06-10' })];
  given(dismissedBeforeItsEnd).when(complete('2021-06-10')).thenRefuses(t, 'training_before_planned_end', 'the day of the dismissal, before the planned end');
  given(dismissedBeforeItsEnd).when(complete('2021-06-30'), at('2021-07-01T10:00', hr)).thenRefuses(t, 'officer_separated', 'on its end, after the dismissal');
  // A review that annuls the dismissal puts the officer back in the training, which ends as planned.
  const reinstated = [...dismissedBeforeItsEnd, sanctionRevised({ sanctionId: 'S-2', outcome: 'annulled', decidedOn: '2021-06-14' })];
  t.match(officerAfter(reinstated).sanctions['S-1'], { kind: 'off_post_training', status: 'in_force', untilOn: '2021-06-30' }, 'reinstated: the training runs on');
  given(reinstated).when(complete('2021-06-30'), at('2021-07-01T10:00', hr)).thenMatches(t, [{ type: 'OffPostTrainingCompleted' }], 'and is completed on its end');
});
