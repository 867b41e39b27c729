import t from 'tap';
import { allProjections } from '../../projections/index.js';
import { stepInMemory, emptyTables, type MemoryTables, type ProjectionView, type TableRows } from '../../projections/projection.js';
import { generatedHistory } from '../fixtures/generated-history.js';

// A projection that names its event types is never asked about other events (the runner skips
// them, a rebuild's helper thread is never sent them): it must answer every other event with no
// change, at every point of a realistic history.

const CASE_PROJECTIONS = ['case_register', 'statistics', 'accountability_alerts'];

const history = generatedHistory({ seed: 5, officers: 20, cases: 80 });

for (const projection of allProjections.filter((p) => p.eventTypes)) {
  t.test(`${projection.name} answers no event outside its event types`, async (t) => {
    let state: MemoryTables = emptyTables(projection);
    let outside = 0;
    let inside = 0;
    for (const event of history.projected) {
      if (projection.eventTypes!.has(event.type)) {
        inside += 1;
      } else {
        outside += 1;
        const view: ProjectionView<TableRows> = { get: (table, key) => state[table]?.get(key) as never };
        const changes = projection.reduce(view, event);
        if (changes.length > 0) t.fail(`${event.type} at ${event.position} changes ${projection.name}`);
      }
      state = stepInMemory(projection, state, event);
    }
    t.ok(inside > 50 && outside > 50, `${inside} events inside, ${outside} outside its types`);
    if (CASE_PROJECTIONS.includes(projection.name)) {
      // Officer events that name a case (a sanction taking effect) are among those it must ignore.
      t.ok(history.projected.some((e) => e.type === 'SanctionTookEffect' && !projection.eventTypes!.has(e.type)));
    }
  });
}

t.test('the officer history, the case register, the statistics and the alerts name their event types', async (t) => {
  for (const name of ['officer_history', ...CASE_PROJECTIONS]) {
    t.ok(allProjections.find((p) => p.name === name)?.eventTypes, name);
  }
});
