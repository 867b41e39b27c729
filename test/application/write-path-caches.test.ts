import t from 'tap';
import { DateTime } from 'luxon';
import { zoneConverter } from '../../src/application/bureau-zone.js';
import { createCommandService } from '../../src/application/command-service.js';
import { AggregateCache, loadAggregate } from '../../src/application/load-aggregate.js';
import { randomHex } from '../../src/application/random-hex.js';
import { officerDecider } from '../../src/domain/deciders.js';
import { dateAt } from '../../src/domain/shared/calendar.js';
import { RuleViolation } from '../../src/domain/shared/errors.js';
import { ctxAt, hrActor, seedBureau } from '../fixtures/domain-bureau.js';
import { InMemoryEventStore } from '../fixtures/in-memory-event-store.js';

// What makes a write cheaper must not change what it decides: cached stream states still see every
// event written since (by anyone), the bureau's "today" is luxon's to the minute across offset
// changes, and salts stay random.

const hr = (local = '2021-06-01T09:00') => ctxAt(local, hrActor);

t.test('a cached state is brought up to date with events written by someone else', async (t) => {
  const store = new InMemoryEventStore();
  const service = createCommandService({ store });
  await seedBureau(service);
  const cache = new AggregateCache();
  const first = await loadAggregate(store, 'officer-O-ZHANG', officerDecider, cache);
  t.equal(cache.size, 1, 'the folded state is kept');

  // Another writer (a second service, as another process would) appends to the stream.
  const other = createCommandService({ store });
  await other.recordWarningEducation({ attendedOn: '2021-06-01', topic: '警示教育' }, 'O-ZHANG', hr());
  const reads: unknown[] = [];
  const readStream = store.readStream.bind(store);
  store.readStream = async (name, options) => {
    reads.push(options?.fromRevision);
    return readStream(name, options);
  };
  const second = await loadAggregate(store, 'officer-O-ZHANG', officerDecider, cache);
  const fresh = await loadAggregate(store, 'officer-O-ZHANG', officerDecider);
  t.equal(second.revision, (first.revision as bigint) + 1n, 'the new event is seen');
  t.same(second.state, fresh.state, 'the same state as folding the whole stream');
  t.equal(reads[0], (first.revision as bigint) + 1n, 'only what was written after the cached revision is read');
  t.equal(second.state.exists && second.state.warningEducation.length, 1);

  const missing = await loadAggregate(store, 'officer-O-NOBODY', officerDecider, cache);
  t.equal(missing.revision, 'no_stream', 'an unknown stream is still unknown');
});

t.test('decisions see writes made through another service (the cache never hides them)', async (t) => {
  const store = new InMemoryEventStore();
  const service = createCommandService({ store });
  await seedBureau(service);
  const inspector = { sub: 'insp-li', roles: ['inspector' as const] };
  const report = { officerIds: ['O-ZHANG'], category: 'conduct', channel: 'phone', occurredOn: '2021-05-01', summary: '执法态度恶劣' } as const;
  const at = ctxAt('2021-06-01T10:00', inspector);
  await service.reportCase({ ...report, officerIds: [...report.officerIds] }, at); // reads (and caches) the officer
  // Another writer (as another process would) appends to the officer's stream.
  const other = createCommandService({ store });
  await t.rejects(other.registerOfficer({ officerId: 'O-ZHANG', name: '张三', unitId: 'U-BRIGADE', hiredOn: '2020-01-01' }, hr()), RuleViolation);
  const before = store.events('officer-O-ZHANG').length;
  await other.recordWarningEducation({ attendedOn: '2021-06-01', topic: '警示教育' }, 'O-ZHANG', hr());
  // The first service's next write to the officer starts from the revision the other one left.
  const result = await service.recordWarningEducation({ attendedOn: '2021-06-01', topic: '再次警示教育' }, 'O-ZHANG', hr());
  t.equal(result.revision, BigInt(before + 1), 'appended after the other service\'s event, not over it');
});

t.test('the bureau zone: the same dates and offsets as luxon, across offset changes', async (t) => {
  for (const zone of ['Asia/Shanghai', 'America/New_York', 'Australia/Lord_Howe']) {
    const convert = zoneConverter(zone);
    let mismatches = 0;
    for (const start of ['2024-03-10T06:40Z', '2024-11-03T05:40Z', '2024-04-06T14:40Z', '2024-10-05T15:40Z', '1991-04-13T15:40Z']) {
      let ms = DateTime.fromISO(start).toMillis();
      for (let i = 0; i < 4000; i++, ms += 1_013) {
        const instant = DateTime.fromMillis(ms);
        const converted = convert(instant);
        const expected = instant.setZone(zone);
        if (converted.toISO() !== expected.toISO() || dateAt(converted, zone) !== expected.toISODate()) mismatches += 1;
      }
    }
    t.equal(mismatches, 0, `${zone}: every instant converts as luxon converts it`);
    const now = convert(DateTime.fromISO('2021-06-01T23:59:59.999+08:00'));
    t.ok(now.setZone(zone) === now, 'converting to the zone by name is free (same zone)');
  }
  t.equal(zoneConverter('Asia/Shanghai')(DateTime.fromISO('2021-06-01T16:30:00Z')).toISODate(), '2021-06-02', 'after 16:00 UTC it is tomorrow in Shanghai');
});

t.test('random salts: hex of the asked length, never repeating', async (t) => {
  const seen = new Set<string>();
  for (let i = 0; i < 2_000; i++) seen.add(randomHex(16)); // crosses several refills of the pool
  t.equal(seen.size, 2_000);
  t.ok([...seen].every((salt) => /^[0-9a-f]{32}$/.test(salt)));
  t.throws(() => randomHex(5_000), RangeError);
});

t.test('a full cache of stream states lets the least recently used go and keeps the recent ones', async (t) => {
  const store = new InMemoryEventStore();
  const service = createCommandService({ store });
  await seedBureau(service);
  const cache = new AggregateCache(10);
  const state = (await loadAggregate(store, 'officer-O-ZHANG', officerDecider, cache)).state;
  for (let n = 0; n < 30; n++) cache.set(`officer-X${n}`, officerDecider, state, 0n);
  t.ok(cache.size <= 10, `at most 10 states kept (${cache.size})`);
  t.ok(cache.get('officer-X29', officerDecider), 'the latest state is kept');
  t.notOk(cache.get('officer-O-ZHANG', officerDecider), 'the least recently used state went first');
  const reloaded = await loadAggregate(store, 'officer-O-ZHANG', officerDecider, cache);
  t.same(reloaded.state, state, 'a state that went is read and folded again');
});

t.test('a cache of one state keeps the state set last', async (t) => {
  const store = new InMemoryEventStore();
  const service = createCommandService({ store });
  await seedBureau(service);
  const cache = new AggregateCache(1);
  const state = (await loadAggregate(store, 'officer-O-ZHANG', officerDecider, cache)).state;
  cache.set('officer-X1', officerDecider, state, 0n);
  t.equal(cache.size, 1);
  t.ok(cache.get('officer-X1', officerDecider), 'the state set last is kept');
  t.notOk(cache.get('officer-O-ZHANG', officerDecider), 'the one before it went');
});
