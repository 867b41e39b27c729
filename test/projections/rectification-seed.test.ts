// The seed writes the 2021 campaign's rectification ledgers through the command path: a few items a
// unit, listed by 25 June; some done on time, some late (one extended only after its deadline), one
// redone after a failed check, some still open. None refused.
import t from 'tap';
import { seedRegister } from '../../scripts/seed.js';
import { toProjectedEvent, type ProjectedEvent } from '../../projections/projected-event.js';
import { foldInMemory } from '../../projections/projection.js';
import { rectificationLedgerProjection, rectificationStatus, type RectificationRow } from '../../projections/rectification-ledger.js';
import { InMemoryEventStore } from '../fixtures/in-memory-event-store.js';

async function seeded(to: string): Promise<{ rows: RectificationRow[]; refused: Record<string, number> }> {
  const store = new InMemoryEventStore();
  const report = await seedRegister({ store, seed: 5, officers: 40, units: 4, from: '2021-03-01', to, caseRate: 0.2, concurrency: 8 });
  const events: ProjectedEvent[] = [];
  for await (const recorded of store.readAll()) {
    const event = toProjectedEvent(recorded);
    if (event) events.push(event);
  }
  const rows = [...(foldInMemory(rectificationLedgerProjection, events).items as Map<string, RectificationRow>).values()];
  return { rows, refused: report.refused };
}

t.test('the campaign\'s ledgers, through the command path', async (t) => {
  const { rows, refused } = await seeded('2021-12-31');
  t.same(refused, {}, 'nothing refused');
  t.equal(rows.length, 8, 'two items for each of the four units');
  t.same([...new Set(rows.map((r) => r.unitId))].length, 4);
  t.ok(rows.every((r) => r.foundOn === '2021-06-20' && r.originalDueOn === '2021-08-25' && r.latestProgress !== null), 'listed with the campaign\'s deadline, progress noted at the briefing');
  const status = (r: RectificationRow) => rectificationStatus(r, '2021-12-31');
  t.equal(rows.filter((r) => status(r) === 'overdue').length, 2, 'some still open, now overdue');
  t.equal(rows.filter((r) => status(r) === 'done' && r.late === false).length, 4, 'some done on time');
  t.equal(rows.filter((r) => status(r) === 'done' && r.late === true).length, 2, 'some late');
  t.ok(rows.some((r) => r.late && r.missedDueOn === '2021-08-25' && r.dueOn === '2021-09-30'), 'one extended after its deadline had passed: late still');
  t.ok(rows.some((r) => r.rejectionCount === 1 && r.accepted), 'one redone after a failed check, then accepted');
  t.ok(rows.some((r) => r.responsibleOfficerId !== null), 'unit heads answer for them');
});

t.test('a seed that ends before the deadline lists the items only', async (t) => {
  const { rows } = await seeded('2021-07-01');
  t.equal(rows.length, 8);
  t.ok(rows.every((r) => r.completedOn === null && r.latestProgress === null));
});
