import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { forbid, refuse, ruleCatalogue, ruleCodes, ruleMessage } from '../../src/domain/rules.js';
import { ActorNotPermittedError, RuleViolation } from '../../src/domain/shared/errors.js';

const here = path.dirname(fileURLToPath(import.meta.url));

t.test('every rule has a stable snake_case code and a message in English and Chinese', async (t) => {
  for (const code of ruleCodes) {
    const rule = ruleCatalogue[code];
    t.match(code, /^[a-z]+(_[a-z]+)*$/, `${code} is snake_case`);
    t.ok(rule.en.length > 10, `${code} has an English message`);
    t.match(rule.zh, /[\u4e00-\u9fff]/, `${code} has a Chinese message`);
  }
  t.equal(ruleMessage('case_closed', 'zh'), '本案已办结，仅可登记对处理决定的复核、申诉。');
});

t.test('refuse and forbid carry the code and the message, with the specifics', async (t) => {
  const refused = refuse('deferral_not_later', 'Due on 2022-03-01.');
  t.ok(refused instanceof RuleViolation);
  t.equal(refused.rule, 'deferral_not_later');
  t.equal(refused.message, `${ruleCatalogue.deferral_not_later.en} Due on 2022-03-01.`);
  const forbidden = forbid('actor_is_subject');
  t.ok(forbidden instanceof ActorNotPermittedError);
  t.equal(forbidden.message, ruleCatalogue.actor_is_subject.en);
});

t.test('every rule that refuses or forbids is tested refusing (and the tests name no unknown rule)', async (t) => {
  const tests = fs.readdirSync(here).filter((f) => f.endsWith('.test.ts')).map((f) => fs.readFileSync(path.join(here, f), 'utf8')).join('\n');
  const named = new Set([...tests.matchAll(/(?:thenRefuses|thenForbidden)\(t, '([a-z_]+)'|rule: '([a-z_]+)'/g)].map((m) => m[1] ?? m[2]));
  for (const code of ruleCodes) {
    if (ruleCatalogue[code].effect === 'flag') continue;
    t.ok(named.has(code), `${code} has a refusal test`);
  }
  for (const code of named) t.ok((ruleCodes as string[]).includes(code!), `${code} is a rule of the catalogue`);
});

t.test('every rule code the domain throws is in the catalogue', async (t) => {
  const sources: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) sources.push(fs.readFileSync(full, 'utf8'));
    }
  };
  walk(path.join(here, '../../src/domain'));
  const thrown = new Set([...sources.join('\n').matchAll(/(?:refuse|forbid)\('([a-z_]+)'/g)].map((m) => m[1]!));
  t.ok(thrown.size > 30, `the domain throws ${thrown.size} distinct rules`);
  for (const code of thrown) t.ok((ruleCodes as string[]).includes(code), `${code} is catalogued`);
});
