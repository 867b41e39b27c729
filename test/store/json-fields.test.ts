import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import t from 'tap';
import { pickJsonFields } from '../../src/store/sqlite/json-fields.js';

// A rebuild reads a few fields of each event's metadata from its text. Whatever the text, the
// fields picked must be those JSON.parse would give.

function parsedFields(text: string, fields: readonly string[]): Record<string, unknown> {
  const parsed = JSON.parse(text) as Record<string, unknown>;
  return Object.fromEntries(fields.filter((f) => Object.hasOwn(parsed, f)).map((f) => [f, parsed[f]]));
}

const FIELDS = ['actor', 'recordedAt', 'schemaVersion'] as const;

t.test('picks the fields of metadata as the register writes it', async (t) => {
  const text = JSON.stringify({
    $correlationId: 'd92d7e26', $causationId: 'd92d7e26', actor: 'inspector-chen', recordedAt: '2016-12-15T08:00:02.000+08:00',
    schemaVersion: 2, $prevHash: '6aba', $hash: '8015',
  });
  t.same(pickJsonFields(text, FIELDS), { actor: 'inspector-chen', recordedAt: '2016-12-15T08:00:02.000+08:00', schemaVersion: 2 });
  t.same(pickJsonFields('{"actor":"a"}', FIELDS), { actor: 'a' }, 'a field the text lacks is absent, not undefined');
  t.same(pickJsonFields('{}', FIELDS), {});
});

t.test('gives what JSON.parse gives, for text it cannot scan as well', async (t) => {
  const cases = [
    '{"actor":"say \\"hi\\"","recordedAt":"x"}', // escapes
    '{"actor":{"recordedAt":"nested"},"schemaVersion":3}', // a nested object holding a field's name
    '{"x":[1,"actor"],"actor":"b"}', // an array
    '{ "actor" : "spaced" }', // white space
    '{"actor":"a","actor":"last"}', // a repeated key
    '{"schemaVersion":-1.5e3,"actor":null,"recordedAt":true}', // numbers and literals
    '{"actor":"中文,}:"}', // separators inside a string
  ];
  for (const text of cases) t.same(pickJsonFields(text, FIELDS), parsedFields(text, FIELDS), text);
  t.throws(() => pickJsonFields('{"actor":"a",}', FIELDS), SyntaxError, 'text that is not JSON is refused as JSON.parse refuses it');
  t.throws(() => pickJsonFields('{"actor":"a"}x', FIELDS), SyntaxError);
  t.throws(() => pickJsonFields('{"actor":"a\tb"}', FIELDS), SyntaxError, 'a raw control character in a string, as JSON.parse refuses it');
});

t.test('agrees with JSON.parse on any JSON object', async (t) => {
  const key = fc.oneof(fc.constantFrom(...FIELDS, '$hash', '__proto__'), fc.string());
  fc.assert(fc.property(fc.dictionary(key, fc.jsonValue()), (object) => {
    const text = JSON.stringify(object);
    return isDeepStrictEqual(pickJsonFields(text, FIELDS), parsedFields(text, FIELDS));
  }), { numRuns: 2_000 });
  t.pass('2,000 generated objects');
});
