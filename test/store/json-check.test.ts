// The JSON check every append goes through: what it refuses, and that it says where.

import t from 'tap';
import { jsonProblem, MAX_DEPTH } from '../../src/store/sqlite/json-check.js';

t.test('plain JSON objects pass, including optional fields left undefined', async (t) => {
  const bare = Object.create(null) as Record<string, unknown>;
  bare['ok'] = true;
  for (const value of [{}, { a: 1, b: 'x', c: null, d: [1, 'two', { three: false }], e: { f: -0.5 } }, { optional: undefined }, bare, { 名字: '张三' }]) {
    t.equal(jsonProblem(value), null, JSON.stringify(value));
  }
});

t.test('anything JSON would change or lose is refused, naming the place', async (t) => {
  const cyclic: Record<string, unknown> = { a: { b: {} } };
  (cyclic['a'] as Record<string, Record<string, unknown>>)['b']!['back'] = cyclic;
  const cases: Array<[unknown, RegExp]> = [
    [{ a: { b: [1, undefined] } }, /^\$\.a\.b\[1\] is undefined$/],
    [{ f: () => 1 }, /^\$\.f is a function$/],
    [{ n: Number.NaN }, /^\$\.n is NaN$/],
    [{ list: [Number.NEGATIVE_INFINITY] }, /^\$\.list\[0\] is -Infinity$/],
    [{ big: 1n }, /^\$\.big is a bigint$/],
    [{ s: Symbol('s') }, /^\$\.s is a symbol$/],
    [{ when: new Date(0) }, /^\$\.when is a Date$/],
    [{ map: new Map() }, /^\$\.map is a Map$/],
    [cyclic, /refers to itself/],
    [[1, 2], /^\$ is an array, not an object$/],
    [null, /^\$ is null, not an object$/],
    [undefined, /^\$ is undefined, not an object$/],
    ['text', /^\$ is a string, not an object$/],
  ];
  for (const [value, expected] of cases) t.match(jsonProblem(value), expected, String(expected));
});

t.test(`nesting is limited to ${MAX_DEPTH} levels`, async (t) => {
  const nested = (levels: number) => {
    let value: Record<string, unknown> = {};
    for (let level = 1; level < levels; level += 1) value = { inner: value };
    return value;
  };
  t.equal(jsonProblem(nested(MAX_DEPTH)), null, `${MAX_DEPTH} levels pass`);
  t.match(jsonProblem(nested(MAX_DEPTH + 1)), /nested deeper than/);
});
