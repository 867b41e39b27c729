// A post changes from a day on (重要或敏感岗位 named, or no longer; another rotation period; a new
// title): the post's stream records the change, and each officer holding the post records it in
// their own (HeldPostChanged), which moves their rotation clock. The clock counts from the start of
// the officer's tenure on the post, never from the day of the change: the long-serving holders the
// work plan targets (定期轮岗调换) get no fresh clock.
import t from 'tap';
import { officerDecider, postDecider } from '../../src/domain/deciders.js';
import type { ApplyPostChange } from '../../src/domain/officer/decide/apply-post-change.js';
import type { PostSnapshot } from '../../src/domain/officer/events.js';
import type { OfficerEvent } from '../../src/domain/officer/evolve.js';
import type { Officer } from '../../src/domain/officer/state.js';
import { ChangePostInput } from '../../src/domain/post/commands.js';
import type { PostEvent } from '../../src/domain/post/evolve.js';
import { postSnapshot } from '../../src/domain/post/state.js';
import { at, hr } from '../fixtures/domain-context.js';
import { officerAssigned, officerRegistered, postDefined, posts, qualificationGranted, sanctionTookEffect } from '../fixtures/domain-events.js';
import { fold, givenEventId, specification } from '../fixtures/specification.js';

const givenPost = specification(postDecider, () => at('2021-06-15T10:00', hr));
const givenOfficer = specification(officerDecider, () => at('2021-06-15T10:00', hr));

const change = (input: Record<string, unknown>, actorPostId: string | null = null, postId = 'P-PATROL') =>
  ({ type: 'ChangePost' as const, postId, input: ChangePostInput.parse({ effectiveOn: '2021-06-01', reason: '局党组会议决定', ...input }), actorPostId });

/** The patrol post (enforcement, not sensitive) as the bureau names it sensitive, five-yearly. */
const patrolSensitive: PostSnapshot = { ...posts.patrol, sensitive: true, rotationPeriodMonths: 60 };

t.test('changing a post: the event gives the values from that day on, and those before', async (t) => {
  givenPost([postDefined(posts.patrol)]).when(change({ sensitive: true, rotationPeriodMonths: 60 })).then(t, [{
    type: 'PostChanged',
    data: {
      postId: 'P-PATROL', effectiveOn: '2021-06-01', reason: '局党组会议决定', title: '路政巡查执法岗', sensitive: true, rotationPeriodMonths: 60,
      previous: { title: '路政巡查执法岗', sensitive: false, rotationPeriodMonths: null },
    },
  }], 'named important or sensitive, with its period');
  givenPost([postDefined(posts.fines)]).when(change({ rotationPeriodMonths: 36 }, null, 'P-FINES'))
    .thenMatches(t, [{ data: { sensitive: true, rotationPeriodMonths: 36, previous: { rotationPeriodMonths: 60 } } }], 'a new period; still sensitive');
  givenPost([postDefined(posts.fines)]).when(change({ sensitive: false }, null, 'P-FINES'))
    .thenMatches(t, [{ data: { sensitive: false, rotationPeriodMonths: 60 } }], 'no longer sensitive (the period stays on record, unused)');
  givenPost([postDefined(posts.fines)]).when(change({ title: '罚没款收缴管理岗' }, null, 'P-FINES'))
    .thenMatches(t, [{ data: { title: '罚没款收缴管理岗', sensitive: true, rotationPeriodMonths: 60, previous: { title: '罚没款管理岗' } } }], 'renamed alone');

  const state = givenPost([postDefined(posts.patrol)]).when(change({ sensitive: true, rotationPeriodMonths: 60 })).stateAfter();
  t.same(postSnapshot(state), patrolSensitive, 'the post now has the new values; its unit and enforcement as defined');
  t.match(state, { latestChange: { eventId: givenEventId(2), effectiveOn: '2021-06-01', reason: '局党组会议决定' } }, 'and remembers its latest change');
});

t.test('a change that changes nothing is refused, as a correction that changes nothing is', async (t) => {
  givenPost([postDefined(posts.fines)]).when(change({ sensitive: true, rotationPeriodMonths: 60 }, null, 'P-FINES'))
    .thenRefuses(t, 'post_change_changes_nothing', 'sensitive at 60 months already');
  givenPost([postDefined(posts.patrol)]).when(change({ sensitive: false, title: '路政巡查执法岗' })).thenRefuses(t, 'post_change_changes_nothing');
  const changed = [postDefined(posts.patrol), { type: 'PostChanged' as const, data: {
    postId: 'P-PATROL', effectiveOn: '2021-06-01', reason: '定为敏感岗位', title: '路政巡查执法岗', sensitive: true, rotationPeriodMonths: 60,
    previous: { title: '路政巡查执法岗', sensitive: false, rotationPeriodMonths: null },
  } }] satisfies PostEvent[];
  givenPost(changed).when(change({ rotationPeriodMonths: 60 })).thenRefuses(t, 'post_change_changes_nothing', 'against the post as changed, not as defined');
  givenPost(changed).when(change({ rotationPeriodMonths: 36, effectiveOn: '2021-06-10' }))
    .thenMatches(t, [{ data: { rotationPeriodMonths: 36, previous: { sensitive: true, rotationPeriodMonths: 60 } } }]);
});

t.test('dates: not in the future, not before the post\'s latest change', async (t) => {
  givenPost([postDefined(posts.patrol)]).when(change({ sensitive: true, rotationPeriodMonths: 60, effectiveOn: '2021-06-16' })).thenRefuses(t, 'date_in_future');
  givenPost([postDefined(posts.patrol)]).when(change({ sensitive: true, rotationPeriodMonths: 60, effectiveOn: '2021-06-15' }))
    .thenMatches(t, [{ type: 'PostChanged' }], 'today will do');
  givenPost([postDefined(posts.patrol)]).when(change({ sensitive: true, rotationPeriodMonths: 60, effectiveOn: '2010-01-01' }))
    .thenMatches(t, [{ type: 'PostChanged' }], 'a decision recorded late keeps its own day');
  const changed = [postDefined(posts.patrol), ...givenPost([postDefined(posts.patrol)]).when(change({ sensitive: true, rotationPeriodMonths: 60 })).events()];
  givenPost(changed).when(change({ rotationPeriodMonths: 36, effectiveOn: '2021-05-31' })).thenRefuses(t, 'date_out_of_order', 'changes follow each other in the order of their days');
  givenPost(changed).when(change({ rotationPeriodMonths: 36, effectiveOn: '2021-06-01' })).thenMatches(t, [{ type: 'PostChanged' }], 'the same day will do');
});

t.test('an unknown post is a 404; nobody changes the post they hold (回避)', async (t) => {
  givenPost([]).when(change({ sensitive: true, rotationPeriodMonths: 60 })).thenNotFound(t, 'post');
  givenPost([postDefined(posts.fines)]).when(change({ sensitive: false }, 'P-FINES', 'P-FINES')).thenForbidden(t, 'own_post_change',
    'an HR officer on the post would end their own rotation clock');
  givenPost([postDefined(posts.fines)]).when(change({ sensitive: false }, 'P-PATROL', 'P-FINES')).thenMatches(t, [{ type: 'PostChanged' }], 'another post is no conflict');
});

t.test('the body: a period when sensitive, something to change, never the enforcement or the unit (400s from the schema)', async (t) => {
  const base = { effectiveOn: '2021-06-01', reason: '局党组会议决定' };
  const paths = (body: Record<string, unknown>) => ChangePostInput.safeParse(body).error?.issues.map((i) => i.path.join('.'));
  t.same(paths({ ...base, sensitive: true }), ['rotationPeriodMonths'], 'becoming or staying sensitive needs the period, as a definition does');
  t.same(paths({ ...base }), [''], 'nothing to change');
  t.ok(paths({ ...base, sensitive: true, rotationPeriodMonths: 0 })?.includes('rotationPeriodMonths'));
  t.ok(paths({ ...base, rotationPeriodMonths: null })?.includes('rotationPeriodMonths'), 'a period is a number of months');
  t.ok(paths({ ...base, enforcement: false, sensitive: true, rotationPeriodMonths: 60 }), 'whether it is an enforcement post stays as defined');
  t.ok(paths({ ...base, unitId: 'U-OFFICE', title: '新岗位' }), 'so does its unit');
  t.ok(paths({ ...base, reason: '', sensitive: false })?.includes('reason'));
  t.ok(paths({ ...base, effectiveOn: '2021-02-30', sensitive: false })?.includes('effectiveOn'));
  t.ok(ChangePostInput.safeParse({ ...base, rotationPeriodMonths: 36 }).success, 'a period alone (the post stays as sensitive as it is)');
});

// The officer's side.

const qualified = [officerRegistered(), qualificationGranted()];
const onPatrol = [...qualified, officerAssigned(posts.patrol, '2016-01-04')];
const onFines = [...qualified, officerAssigned(posts.fines, '2017-03-01')];
const reach = (post: PostSnapshot, effectiveOn = '2021-06-01', officerId = 'O-ZHANG'): ApplyPostChange =>
  ({ type: 'ApplyPostChange', officerId, post, change: { eventId: givenEventId(99), effectiveOn, reason: '局党组会议决定' } });
const officerAfter = (events: readonly OfficerEvent[]): Officer => {
  const state = fold(officerDecider, events);
  if (!state.exists) throw new Error('expected an officer');
  return state;
};
/** The given events, then what the decider writes for the change. */
const reached = (events: readonly OfficerEvent[], post: PostSnapshot, effectiveOn?: string): OfficerEvent[] =>
  [...events, ...givenOfficer(events).when(reach(post, effectiveOn)).events()];

t.test('a post named sensitive: its holder\'s clock runs from the start of their tenure, not from the change', async (t) => {
  givenOfficer(onPatrol).when(reach(patrolSensitive)).then(t, [{
    type: 'HeldPostChanged',
    data: { officerId: 'O-ZHANG', post: patrolSensitive, changeEventId: givenEventId(99), effectiveOn: '2021-06-01', reason: '局党组会议决定', tenureSince: '2016-01-04' },
  }], 'the event names the tenure\'s start');
  const officer = officerAfter(reached(onPatrol, patrolSensitive));
  t.same(officer.rotation, { postId: 'P-PATROL', since: '2016-01-04', periodMonths: 60, dueOn: '2021-01-04', deferrals: [] },
    'due five years after taking the post (already overdue), not five years after the change');
  t.match(officer.post, { post: patrolSensitive, since: '2016-01-04', reason: 'appointment' }, 'the holding keeps its start and reason');
  t.equal(officer.postHistory.length, 1, 'no move is recorded: the officer never left the post');
});

t.test('a holder who returned within 12 months: the clock counts from the tenure the return continued', async (t) => {
  const history = [...onPatrol, officerAssigned(posts.archive, '2019-03-01', 'O-ZHANG', 'P-PATROL'), officerAssigned(posts.patrol, '2019-09-01', 'O-ZHANG', 'P-ARCHIVE')];
  givenOfficer(history).when(reach(patrolSensitive)).thenMatches(t, [{ data: { tenureSince: '2016-01-04' } }],
    'six months away while the post was not sensitive: still the tenure from 2016');
  const longAway = [...onPatrol, officerAssigned(posts.archive, '2018-03-01', 'O-ZHANG', 'P-PATROL'), officerAssigned(posts.patrol, '2019-03-01', 'O-ZHANG', 'P-ARCHIVE')];
  givenOfficer(longAway).when(reach(patrolSensitive)).thenMatches(t, [{ data: { tenureSince: '2019-03-01' } }], '12 months away: the tenure starts with the return');
  const twice = [...history, officerAssigned(posts.archive, '2020-01-06', 'O-ZHANG', 'P-PATROL'), officerAssigned(posts.patrol, '2020-06-01', 'O-ZHANG', 'P-ARCHIVE')];
  givenOfficer(twice).when(reach(patrolSensitive)).thenMatches(t, [{ data: { tenureSince: '2016-01-04' } }], 'away and back twice: still the first tenure');
  t.match(officerAfter(reached(twice, patrolSensitive)).postHistory.at(-1), { postId: 'P-PATROL', from: '2020-06-01', tenureSince: '2016-01-04' },
    'the holding\'s history entry carries the tenure (a later return reads it)');
});

t.test('a post no longer sensitive stops its holders\' clocks; a new period moves their due dates', async (t) => {
  const notSensitive = { ...posts.fines, sensitive: false };
  givenOfficer(onFines).when(reach(notSensitive)).thenMatches(t, [{ type: 'HeldPostChanged', data: { post: notSensitive, tenureSince: null } }]);
  t.equal(officerAfter(reached(onFines, notSensitive)).rotation, null, 'no clock: nothing to rotate or defer');
  givenOfficer(reached(onFines, notSensitive)).when({ type: 'DeferRotation', officerId: 'O-ZHANG', input: { until: '2023-03-01', reason: '岗位急需', approvedBy: '局长' } })
    .thenRefuses(t, 'no_rotation_clock');

  const everyThreeYears = { ...posts.fines, rotationPeriodMonths: 36 };
  givenOfficer(onFines).when(reach(everyThreeYears)).thenMatches(t, [{ data: { tenureSince: '2017-03-01' } }]);
  t.same(officerAfter(reached(onFines, everyThreeYears)).rotation, { postId: 'P-FINES', since: '2017-03-01', periodMonths: 36, dueOn: '2020-03-01', deferrals: [] },
    'due three years after the tenure\'s start');
  t.match(officerAfter(reached(reached(onFines, notSensitive), posts.fines)).rotation, { since: '2017-03-01', dueOn: '2022-03-01' },
    'sensitive again: the clock from the tenure\'s start, as before');
  const renamed = { ...posts.fines, title: '罚没款收缴管理岗' };
  const before = officerAfter(onFines);
  const after = officerAfter(reached(onFines, renamed));
  t.same(after.rotation, before.rotation, 'a new title alone leaves the clock as it was');
  t.equal(after.post?.post.title, '罚没款收缴管理岗');
  t.equal(after.postHistory.at(-1)?.title, '罚没款收缴管理岗', 'the holding\'s history entry takes the title');
});

t.test('deferrals approved for the holding stay while they still defer under the new period', async (t) => {
  const deferred = (until: string) => [...onFines, { type: 'RotationDeferred' as const, data: { officerId: 'O-ZHANG', postId: 'P-FINES', until, reason: '岗位急需', approvedBy: '局长' } }];
  // On the fines post since 2017-03-01, deferred to 2023-03-01 (60 months: due 2022-03-01).
  t.match(officerAfter(reached(deferred('2023-03-01'), { ...posts.fines, rotationPeriodMonths: 48 })).rotation,
    { periodMonths: 48, dueOn: '2023-03-01', deferrals: [{ until: '2023-03-01' }] }, 'a shorter period: the deferral still defers (within twice 48 months), it stays');
  t.match(officerAfter(reached(deferred('2023-03-01'), { ...posts.fines, rotationPeriodMonths: 72 })).rotation,
    { periodMonths: 72, dueOn: '2023-03-01', deferrals: [] }, 'a period that runs past it: the deferral has nothing left to defer');
  t.match(officerAfter(reached(deferred('2026-03-01'), { ...posts.fines, rotationPeriodMonths: 24 })).rotation,
    { periodMonths: 24, dueOn: '2019-03-01', deferrals: [] }, 'beyond twice the new period from the tenure\'s start: it lapses, as no deferral may go that far');
  const stopped = reached(deferred('2023-03-01'), { ...posts.fines, sensitive: false });
  t.match(officerAfter(reached(stopped, posts.fines)).rotation, { dueOn: '2022-03-01', deferrals: [] }, 'a clock stopped and started again has no deferrals');
});

t.test('a change reaches holders only, once, and never an officer who left service', async (t) => {
  givenOfficer(onFines).when(reach(patrolSensitive)).then(t, [], 'an officer on another post');
  givenOfficer(qualified).when(reach(patrolSensitive)).then(t, [], 'an officer on no post');
  givenOfficer([]).when(reach(patrolSensitive)).then(t, [], 'an officer not registered: nothing to apply');
  givenOfficer(reached(onPatrol, patrolSensitive)).when(reach(patrolSensitive)).then(t, [], 'applied already: nothing twice');
  givenOfficer(onPatrol).when(reach(posts.patrol)).then(t, [], 'the post as the officer took it: nothing to apply');
  givenOfficer([...onPatrol, sanctionTookEffect({ kind: 'dismissal', effectiveOn: '2021-06-10' })]).when(reach(patrolSensitive)).then(t, [], 'dismissed: no post any more');
  const leftIt = [...onPatrol, officerAssigned(posts.archive, '2021-03-01', 'O-ZHANG', 'P-PATROL')];
  givenOfficer(leftIt).when(reach(patrolSensitive)).then(t, [], 'left the post before the change was recorded');
  // Evolve ignores a change of a post the officer does not hold (it cannot be decided, but a log may hold anything).
  const stray = { type: 'HeldPostChanged' as const, data: { officerId: 'O-ZHANG', post: patrolSensitive, changeEventId: givenEventId(99), effectiveOn: '2021-06-01', reason: '—', tenureSince: '2016-01-04' } };
  t.same(officerAfter([...onFines, stray]).rotation, officerAfter(onFines).rotation);
});

t.test('once the post is sensitive, its holder\'s rotation can be deferred as any other', async (t) => {
  const defer = { type: 'DeferRotation' as const, officerId: 'O-ZHANG', input: { until: '2022-01-04', reason: '专项整治期间保持稳定', approvedBy: '局长' } };
  givenOfficer(onPatrol).when(defer).thenRefuses(t, 'no_rotation_clock', 'before the change');
  givenOfficer(reached(onPatrol, patrolSensitive)).when(defer).thenMatches(t, [{ type: 'RotationDeferred', data: { postId: 'P-PATROL', until: '2022-01-04' } }]);
  givenOfficer(reached(onPatrol, patrolSensitive)).when({ ...defer, input: { ...defer.input, until: '2026-01-05' } })
    .thenRefuses(t, 'deferral_too_far', 'twice the period from the tenure\'s start in 2016, not from the change');
});
