import t from 'tap';
import { rectificationStatuses } from '../../projections/rectification-ledger.js';
import { rectificationSources, verificationOutcomes } from '../../src/domain/rectification/commands.js';
import { en } from '../../web/src/i18n/en.js';
import { zh } from '../../web/src/i18n/zh.js';
import { fieldMessage } from '../../web/src/validation-messages.js';

// The ledger's words on the pages: every code of its lists named in both languages, and the
// register's 400s about fields that depend on another said in Chinese.

t.test('every source, status and outcome of the ledger has its name in each language', async (t) => {
  for (const [names, codes] of [[zh.rectificationSource, rectificationSources], [zh.rectificationStatus, rectificationStatuses], [zh.verificationOutcome, verificationOutcomes]] as const) {
    for (const code of codes) t.match(names[code], /[\u4e00-\u9fff]/, `${code} in Chinese`);
  }
  for (const [names, codes] of [[en.rectificationSource, rectificationSources], [en.rectificationStatus, rectificationStatuses], [en.verificationOutcome, verificationOutcomes]] as const) {
    for (const code of codes) t.match(names[code], /^[A-Z][A-Za-z :-]+$/, `${code} in English`);
  }
  for (const type of ['RectificationRecorded', 'RectificationProgressNoted', 'RectificationDeadlineExtended', 'RectificationCompleted', 'RectificationVerified']) {
    t.ok(zh.eventType[type] && en.eventType[type], `${type} is named in the event stream`);
  }
});

t.test('the fields that depend on another are refused in Chinese', async (t) => {
  const cases: [string, string][] = [
    ['required when the source is case', '问题来源为案件查处的，须填写关联案件编号'],
    ['required when the outcome is rejected', '验收不通过的，须填写重新整改时限'],
    ['only a rejected rectification is given a new deadline', '验收通过的，不填写重新整改时限'],
  ];
  for (const [message, expected] of cases) t.equal(fieldMessage(message, zh, 'zh'), expected, message);
  t.equal(fieldMessage('required when the source is case', en, 'en'), 'required when the source is case', 'English pages keep the register\'s words');
});
