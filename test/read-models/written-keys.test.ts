import t from 'tap';
import { WrittenKeys } from '../../src/read-models/written-keys.js';

// The filter of keys a rebuild wrote: it must never say "not written" of a key that was (the
// rebuild would skip the SELECT of a row that exists and insert it twice), and should seldom say
// "maybe" of one that was not (each costs a SELECT).

t.test('every key written is known; keys never written are seldom taken for written', async (t) => {
  const keys = new WrittenKeys();
  const written = Array.from({ length: 300_000 }, (_, i) => `bj-1|017a0d65-c7e0-711a-9eb3-${String(i).padStart(12, '0')}|J${i % 20_000}`);
  for (const key of written) keys.add(key);
  t.equal(written.filter((key) => !keys.mayHave(key)).length, 0, 'no key written is ever missed');
  const others = Array.from({ length: 100_000 }, (_, i) => `statistics|U${i % 167}|2021-${String(i % 12 + 1).padStart(2, '0')}-${i}`);
  const falseMaybes = others.filter((key) => keys.mayHave(key)).length;
  t.ok(falseMaybes < 1_000, `few keys never written taken for written (${falseMaybes} of 100,000)`);
  t.notOk(new WrittenKeys().mayHave('officer-A001'), 'an empty filter knows nothing');
  t.ok(keys.mayHave(written[12_345]!) && !new WrittenKeys().mayHave(written[12_345]!), 'filters are separate');
});
