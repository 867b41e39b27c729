import t from 'tap';
import { ruleReferences } from '../../src/domain/shared/rule-references.js';
import { recordedAtOf } from '../../web/src/audit-event.js';
import { en } from '../../web/src/i18n/en.js';
import { zh } from '../../web/src/i18n/zh.js';
import { detailBeyondRule } from '../../web/src/rule-messages.js';
import { fieldMessage, translateFieldMessage } from '../../web/src/validation-messages.js';

// What the pages say about a line of the audit stream and about a field the register refused.

t.test('an event was recorded at the time in its metadata, not when the store committed it', async (t) => {
  const line = { position: '7', type: 'UnitRegistered', created: '2021-05-27T06:00:09.123Z', metadata: { recordedAt: '2021-05-27T14:00:00+08:00', actor: 'hr-zhang' } };
  t.equal(recordedAtOf(line), '2021-05-27T14:00:00+08:00', 'metadata.recordedAt: the time that counts (hash-protected)');
  t.equal(recordedAtOf({ position: '8', type: 'X', created: '2021-05-27T06:00:09Z', metadata: {} }), '2021-05-27T06:00:09Z', 'without it, the commit time');
  t.equal(recordedAtOf({ position: '9', type: 'X' }), undefined);
});

t.test('the register\'s field messages, said in Chinese', async (t) => {
  // The messages as the register sends them in a 400's errors[] (see src/http/error-handler.ts).
  const cases: [string, string][] = [
    ['is required', '必填'],
    ['must be a real calendar date YYYY-MM-DD', zh.errors.validation.date],
    ['Invalid option: expected one of "appointment"|"rotation"|"transfer"', zh.errors.validation.option],
    ['Too big: expected string to have <=100 characters', '过长（最多 100 个字）'],
    ['Too small: expected string to have >=1 characters', '必填'],
    ['Too small: expected array to have >=1 items', '至少填写 1 项'],
    ['is not a known field', zh.errors.validation.unknownField],
    ['must match ^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$', zh.errors.validation.clientId],
    ['Invalid UUID', zh.errors.validation.uuid],
    ['Invalid input: expected string, received number', zh.errors.validation.type],
    ['name at least one field to correct', zh.errors.validation.nothingToCorrect],
    ['only for off_post_training', zh.errors.validation.onlyForKind],
  ];
  for (const [message, expected] of cases) t.equal(fieldMessage(message, zh, 'zh'), expected, message);
  t.equal(translateFieldMessage('something the page has never heard of', zh), undefined);
  t.equal(fieldMessage('something the page has never heard of', zh, 'zh'), 'something the page has never heard of', 'an unknown message is shown as it came');
  t.equal(fieldMessage('is required', en, 'en'), 'is required', 'English pages show the register\'s own words');
});

t.test('the fields that depend on another field are refused in Chinese too, and a repeated officer is not called a rule', async (t) => {
  // The register's own words for the rules between fields (src/domain/**/commands.ts), as a 400 carries them.
  const cases: [string, string][] = [
    ['required unless the outcome is unfounded', '认定属实或部分属实的，须选择情节'],
    ['an unfounded finding has no severity', '认定不属实的，不填写情节'],
    ['required when the outcome is reduced', '决定减轻的，须选择改为的处理方式'],
    ['only a reduced sanction has a replacement kind', '只有决定减轻时才填写改为的处理方式'],
    ['required when the post is sensitive', '重要或敏感岗位须填写轮岗周期'],
    ['an anonymous report carries no name', '匿名举报不填写举报人姓名'],
    ['expected 64 hex digits', '应为64位十六进制字符'],
    ['must be 64 hexadecimal characters', '应为64位十六进制字符'],
    ['must not be before from', '不能早于起始日期'],
    ['must not repeat an officer', '同一执法人员不能重复填写'],
    ['must not repeat a rule', '不能重复选择同一条规定'],
  ];
  for (const [message, expected] of cases) {
    t.equal(fieldMessage(message, zh, 'zh'), expected, message);
    t.notMatch(fieldMessage(message, zh, 'zh'), /[A-Za-z]/, 'no English left');
  }
  t.equal(fieldMessage('must not repeat an officer', en, 'en'), 'must not repeat an officer', 'English pages keep the register\'s words');
});

t.test('every group of the province\'s rules has its name in each language', async (t) => {
  for (const group of new Set(ruleReferences.map((reference) => reference.group))) {
    t.equal(zh.ruleGroup[group], group, `${group} in Chinese`);
    t.match(en.ruleGroup[group], /^[A-Z][a-z -]+ \(/, `${group} in English, with the Chinese beside it`);
  }
});

/** Every message that takes values, by its path in the dictionary (e.g. `events.shown`). */
function messageFunctions(dictionary: object, path = ''): [string, (...values: unknown[]) => unknown][] {
  return Object.entries(dictionary).flatMap(([key, value]): [string, (...values: unknown[]) => unknown][] => {
    const at = path ? `${path}.${key}` : key;
    if (typeof value === 'function') return [[at, value as (...values: unknown[]) => unknown]];
    return value && typeof value === 'object' ? messageFunctions(value, at) : [];
  });
}

t.test('every message that takes values says each of them, in both languages', async (t) => {
  const chinese = new Map(messageFunctions(zh));
  const english = messageFunctions(en);
  t.same(english.map(([path]) => path), [...chinese.keys()], 'the same messages take values in both');
  for (const [path, say] of english) {
    for (const [lang, message] of [['en', say], ['zh', chinese.get(path)!]] as const) {
      // Distinct values, so that each can be found in the text.
      const values = Array.from({ length: message.length }, (_, i) => 7301 + i);
      const text = message(...values);
      t.type(text, 'string', `${lang} ${path}`);
      for (const value of values) t.match(text, String(value), `${lang} ${path} says its value ${value}`);
      t.notMatch(text, /undefined|NaN|\[object/, `${lang} ${path}`);
    }
  }
});

t.test('beside a rule\'s message, what the refusal\'s detail adds about this request', async (t) => {
  const rule = 'The officer named is not registered.';
  t.equal(detailBeyondRule(`${rule} Not registered: NOPE1.`, rule), 'Not registered: NOPE1.', 'the rule written once');
  t.equal(detailBeyondRule(rule, rule), '', 'nothing added: nothing to show');
  t.equal(detailBeyondRule('occurredOn 1990-01-01 is before the hiring of officer J00002', rule), 'occurredOn 1990-01-01 is before the hiring of officer J00002', 'a detail of its own, whole');
  t.equal(detailBeyondRule(`${rule} Not registered: NOPE1.`, undefined), `${rule} Not registered: NOPE1.`, 'a rule without English: the whole detail');
});
