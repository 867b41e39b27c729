// Paging through the audit stream as its description says: ask again from the position after the
// last line received. On the embedded store positions run without gaps; on EventStoreDB (here the
// PROTOCOL STAND-IN, not EventStoreDB, which refuses reads from inside a record as the server does)
// they are byte offsets, and the position after an event's lies inside its record.
import t, { type Test } from 'tap';
import { startTestRegister, type TestRegister } from '../fixtures/http-app.js';
import { auditor, fixedClock, hr, seedBureau } from '../fixtures/http-bureau.js';
import { startEsdbStandIn } from '../fixtures/esdb-standin/esdb-standin.js';

interface Line {
  position: string;
  streamName: string;
  id: string;
}

async function lines(register: TestRegister, query: string): Promise<Line[]> {
  const response = await register.get(`/api/v1/audit/events${query}`, { as: auditor });
  if (response.statusCode !== 200) throw new Error(`${query}: ${response.statusCode} ${response.body}`);
  return response.body.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Line);
}

/** Every page of `limit` lines, each asked for from the position after the last line of the one before. */
async function pageThrough(register: TestRegister, limit: number, filter = ''): Promise<{ pages: number; lines: Line[] }> {
  const all: Line[] = [];
  let pages = 0;
  let from = 0n;
  for (;;) {
    const page = await lines(register, `?limit=${limit}&fromPosition=${from}${filter}`);
    if (page.length === 0) return { pages, lines: all };
    pages += 1;
    all.push(...page);
    from = BigInt(page[page.length - 1]!.position) + 1n;
  }
}

const backends = [
  { name: 'the embedded store', env: async () => ({}) },
  {
    name: 'EventStoreDB (protocol stand-in)',
    env: async (t: Test) => {
      const standIn = await startEsdbStandIn({ appendMode: 'batchAppend' });
      t.teardown(() => standIn.close());
      return { EVENT_STORE: 'esdb', ESDB_CONNECTION_STRING: standIn.connectionString };
    },
  },
];

for (const backend of backends) {
  t.test(`the audit stream pages on ${backend.name}`, async (t) => {
    const register = await startTestRegister(t, { env: await backend.env(t), clock: fixedClock });
    const bureau = await seedBureau(register);
    await bureau.substantiatedCase('O1');
    const everything = await lines(register, '');
    t.ok(everything.length > 10, `${everything.length} events in the log`);

    const paged = await pageThrough(register, 4);
    t.same(paged.lines.map((line) => line.id), everything.map((line) => line.id), 'the pages hold every event once, in order');
    t.equal(paged.pages, Math.ceil(everything.length / 4));

    const cases = everything.filter((line) => line.streamName.startsWith('case-'));
    const pagedCases = await pageThrough(register, 2, '&stream=case-');
    t.same(pagedCases.lines.map((line) => line.id), cases.map((line) => line.id), 'filtered pages too');

    // A position between two events' (inside a record, on EventStoreDB): from the next event.
    const [before, after] = [BigInt(everything[5]!.position), BigInt(everything[6]!.position)];
    const between = (before + after) / 2n;
    t.same((await lines(register, `?fromPosition=${between}&limit=2`)).map((line) => line.id), everything.slice(before === between ? 5 : 6).slice(0, 2).map((line) => line.id), `from ${between}`);
    t.same(await lines(register, `?fromPosition=${BigInt(everything.at(-1)!.position) + 1n}`), [], 'past the last event: nothing');

    const write = await register.post('/api/v1/units', { unitId: 'U-AFTER', name: '之后' }, { as: hr });
    t.equal(write.statusCode, 201, 'writes go on: paging never made the store look unavailable');
    const ready = await register.get('/readyz');
    t.equal(ready.json().store.ok, true);
  });
}
