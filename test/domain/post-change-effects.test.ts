import { DateTime } from 'luxon';
import t from 'tap';
import { createCommandService, type CommandServiceDeps } from '../../src/application/command-service.js';
import { createPostChangeReactor, possibleHolders } from '../../src/application/post-changes.js';
import { loadAggregate } from '../../src/application/load-aggregate.js';
import { officerDecider } from '../../src/domain/deciders.js';
import type { ReadAllOptions, RecordedEvent } from '../../src/store/event-store.js';
import { ctxAt, hrActor, inspectorActor, seedBureau } from '../fixtures/domain-bureau.js';
import { InMemoryEventStore } from '../fixtures/in-memory-event-store.js';

// A post is changed in its own stream, then the change reaches each holder's stream (as a
// sanction's effect reaches the officer's). The holders are found in the read models and the log
// after them (or the whole log); a crash between the appends is completed by the reactor; and an
// officer who takes the post while it changes is brought up to date by the write that put them there.

const hr = (local = '2021-06-15T09:00') => ctxAt(local, hrActor);
const sensitive = { effectiveOn: '2021-06-01', reason: '局党组会议决定定为重要敏感岗位', sensitive: true, rotationPeriodMonths: 60 };

async function bureau(options: Partial<CommandServiceDeps> = {}) {
  const store = new InMemoryEventStore();
  const deferred: { postId: string; changeEventId: string }[] = [];
  const service = createCommandService({ store, onPostChangeDeferred: (_error, ref) => deferred.push(ref), ...options });
  await seedBureau(service);
  // A second holder of the patrol post (O-ZHANG holds it since 2016-01-04).
  await service.assignOfficer({ postId: 'P-PATROL', effectiveOn: '2010-05-04', reason: 'appointment' }, 'O-HEAD', hr('2021-01-05T09:00'));
  return { store, service, deferred };
}

const last = (store: InMemoryEventStore, officerId: string) => store.events(`officer-${officerId}`).at(-1)!;
const rotationOf = async (store: InMemoryEventStore, officerId: string) => {
  const { state } = await loadAggregate(store, `officer-${officerId}`, officerDecider);
  return state.exists ? state.rotation : undefined;
};

t.test('a change reaches every holder of the post; the answer\'s position covers their records', async (t) => {
  const { store, service } = await bureau();
  const answer = await service.changePost(sensitive, 'P-PATROL', hr());
  const changed = store.events('post-P-PATROL').at(-1)!;
  t.match(changed, { type: 'PostChanged', id: answer.id, data: { sensitive: true, rotationPeriodMonths: 60, previous: { sensitive: false } } });
  t.equal(answer.revision, changed.revision, 'the post\'s revision (its ETag)');
  for (const [officerId, since] of [['O-ZHANG', '2016-01-04'], ['O-HEAD', '2010-05-04']] as const) {
    t.match(last(store, officerId), {
      type: 'HeldPostChanged',
      data: { post: { postId: 'P-PATROL', sensitive: true, rotationPeriodMonths: 60 }, changeEventId: answer.id, effectiveOn: '2021-06-01', tenureSince: since },
      metadata: { $causationId: answer.id, $correlationId: changed.metadata.$correlationId, actor: 'hr-zhao' },
    }, `${officerId}: caused by the change, in the same request`);
  }
  t.match(await rotationOf(store, 'O-ZHANG'), { since: '2016-01-04', dueOn: '2021-01-04' }, 'the clock from the tenure\'s start');
  t.notOk(store.events('officer-O-LI').some((e) => e.type === 'HeldPostChanged'), 'an officer on another post: nothing');
  const positions = store.log.map((e) => e.position);
  t.equal(answer.position, positions[positions.length - 1], 'the position of the last record written: ?minPosition= with it reads them all');

  // Again from the same post: no longer sensitive; the holders' clocks stop.
  await service.changePost({ effectiveOn: '2021-06-10', reason: '调整', sensitive: false }, 'P-PATROL', hr());
  t.equal(await rotationOf(store, 'O-ZHANG'), null);
  t.equal(await rotationOf(store, 'O-HEAD'), null);
});

t.test('holders are found in the read models and the log after them, or in the whole log', async (t) => {
  const { store } = await bureau();
  const reads: ReadAllOptions[] = [];
  const readAll = store.readAll.bind(store);
  store.readAll = (options: ReadAllOptions = {}) => {
    reads.push(options);
    return readAll(options);
  };
  const zhangAssigned = store.events('officer-O-ZHANG').find((e) => e.type === 'OfficerAssigned')!;
  // The read models stood just after O-ZHANG's assignment; O-HEAD was assigned after it.
  const hinted = await possibleHolders(store, 'P-PATROL', () => ({ officerIds: ['O-ZHANG'], position: zhangAssigned.position }));
  t.same(hinted.sort(), ['O-HEAD', 'O-ZHANG']);
  t.same(reads.at(-1), { fromPosition: zhangAssigned.position + 1n }, 'only the log after their position is read');
  const unhinted = await possibleHolders(store, 'P-PATROL', () => {
    throw new Error('the read models are being rebuilt');
  });
  t.same(unhinted.sort(), ['O-HEAD', 'O-ZHANG'], 'read models that cannot say: the whole log');
  t.same(reads.at(-1), {});
  t.same(await possibleHolders(store, 'P-PATROL', () => ({ officerIds: [], position: null })), ['O-ZHANG', 'O-HEAD'], 'read models with nothing yet: the whole log');
  t.same(await possibleHolders(store, 'P-NOBODY'), []);

  // Through the service: the hint is asked, and its officers are checked against their streams.
  const asked: string[] = [];
  const service = createCommandService({ store, postHolders: (postId) => { asked.push(postId); return { officerIds: ['O-ZHANG', 'O-LI'], position: null }; } });
  await service.changePost(sensitive, 'P-PATROL', hr());
  t.same(asked, ['P-PATROL']);
  t.equal(last(store, 'O-HEAD').type, 'HeldPostChanged');
  t.equal(last(store, 'O-ZHANG').type, 'HeldPostChanged');
  t.not(last(store, 'O-LI').type, 'HeldPostChanged', 'named by the read models, but on another post: nothing');
});

const reactorClock = () => DateTime.fromISO('2021-06-15T09:05', { zone: 'Asia/Shanghai' });

async function replay(store: InMemoryEventStore, react: (event: RecordedEvent) => Promise<void>) {
  for await (const event of store.readAll()) await react(event);
}

t.test('a crash between the post append and a holder\'s is completed by the reactor; again, it writes nothing', async (t) => {
  const { store, service, deferred } = await bureau();
  store.failNextAppend.set('officer-O-ZHANG', new Error('power cut'));
  const answer = await service.changePost(sensitive, 'P-PATROL', hr());
  t.same(deferred, [{ postId: 'P-PATROL', changeEventId: answer.id }], 'the write is answered; the rest is left to the reactor');
  t.not(last(store, 'O-ZHANG').type, 'HeldPostChanged', 'O-ZHANG\'s record is behind');

  const react = createPostChangeReactor({ store, clock: reactorClock });
  await replay(store, react);
  t.match(last(store, 'O-ZHANG'), {
    type: 'HeldPostChanged', data: { tenureSince: '2016-01-04' },
    metadata: { $causationId: answer.id, actor: 'hr-zhao', recordedAt: '2021-06-15T09:05:00.000+08:00' },
  }, 'completed, as the change\'s own request and actor');
  const length = store.log.length;
  const appends = store.appendCalls;
  await replay(store, react);
  t.equal(store.log.length, length, 'running it again writes nothing');
  t.equal(store.appendCalls, appends, 'not even an append: every holder is up to date');
  await replay(store, createPostChangeReactor({ store, hint: () => ({ officerIds: ['O-ZHANG'], position: null }) }));
  t.equal(store.log.length, length, 'nor with the read models\' hint');
});

t.test('an officer put on the post while it changes is brought up to date by the write that put them there', async (t) => {
  const { store, service } = await bureau();
  // The assignment has looked the post up; before it is appended, the post changes (and looks for its holders).
  store.beforeNextAppend.set('officer-O-LI', async () => {
    await service.changePost(sensitive, 'P-PATROL', hr('2021-06-15T09:00'));
  });
  await service.assignOfficer({ postId: 'P-PATROL', effectiveOn: '2021-06-10', reason: 'rotation' }, 'O-LI', hr('2021-06-15T09:01'));
  const events = store.events('officer-O-LI').slice(-2);
  t.match(events, [
    { type: 'OfficerAssigned', data: { post: { postId: 'P-PATROL', sensitive: false } } },
    { type: 'HeldPostChanged', data: { post: { postId: 'P-PATROL', sensitive: true }, tenureSince: '2021-06-10' } },
  ], 'assigned with the post as it was looked up, then the change');
  t.match(await rotationOf(store, 'O-LI'), { postId: 'P-PATROL', since: '2021-06-10', dueOn: '2026-06-10' });
  const appends = store.appendCalls;
  await service.assignOfficer({ postId: 'P-ARCHIVE', effectiveOn: '2021-06-11', reason: 'transfer' }, 'O-HEAD', hr('2021-06-15T09:02'));
  t.equal(store.appendCalls, appends + 1, 'an assignment to a post not changed since: the assignment alone');
});

t.test('so is an officer a sanction moves onto a post while it changes', async (t) => {
  const { store, service } = await bureau();
  const inspector = (local: string) => ctxAt(local, inspectorActor);
  const { id: caseId } = await service.reportCase({
    officerIds: ['O-ZHANG'], category: 'integrity', channel: 'letter', occurredOn: '2021-05-10', summary: '收受当事人财物',
  }, inspector('2021-05-12T09:00'));
  await service.assignVerification({ inspectorId: 'inspector-li' }, caseId, inspector('2021-05-12T10:00'));
  await service.recordFinding({ outcome: 'substantiated', severity: 'minor', summary: '属实' }, caseId, inspector('2021-05-20T09:00'));
  store.beforeNextAppend.set('officer-O-ZHANG', async () => {
    await service.changePost({ ...sensitive, rotationPeriodMonths: 36 }, 'P-ARCHIVE', hr('2021-06-15T09:00'));
  });
  await service.imposeSanction({ officerId: 'O-ZHANG', kind: 'reassignment', effectiveOn: '2021-06-14', basis: '调离执法岗位', toPostId: 'P-ARCHIVE' }, caseId, inspector('2021-06-15T09:01'));
  t.match(store.events('officer-O-ZHANG').slice(-2), [
    { type: 'SanctionTookEffect', data: { toPost: { postId: 'P-ARCHIVE', sensitive: false } } },
    { type: 'HeldPostChanged', data: { post: { postId: 'P-ARCHIVE', sensitive: true, rotationPeriodMonths: 36 }, tenureSince: '2021-06-14' } },
  ]);
});
