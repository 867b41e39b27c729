// The checks every append goes through before it reaches a commit: the hand-written uuid check
// accepts exactly what the uuid pattern accepts.

import t from 'tap';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { InvalidAppendError } from '../../src/store/errors.js';
import { isUuid, prepareAppend, UUID_PATTERN } from '../../src/store/sqlite/append-input.js';

const hexOrNot = fc.constantFrom(...'0123456789abcdefABCDEFgG-xz {}'.split(''));
const uuidLike = fc
  .tuple(fc.uuid(), fc.nat(35), hexOrNot, fc.boolean())
  .map(([uuid, at, char, change]) => (change ? uuid.slice(0, at) + char + uuid.slice(at + 1) : uuid));

t.test('isUuid agrees with the uuid pattern', async (t) => {
  fc.assert(
    fc.property(fc.oneof(uuidLike, uuidLike.map((text) => text.toUpperCase()), fc.string(), fc.string({ minLength: 36, maxLength: 36 })), (text) => {
      t.equal(isUuid(text), UUID_PATTERN.test(text), text);
    }),
    { numRuns: 2_000 },
  );
  t.ok(isUuid(randomUUID()));
  t.ok(isUuid(randomUUID().toUpperCase()));
  t.notOk(isUuid(`${randomUUID()} `));
  t.notOk(isUuid(randomUUID().replace(/-/g, 'a')));
});

t.test('a prepared append carries lower-case ids and the JSON text of data and metadata', async (t) => {
  const id = randomUUID().toUpperCase();
  const prepared = prepareAppend('officer-1', [{ id, type: 'OfficerRegistered', data: { name: '张三' }, metadata: { actor: 'hr' } }], { expectedRevision: 'no_stream' });
  t.same(prepared.events, [{ id: id.toLowerCase(), type: 'OfficerRegistered', data: '{"name":"张三"}', metadata: '{"actor":"hr"}' }]);
  const bad = () => prepareAppend('officer-1', [{ id: randomUUID(), type: 'X', data: {}, metadata: {} }, { id: randomUUID(), type: 'Y', data: { at: Number.NaN }, metadata: {} }], { expectedRevision: 'any' });
  t.throws(bad, InvalidAppendError);
  t.throws(bad, /The data of event officer-1\[1\] is not a JSON object: \$\.at is NaN/, 'names the event and the spot');
});
