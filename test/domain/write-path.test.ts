import t from 'tap';
import { ZodError, type z } from 'zod';
import { handleCommand } from '../../src/application/command-handler.js';
import { createCommandService } from '../../src/application/command-service.js';
import { markValidated, parseInput } from '../../src/application/validated-input.js';
import { ReportCaseInput } from '../../src/domain/case/commands.js';
import { caseDecider } from '../../src/domain/deciders.js';
import { RegisterUnitInput } from '../../src/domain/unit/commands.js';
import type { EventStore, ReadStreamOptions } from '../../src/store/event-store.js';
import { ctxAt, seedBureau } from '../fixtures/domain-bureau.js';
import { InMemoryEventStore } from '../fixtures/in-memory-event-store.js';

// The lean write path: a new case is written without reading its (necessarily empty) stream, and a
// body the route validated is not parsed twice; neither changes what is written or refused.

/** Counts which streams are read. */
function watched(store: EventStore) {
  const reads: string[] = [];
  const view = Object.create(store) as EventStore;
  view.readStream = (name: string, options?: ReadStreamOptions) => {
    reads.push(name);
    return store.readStream(name, options);
  };
  return { view, reads };
}

const report: z.input<typeof ReportCaseInput> = { officerIds: ['O-ZHANG'], category: 'conduct', channel: 'email', occurredOn: '2021-05-01', summary: '  态度生硬  ' };

t.test('reporting a case reads the officers it names, never the new case stream', async (t) => {
  const store = new InMemoryEventStore();
  const { view, reads } = watched(store);
  const service = createCommandService({ store: view });
  await seedBureau(service);
  reads.length = 0;
  const { id, revision } = await service.reportCase(report, ctxAt('2021-06-01T09:00'));
  t.same(reads, ['officer-O-ZHANG']);
  t.equal(revision, 0n);
  const [event] = store.events(`case-${id}`);
  t.equal(event?.type, 'CaseReported');
  t.equal(event?.data.summary, '态度生硬', 'the body is still parsed (trimmed) for a caller that did not validate it');
});

t.test('a new stream that exists after all, with events to write: refused on the retry, log unchanged', async (t) => {
  const store = new InMemoryEventStore();
  const service = createCommandService({ store });
  await seedBureau(service);
  const { id } = await service.reportCase(report, ctxAt('2021-06-01T09:00'));
  const before = store.log.length;
  const states: boolean[] = [];
  const taken = handleCommand({
    store, streamName: `case-${id}`, aggregate: caseDecider, newStream: true,
    origin: { correlationId: 'c', causationId: 'c', actor: 'inspector-li', recordedAt: ctxAt('2021-06-01T09:00').now },
    decide: (state) => {
      states.push(state.exists);
      if (state.exists) throw new Error('taken');
      return [{ type: 'CaseClosed', data: { caseId: id, closedOn: '2021-06-01', summary: 'x' } } as never];
    },
  });
  await t.rejects(taken, /taken/);
  t.same(states, [false, true], 'decided first on the initial state, then again on the stream as it is');
  t.equal(store.log.length, before, 'nothing appended over the existing stream');
});

t.test('parseInput trusts only the exact object its own schema produced', async (t) => {
  const parsed = ReportCaseInput.parse(report);
  markValidated(ReportCaseInput, parsed);
  t.equal(parseInput(ReportCaseInput, parsed), parsed, 'the route\'s output is used as is');

  const raw = { ...report };
  const again = parseInput(ReportCaseInput, raw);
  t.not(again, raw, 'an unmarked object is parsed');
  t.equal(again.summary, '态度生硬');

  const other = { unitId: 'U-X', name: '  单位 ' };
  markValidated(ReportCaseInput, other);
  t.equal(parseInput(RegisterUnitInput, other).name, '单位', 'marked by another schema: parsed');

  const bad = { officerIds: [], category: 'nope' };
  t.throws(() => parseInput(ReportCaseInput, bad), ZodError, 'invalid input is still refused');
  markValidated(ReportCaseInput, 'a string');
  t.throws(() => parseInput(ReportCaseInput, 'a string'), ZodError, 'primitives are never trusted');
});
