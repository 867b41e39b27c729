import t from 'tap';
import { storyDay } from '../../web/src/api/reads.js';
import { describeEvent } from '../../web/src/describe-event.js';
import { dayInBureau } from '../../web/src/format.js';
import { en } from '../../web/src/i18n/en.js';
import { joinClauses } from '../../web/src/i18n/punctuation.js';
import { zh } from '../../web/src/i18n/zh.js';

// The case's story: each step under a calendar day, and its parts joined as each language writes them.

t.test('each step is told under a day: the day it took effect, else the bureau\'s day it was recorded', async (t) => {
  t.equal(storyDay({ on: '2021-06-01', recordedAt: '2021-06-03T02:00:00Z' }), '2021-06-01', 'a sanction\'s effective day, not the day it was recorded');
  t.equal(storyDay({ on: null, recordedAt: '2021-05-27T16:30:00Z' }), '2021-05-28', 'evidence: the day in Asia/Shanghai, past midnight there');
  t.equal(storyDay({ recordedAt: '2021-05-27T15:59:59Z' }), '2021-05-27', 'before midnight there');
  t.equal(storyDay({ recordedAt: '2021-05-27T16:30:00Z' }, 'Asia/Urumqi'), '2021-05-27', 'in the register\'s zone when it names another');
  t.equal(storyDay({}), null, 'nothing known: no day');
  t.equal(dayInBureau('not an instant'), null);
  t.equal(dayInBureau('2021-05-27T08:00:00+08:00'), '2021-05-27');
});

t.test('clauses are joined without doubled punctuation', async (t) => {
  t.equal(joinClauses(['类别：执法不廉', '摘要：违规收费。', '发生日期：2021年6月2日'], 'zh'), '类别：执法不廉；摘要：违规收费。发生日期：2021年6月2日', 'no 。；');
  t.equal(joinClauses(['摘要：违规收费！', '逾期'], 'zh'), '摘要：违规收费！逾期');
  t.equal(joinClauses(['a', 'b'], 'zh'), 'a；b');
  t.equal(joinClauses(['Summary: fees taken.', 'Date: 2 Jun 2021'], 'en'), 'Summary: fees taken. Date: 2 Jun 2021', 'no .;');
  t.equal(joinClauses(['Summary: 违规收费。', 'Late'], 'en'), 'Summary: 违规收费。 Late', 'a Chinese full stop on an English page');
  t.equal(joinClauses(['Category: Integrity', 'Channel: Inspection'], 'en'), 'Category: Integrity; Channel: Inspection');
  t.equal(joinClauses(['摘要：违规收费。\n', '', '逾期'], 'zh'), '摘要：违规收费。逾期', 'blank parts and trailing space left out');
});

t.test('a finding whose summary ends with its full stop', async (t) => {
  const finding = { outcome: 'substantiated', severity: 'minor', officerIds: ['A001'], summary: '经核实，违规收取现金属实。', late: true };
  t.equal(describeEvent('FindingRecorded', finding, zh, 'zh'), '认定结果：属实；情节：情节较轻；当事人：A001；认定情况：经核实，违规收取现金属实。逾期');
  t.equal(describeEvent('CaseClosed', { summary: '已处理完毕。', closedOn: '2021-07-01' }, zh, 'zh'), '办结情况：已处理完毕。日期：2021年7月1日');
  t.notMatch(describeEvent('FindingRecorded', finding, en, 'en'), /。;|\.;/, 'nor in English');
});
