// The rectification ledger's read model: a row per item from its events, the deadline in force and
// the lateness the decisions wrote; open, overdue or done worked out against the day it is read;
// the list in pages, its filters, its counts, and the statistics' figures per unit.
import t from 'tap';
import { foldInMemory } from '../../projections/projection.js';
import { rectificationLedgerProjection, rectificationStatus, type RectificationRow } from '../../projections/rectification-ledger.js';
import {
  countRectifications, iterateRectifications, listRectifications, readRectification, rectificationStatistics,
} from '../../src/read-models/queries/rectification-ledger-query.js';
import { InvalidCursorError } from '../../src/read-models/queries/statements.js';
import { EventLog } from '../fixtures/projection-events.js';
import { buildReadModels } from '../fixtures/read-models.js';

const id = (n: number) => `0190a1b2-c3d4-7e5f-8a6b-${String(n).padStart(12, '0')}`;

function ledger(): EventLog {
  const log = new EventLog('2021-06-20T09:00:00.000+08:00');
  log.add('UnitRegistered', { unitId: 'U1', name: '路政执法中队', headOfficerId: null });
  log.add('UnitRegistered', { unitId: 'U2', name: '超限检测站', headOfficerId: null });
  const item = (n: number, unitId: string, foundOn: string, dueOn: string) => log.add('RectificationRecorded', {
    rectificationId: id(n), unitId, problem: `问题${n}`, source: 'self_inspection', caseId: null, measure: `措施${n}`,
    responsibleDepartment: '法制股', responsiblePerson: '王强', responsibleOfficerId: null, foundOn, dueOn,
  }, { actor: 'inspector-liu' });
  // 1: done on time and accepted.
  item(1, 'U1', '2021-06-20', '2021-08-25');
  log.add('RectificationProgressNoted', { rectificationId: id(1), notedOn: '2021-07-08', note: '已制定制度' });
  log.add('RectificationCompleted', { rectificationId: id(1), completedOn: '2021-08-20', summary: '已整改', dueOn: '2021-08-25', late: false });
  log.add('RectificationVerified', { rectificationId: id(1), verifiedOn: '2021-09-01', outcome: 'accepted', note: '抽查合格', dueOn: null });
  // 2: extended after its deadline had passed, done before the new one: late.
  item(2, 'U1', '2021-06-21', '2021-08-25');
  log.add('RectificationDeadlineExtended', {
    rectificationId: id(2), previousDueOn: '2021-08-25', dueOn: '2021-09-30', reason: '需采购设备', approvedBy: '局领导', approvedOn: '2021-09-01', afterDeadline: true,
  });
  log.add('RectificationCompleted', { rectificationId: id(2), completedOn: '2021-09-20', summary: '设备到位', dueOn: '2021-09-30', late: true });
  // 3: still open, overdue on 2021-09-10.
  item(3, 'U2', '2021-06-22', '2021-08-25');
  // 4: open, not yet due on 2021-09-10.
  item(4, 'U2', '2021-06-23', '2021-09-30');
  // 5: done, then rejected on its check: open again with a new deadline.
  item(5, 'U2', '2021-06-24', '2021-08-25');
  log.add('RectificationCompleted', { rectificationId: id(5), completedOn: '2021-08-10', summary: '已整改', dueOn: '2021-08-25', late: false });
  log.add('RectificationVerified', { rectificationId: id(5), verifiedOn: '2021-08-15', outcome: 'rejected', note: '整改流于形式', dueOn: '2021-09-05' });
  return log;
}

t.test('a row per item, from its events', async (t) => {
  const rows = foldInMemory(rectificationLedgerProjection, ledger().projected).items as Map<string, RectificationRow>;
  t.equal(rows.size, 5);
  t.match(rows.get(id(1)), {
    unitId: 'U1', problem: '问题1', measure: '措施1', foundOn: '2021-06-20', originalDueOn: '2021-08-25', dueOn: '2021-08-25', missedDueOn: null,
    latestProgress: { on: '2021-07-08', note: '已制定制度' }, completedOn: '2021-08-20', completionSummary: '已整改', late: false,
    verification: { on: '2021-09-01', outcome: 'accepted' }, accepted: true, rejectionCount: 0, recordedBy: 'inspector-liu',
  });
  t.same(rows.get(id(1))!.timeline.map((e) => `${e.kind} ${e.on}`), ['recorded 2021-06-20', 'progress 2021-07-08', 'completion 2021-08-20', 'verification 2021-09-01'],
    'its timeline, each entry with the day it tells');
  t.match(rows.get(id(1))!.timeline[0], { eventId: String, position: /^\d+$/, recordedAt: String, recordedBy: 'inspector-liu' });
  t.match(rows.get(id(2)), { originalDueOn: '2021-08-25', dueOn: '2021-09-30', extensionCount: 1, missedDueOn: '2021-08-25', late: true },
    'the extension after the deadline leaves the lateness on record');
  t.match(rows.get(id(5)), { completedOn: null, completionSummary: null, late: null, dueOn: '2021-09-05', rejectionCount: 1, accepted: false,
    verification: { outcome: 'rejected', note: '整改流于形式' } }, 'a rejected check opens it again with the new deadline');
});

t.test('status against the day read: open, overdue past the deadline, done', async (t) => {
  t.equal(rectificationStatus({ completedOn: null, dueOn: '2021-08-25' }, '2021-08-25'), 'open', 'due today: not yet overdue');
  t.equal(rectificationStatus({ completedOn: null, dueOn: '2021-08-25' }, '2021-08-26'), 'overdue');
  t.equal(rectificationStatus({ completedOn: '2021-09-20', dueOn: '2021-08-25' }, '2021-09-21'), 'done', 'done late is done');
});

t.test('events of items never recorded, and a repeated record, change nothing', async (t) => {
  const log = new EventLog();
  log.add('RectificationProgressNoted', { rectificationId: id(9), notedOn: '2021-07-08', note: '无' });
  const first = log.add('RectificationRecorded', {
    rectificationId: id(9), unitId: 'U1', problem: '甲', source: 'other', caseId: null, measure: '乙', responsibleDepartment: '丙', responsiblePerson: '丁',
    responsibleOfficerId: null, foundOn: '2021-06-01', dueOn: '2021-07-01',
  });
  log.add('RectificationRecorded', { ...(first.data as Record<string, unknown>), problem: '另一个' } as never);
  const rows = foldInMemory(rectificationLedgerProjection, log.projected).items as Map<string, RectificationRow>;
  t.equal(rows.get(id(9))!.problem, '甲');
  t.equal(rows.get(id(9))!.timeline.length, 1);
  t.same(rectificationLedgerProjection.reduce({ get: () => undefined }, log.projected[0]!), [], 'no row: nothing to note progress on');
});

t.test('queries: pages, filters, counts, one item, the statistics', async (t) => {
  const rm = await buildReadModels(t.testdir(), ledger().recorded);
  t.teardown(() => rm.close());
  const today = '2021-09-10';
  const page = listRectifications(rm.reader, { today });
  t.same(page.items.map((i) => `${i.rectificationId.slice(-1)} ${i.status}`), ['3 overdue', '5 overdue', '4 open', '1 done', '2 done'],
    'open items first, soonest deadline first, then those done');
  t.same(page.counts, { open: 1, overdue: 2, done: 2 });
  t.match(page.items[0], { unitId: 'U2', unitName: '超限检测站', status: 'overdue', overdueDays: 16 });
  t.notOk('timeline' in page.items[0]!, 'the list carries no timeline');
  t.equal(page.items[2]!.overdueDays, 0);

  t.same(listRectifications(rm.reader, { today, status: 'overdue' }).items.map((i) => i.rectificationId), [id(3), id(5)]);
  t.same(listRectifications(rm.reader, { today, status: 'open' }).items.map((i) => i.rectificationId), [id(4)]);
  t.same(listRectifications(rm.reader, { today, status: 'done' }).items.map((i) => i.rectificationId), [id(1), id(2)]);
  t.same(listRectifications(rm.reader, { today, status: 'done' }).counts, { open: 1, overdue: 2, done: 2 }, 'counts do not depend on the status listed');
  const u1 = listRectifications(rm.reader, { today, unitId: 'U1' });
  t.same(u1.items.map((i) => i.rectificationId), [id(1), id(2)]);
  t.same(u1.counts, { open: 0, overdue: 0, done: 2 });
  t.same(listRectifications(rm.reader, { today, dueBefore: '2021-09-06' }).items.map((i) => i.rectificationId), [id(3), id(5), id(1)]);
  t.same(listRectifications(rm.reader, { today, accepted: true }).items.map((i) => i.rectificationId), [id(1)]);
  t.equal(listRectifications(rm.reader, { today, accepted: false }).total, 4);
  t.same(listRectifications(rm.reader, { today: '2021-08-01' }).counts, { open: 3, overdue: 0, done: 2 }, 'earlier, nothing was overdue yet');

  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const p = listRectifications(rm.reader, { today, limit: 2, ...(cursor ? { cursor } : {}) });
    t.equal(p.total, 5);
    seen.push(...p.items.map((i) => i.rectificationId));
    cursor = p.nextCursor ?? undefined;
  } while (cursor);
  t.same(seen, page.items.map((i) => i.rectificationId), 'pages of two give the same order');
  t.throws(() => listRectifications(rm.reader, { today, cursor: 'bogus' }), InvalidCursorError);

  t.same([...iterateRectifications(rm.reader, { today, unitId: 'U2' })].map((i) => i.rectificationId), [id(3), id(5), id(4)], 'the export, with the same filters');
  t.same(countRectifications(rm.reader, { today, unitId: 'U2' }), { open: 1, overdue: 2, done: 0 });

  const one = readRectification(rm.reader, id(2), today);
  t.match(one, { status: 'done', late: true, unitName: '路政执法中队' });
  t.same(one!.timeline.map((e) => e.kind), ['recorded', 'extension', 'completion']);
  t.match(one!.timeline[1], { previousDueOn: '2021-08-25', dueOn: '2021-09-30', approvedBy: '局领导', afterDeadline: true });
  t.equal(readRectification(rm.reader, id(99), today), null);

  t.same(rectificationStatistics(rm.reader, { today }), {
    total: 5, open: 1, overdue: 2, done: 2, doneLate: 1,
    byUnit: { U1: { open: 0, overdue: 0, done: 2, doneLate: 1 }, U2: { open: 1, overdue: 2, done: 0, doneLate: 0 } },
  });
  t.same(rectificationStatistics(rm.reader, { today, from: '2021-06-22', to: '2021-06-23' }),
    { total: 2, open: 1, overdue: 1, done: 0, doneLate: 0, byUnit: { U2: { open: 1, overdue: 1, done: 0, doneLate: 0 } } }, 'items found in the period');
  t.same(rectificationStatistics(rm.reader, { today, unitId: 'U1' }).byUnit, { U1: { open: 0, overdue: 0, done: 2, doneLate: 1 } });
  t.same(rectificationStatistics(rm.reader, { today, unitId: 'NONE' }), { total: 0, open: 0, overdue: 0, done: 0, doneLate: 0, byUnit: {} });
});
