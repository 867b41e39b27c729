import path from 'node:path';
import t from 'tap';
import { seedRegister } from '../../scripts/seed.js';
import { caseStatuses } from '../../projections/case-register.js';
import { digestReadModels } from '../../src/read-models/digest.js';
import { createProjectionRunner } from '../../src/read-models/projection-runner.js';
import { iterateCases, listCases } from '../../src/read-models/queries/case-register-query.js';
import { readRotationSchedule } from '../../src/read-models/queries/rotation-schedule-query.js';
import { readStatistics } from '../../src/read-models/queries/statistics-query.js';
import { openReadModelReader } from '../../src/read-models/read-model-database.js';
import { rebuildReadModels } from '../../src/read-models/rebuild.js';
import { reportChannels, violationCategories } from '../../src/domain/shared/codes.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';
import { SubscribableEventStore } from '../fixtures/subscribable-event-store.js';

// A realistic history written through the command path by the seed, followed live by a runner that
// is stopped and restarted while the seed writes, must give the same read models as a rebuild.

t.test('the seed writes a bureau through the command path; live read models equal a rebuild', async (t) => {
  const dir = t.testdir();
  const store = new SubscribableEventStore();
  const livePath = path.join(dir, 'live.db');
  let runner = createProjectionRunner({ store, database: { path: livePath }, batchSize: 50 });
  runner.start();
  let restarts = 0;
  let restarting = Promise.resolve();
  const report = await seedRegister({
    store, seed: 7, officers: 60, units: 4, from: '2019-01-01', to: '2021-06-30', caseRate: 2, concurrency: 8,
    onProgress: () => {
      // Every fourth simulated month: stop the runner and start a new one on the same file, while the seed writes on.
      restarts += 1;
      if (restarts % 4 === 0) {
        restarting = restarting.then(async () => {
          await runner.stop();
          runner = createProjectionRunner({ store, database: { path: livePath }, batchSize: 50 });
          runner.start();
        });
      }
    },
  });
  await restarting;
  t.ok(restarts >= 8, `the runner was restarted ${Math.floor(restarts / 4)} times while the seed wrote`);
  t.ok(report.events > 2000, `a realistic history (${report.events} events, ${report.cases} cases)`);
  t.ok(report.cases > 100);
  const refusedTotal = Object.values(report.refused).reduce((a, b) => a + b, 0);
  t.ok(refusedTotal < report.commands * 0.05, `few commands refused (${JSON.stringify(report.refused)})`);
  t.notOk(report.refused.invalid_input, 'the seed never sends invalid input');

  t.ok(await runner.waitUntilCaughtUp(30_000));
  const head = await store.headPosition();
  t.ok(await runner.waitForPosition(head!, 30_000));
  const live = digestReadModels(runner.database);
  const rebuilt = await rebuildReadModels({ store, path: path.join(dir, 'rebuilt.db') });
  t.same(live, digestReadModels(rebuilt.database), 'the same digest for every read model');
  rebuilt.database.close();
  // `npm run replay` reads an SQLite log's file itself, on two threads, and only the metadata fields projections read.
  const logFile = path.join(dir, 'events.db');
  const sqlite = await openSqliteEventStore({ path: logFile });
  for await (const event of store.readAll()) {
    await sqlite.append(event.streamName, [{ id: event.id, type: event.type, data: event.data, metadata: event.metadata }], { expectedRevision: 'any' });
  }
  // (Positions in the copy are the SQLite log's own, so it is compared with a rebuild of that log read as a store.)
  const fromStore = await rebuildReadModels({ store: sqlite, path: path.join(dir, 'from-store.db'), helperThread: false });
  const fromFile = await rebuildReadModels({ store: sqlite, path: path.join(dir, 'from-file.db'), logFile, helperThread: true });
  t.same(digestReadModels(fromFile.database), digestReadModels(fromStore.database), 'and a rebuild from the log\'s file gives the same digest');
  fromStore.database.close();
  fromFile.database.close();
  await sqlite.close();

  const reader = openReadModelReader(livePath);
  const all = readStatistics(reader, {});
  t.same(Object.keys(all.byCategory).sort(), [...violationCategories].sort(), 'every category occurs');
  t.ok(Object.keys(all.byChannel).length >= reportChannels.length - 2, 'nearly every channel occurs');
  t.ok(Object.keys(all.bySanctionKind).length >= 5, `many sanction kinds (${Object.keys(all.bySanctionKind).join(', ')})`);
  const today = report.to;
  const byStatus = Object.fromEntries(caseStatuses.map((status) => [status, listCases(reader, { today, status }).total]));
  t.equal(Object.values(byStatus).reduce((a, b) => a + b, 0), report.cases, `every case has one status (${JSON.stringify(byStatus)})`);
  for (const status of ['under_verification', 'closed'] as const) t.ok(byStatus[status]! > 0, `cases in status ${status}`);
  t.ok(readRotationSchedule(reader, { today: report.to }).total > 0, 'sensitive posts are held');

  // A share of the cases were kept on paper and entered later, each step with the day it happened.
  const entered = [...iterateCases(reader, { today, timezone: 'Asia/Shanghai' })];
  const onPaper = entered.filter((c) => c.enteredOn > c.reportedOn);
  t.ok(onPaper.length > report.cases * 0.02 && onPaper.length < report.cases * 0.2, `some cases entered late (${onPaper.length} of ${report.cases})`);
  const stepsEnteredLate: Record<string, number> = {};
  for await (const event of store.readAll()) {
    const day = { VerificationAssigned: 'assignedOn', FindingRecorded: 'foundOn', SanctionImposed: 'effectiveOn', CaseClosed: 'closedOn' }[event.type];
    const recordedOn = String((event.metadata as { recordedAt: string }).recordedAt).slice(0, 10);
    if (day && String((event.data as Record<string, unknown>)[day]) < recordedOn) stepsEnteredLate[event.type] = (stepsEnteredLate[event.type] ?? 0) + 1;
  }
  for (const type of ['VerificationAssigned', 'FindingRecorded', 'SanctionImposed', 'CaseClosed']) {
    t.ok((stepsEnteredLate[type] ?? 0) > 0, `${type}: some entered after the day they happened (${JSON.stringify(stepsEnteredLate)})`);
  }
  reader.close();
  await runner.stop();
});
