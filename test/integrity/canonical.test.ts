import t from 'tap';
import fc from 'fast-check';
import { CanonicalEncodingError, canonicalDigest, canonicalJson } from '../../src/integrity/canonical.js';

t.test('the same value gives the same bytes whatever the key order', async (t) => {
  t.equal(canonicalJson({ b: 1, a: { d: [1, 'x', null], c: true } }), '{"a":{"c":true,"d":[1,"x",null]},"b":1}');
  t.equal(canonicalDigest({ b: 1, a: 2 }), canonicalDigest({ a: 2, b: 1 }));
  t.not(canonicalDigest({ a: [1, 2] }), canonicalDigest({ a: [2, 1] }), 'array order matters');
});

t.test('strings and numbers are written as JSON writes them', async (t) => {
  t.equal(canonicalJson('举报人 "张" \n \u2028'), JSON.stringify('举报人 "张" \n \u2028'));
  t.equal(canonicalJson(1.0), '1');
  t.equal(canonicalJson(-0), '0', '-0 reads back as 0 from either backend');
  t.equal(canonicalJson(1e21), '1e+21');
  t.equal(canonicalJson(0.1 + 0.2), '0.30000000000000004');
  t.equal(canonicalJson({ a: undefined, b: 1 }), '{"b":1}', 'an undefined member is absent, as once stored');
});

t.test('property: any string, lone surrogates and controls included, is quoted exactly as JSON.stringify quotes it', async () => {
  const text = fc.string({ unit: fc.oneof(fc.constantFrom('"', '\\', '\u0000', '\u001f', '\u2028', '\ud800', '\udfff', 'é', '举'), fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), fc.string({ unit: 'binary', maxLength: 3 })) });
  fc.assert(fc.property(text, text, (value, key) =>
    canonicalJson(value) === JSON.stringify(value) && canonicalJson({ [key]: value }) === JSON.stringify({ [key]: value })));
});

t.test('anything JSON cannot carry faithfully is refused, naming where', async (t) => {
  t.throws(() => canonicalJson({ a: { b: Number.NaN } }), new CanonicalEncodingError('a.b', 'NaN is not a JSON number'));
  t.throws(() => canonicalJson([1, Infinity]), CanonicalEncodingError);
  t.throws(() => canonicalJson([1, undefined]), CanonicalEncodingError);
  t.throws(() => canonicalJson({ when: new Date(0) }), /Date object/);
  t.throws(() => canonicalJson({ n: 1n }), /bigint/);
  t.throws(() => canonicalJson(undefined), CanonicalEncodingError);
});

t.test('property: stable across key order and a JSON round trip', async () => {
  fc.assert(fc.property(fc.jsonValue(), (value) => {
    const roundTripped = JSON.parse(JSON.stringify(value));
    const shuffled = reorder(roundTripped);
    return canonicalJson(roundTripped) === canonicalJson(shuffled)
      && canonicalJson(JSON.parse(canonicalJson(roundTripped))) === canonicalJson(roundTripped);
  }));
});

function reorder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorder);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([key, member]) => [key, reorder(member)]));
  }
  return value;
}
