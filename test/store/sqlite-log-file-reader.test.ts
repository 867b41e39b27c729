import { randomUUID } from 'node:crypto';
import path from 'node:path';
import t from 'tap';
import type { RecordedEvent } from '../../src/store/event-store.js';
import { countLogEvents, eventIdAt, readLogFile } from '../../src/store/sqlite/log-file-reader.js';
import { openSqliteEventStore } from '../../src/store/sqlite/sqlite-event-store.js';

// A rebuild's threads read the store's file directly: page by page, only the types asked for, up to
// a position fixed beforehand. What they read must be what the store itself reads.

t.test('reads the file as the store reads its log: every page, only the types asked for, up to a position', async (t) => {
  const file = path.join(t.testdir(), 'events.db');
  const store = await openSqliteEventStore({ path: file });
  t.teardown(() => store.close());
  for (let index = 0; index < 23; index += 1) {
    const type = ['Reported', 'Assigned', 'Closed'][index % 3]!;
    await store.append(`case-${index % 4}`, [{ id: randomUUID(), type, data: { index }, metadata: { actor: 'a' } }], { expectedRevision: 'any' });
  }
  const all: RecordedEvent[] = [];
  for await (const event of store.readAll()) all.push(event);
  const upTo = all[19]!.position;

  t.same([...readLogFile(file, { upTo, pageSize: 4 })], all.slice(0, 20), 'five pages of four: the events the store reads, whole');
  const closedOrAssigned = all.slice(0, 20).filter((e) => e.type !== 'Reported');
  t.same([...readLogFile(file, { upTo, types: ['Closed', 'Assigned'], pageSize: 3 })], closedOrAssigned, 'only the types asked for, across pages');
  t.same([...readLogFile(file, { upTo: null })], [], 'an empty log reads nothing');
  t.equal(countLogEvents(file, upTo), 20, 'counted up to the position');
  t.equal(countLogEvents(file, null), 0);
  t.equal(eventIdAt(file, all[5]!.position), all[5]!.id);
  t.equal(eventIdAt(file, all.at(-1)!.position + 10n), null, 'no event past the head');
});

t.test('reads only the metadata fields asked for, the rest of each event whole', async (t) => {
  const file = path.join(t.testdir(), 'events.db');
  const store = await openSqliteEventStore({ path: file });
  t.teardown(() => store.close());
  const metadata = { actor: 'hr-li', recordedAt: '2024-03-01T09:00:00.000+08:00', schemaVersion: 2, $hash: 'ab12' };
  await store.append('officer-J1', [{ id: randomUUID(), type: 'Registered', data: { name: '李' }, metadata }], { expectedRevision: 'any' });
  const [whole] = [...readLogFile(file, { upTo: await store.headPosition() })];
  const [slim] = [...readLogFile(file, { upTo: await store.headPosition(), metadataFields: ['actor', 'recordedAt', 'schemaVersion'] })];
  t.same(slim!.metadata, { actor: 'hr-li', recordedAt: '2024-03-01T09:00:00.000+08:00', schemaVersion: 2 });
  t.same({ ...slim!, metadata: null }, { ...whole!, metadata: null }, 'everything else as the store reads it');
});
