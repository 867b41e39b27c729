import path from 'node:path';
import t from 'tap';
import { instantMs } from '../../projections/projected-event.js';
import { createProjectionRunner } from '../../src/read-models/projection-runner.js';
import { readOfficerHistory } from '../../src/read-models/queries/officer-history-query.js';
import { openReadModelReader } from '../../src/read-models/read-model-database.js';
import { rebuildReadModels } from '../../src/read-models/rebuild.js';
import { EventLog, post } from '../fixtures/projection-events.js';
import { SubscribableEventStore } from '../fixtures/subscribable-event-store.js';

// The log's order is not the order of recordedAt: a sanction's effect on the officer is a second
// append carrying the time of the command that imposed it, and a request on the officer's stream
// that came later can append in between (the seed does this hundreds of times). The live runner
// writes an officer's timeline in chunks, one per commit; a chunk whose first entry was recorded
// after `asOf` can still hold entries recorded before it. `?asOf=` must show them, as a rebuild
// (one chunk per officer) does.

const log = new EventLog('2021-03-01T09:00:00.000+08:00');
log.add('UnitRegistered', { unitId: 'U1', name: '城区执法中队', headOfficerId: null });
log.add('OfficerRegistered', { officerId: 'O1', name: '李明', unitId: 'U1', hiredOn: '2012-01-01' });
log.add('QualificationGranted', { officerId: 'O1', certificateNo: '证O1', grantedOn: '2012-03-01' });
log.add('OfficerAssigned', { officerId: 'O1', post: post('P1', 'U1', { sensitive: true, months: 60 }), effectiveOn: '2021-03-01', reason: 'appointment', previousPostId: null });
log.add('CaseReported', {
  caseId: 'C1', subjects: [{ officerId: 'O1', unitId: 'U1' }], category: 'integrity', channel: 'inspection',
  occurredOn: '2021-03-01', summary: '收受财物', ruleRefs: [], reporter: null, reportedOn: '2021-03-02',
});
log.add('VerificationAssigned', { caseId: 'C1', inspectorId: 'I1', assignedOn: '2021-03-02', dueOn: '2021-04-01' });
log.add('FindingRecorded', { caseId: 'C1', officerIds: ['O1'], outcome: 'substantiated', severity: 'serious', summary: '属实', recordedOn: '2021-03-10', late: false });
const sanctionRecordedAt = '2021-03-11T10:00:00.000+08:00';
log.add('SanctionImposed', {
  caseId: 'C1', sanctionId: 'S1', officerId: 'O1', kind: 'dismissal', capacity: 'subject', effectiveOn: '2021-03-11', basis: '六严禁', untilOn: null, toPostId: null,
}, { at: sanctionRecordedAt });
const firstPart = log.recorded.length;
// HR's request, made five minutes later, reaches the officer's stream before the sanction's effect does.
log.add('WarningEducationAttended', { officerId: 'O1', attendedOn: '2021-03-11', topic: '警示教育' }, { at: '2021-03-11T10:05:00.000+08:00' });
log.add('SanctionTookEffect', {
  officerId: 'O1', caseId: 'C1', sanctionId: 'S1', kind: 'dismissal', capacity: 'subject', effectiveOn: '2021-03-11', untilOn: null, toPost: null,
}, { at: sanctionRecordedAt });

const between = '2021-03-11T10:02:00.000+08:00';

t.test('?asOf= shows every entry recorded by then, whichever commit wrote it', async (t) => {
  const dir = t.testdir();
  const store = new SubscribableEventStore();
  const file = path.join(dir, 'live.db');
  const runner = createProjectionRunner({ store, database: { path: file } });
  runner.start();
  t.teardown(() => runner.stop());
  await store.load(log.recorded.slice(0, firstPart));
  t.ok(await runner.waitForPosition(log.recorded[firstPart - 1]!.position, 10_000));
  // The warning education and the sanction's effect arrive together: one commit, one chunk of O1's timeline.
  await store.load(log.recorded.slice(firstPart));
  t.ok(await runner.waitForPosition(log.recorded.at(-1)!.position, 10_000));

  const rebuilt = await rebuildReadModels({ store, path: path.join(dir, 'rebuilt.db'), helperThread: false });
  t.teardown(() => rebuilt.database.close());
  const live = openReadModelReader(file);
  t.teardown(() => live.close());

  for (const [name, db] of [['rebuilt', rebuilt.database.db], ['live', live]] as const) {
    const then = (await readOfficerHistory(db, store, 'O1', { asOf: between, asOfMs: instantMs(between) }))!;
    t.same(then.timeline.map((e) => e.type).slice(-2), ['SanctionImposed', 'SanctionTookEffect'], `${name}: the effect recorded at 10:00 is in the history as of 10:02`);
    t.equal(then.state.inService, false, `${name}: dismissed as of 10:02`);
    t.equal(then.state.post, null, `${name}: off the post as of 10:02`);
    t.same(then.state.warningEducation, [], `${name}: the warning education recorded at 10:05 is not`);
  }
});
