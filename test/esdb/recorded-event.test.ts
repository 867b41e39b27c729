// What the EventStoreDB adapter makes of each event the client hands back: our events become the
// port's recorded events with their log position; the server's own events are recognised and
// skipped; an event someone else wrote as bytes, or one without a log position (a server too old),
// is a clear StoreUnavailableError naming the event, not a crash further down.
import type { ResolvedEvent } from '@eventstore/db-client';
import t from 'tap';
import { CorruptEventError } from '../../src/store/errors.js';
import { isSystemEvent, positionOf, toRecordedEvent } from '../../src/store/esdb/recorded-event.js';

const created = new Date('2025-03-01T02:03:04.000Z');

function resolved(event: Record<string, unknown> | undefined, commitPosition?: bigint): ResolvedEvent {
  const full = event && {
    id: '9a1e3c5e-0f5e-4b8e-9a56-3f1d8f0f2b11', type: 'CaseReported', streamId: 'case-17', revision: 2n,
    data: { caseId: '17' }, metadata: { $correlationId: 'req-1' }, created, isJson: true, contentType: 'application/json',
    position: { commit: 500n, prepare: 500n }, ...event,
  };
  return { event: full, ...(commitPosition === undefined ? {} : { commitPosition }) } as unknown as ResolvedEvent;
}

t.test('an event of ours becomes a recorded event at its commit position', async (t) => {
  t.same(toRecordedEvent(resolved({})), {
    id: '9a1e3c5e-0f5e-4b8e-9a56-3f1d8f0f2b11', type: 'CaseReported', streamName: 'case-17', revision: 2n, position: 500n,
    data: { caseId: '17' }, metadata: { $correlationId: 'req-1' }, created: '2025-03-01T02:03:04.000Z',
  });
  t.same(toRecordedEvent(resolved({ metadata: undefined })).metadata, {}, 'no metadata reads as empty metadata');
});

t.test('the log position: the event\'s own, else the read result\'s commit position, else refused', async (t) => {
  t.same(positionOf(resolved({})), { commit: 500n, prepare: 500n });
  t.same(positionOf(resolved({ position: undefined }, 812n)), { commit: 812n, prepare: 812n });
  t.equal(toRecordedEvent(resolved({ position: undefined }, 812n)).position, 812n);
  t.throws(() => positionOf(resolved({ position: undefined })), { name: 'StoreUnavailableError', message: /22\.6 or later/ });
});

t.test('data or metadata that is not a JSON object is an event that cannot be read, named (the store is fine)', async (t) => {
  const bytes = new Uint8Array([1, 2, 3]);
  for (const [field, value] of [['data', bytes], ['data', [1, 2]], ['data', null], ['metadata', bytes], ['metadata', 'text']] as const) {
    const error = t.throws(() => toRecordedEvent(resolved({ [field]: value })), CorruptEventError) as unknown as CorruptEventError;
    t.match(error, { eventId: '9a1e3c5e-0f5e-4b8e-9a56-3f1d8f0f2b11', reason: `its ${field} is not a JSON object` }, `${field}: ${String(value)}`);
  }
  t.throws(() => toRecordedEvent(resolved(undefined)), { name: 'StoreUnavailableError', message: /without an event/ });
});

t.test('EventStoreDB\'s own events are told apart from ours', async (t) => {
  t.notOk(isSystemEvent(resolved({})), 'ours');
  t.ok(isSystemEvent(resolved({ type: '$metadata' })), 'a $-typed event');
  t.ok(isSystemEvent(resolved({ streamId: '$stats-127.0.0.1:2113', type: 'StatsCollected' })), 'an event in a $ stream');
  t.ok(isSystemEvent(resolved(undefined)), 'a read result without an event (an unresolved link)');
});
