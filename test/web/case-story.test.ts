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
  t.equal(describeEvent('FindingRecorded', finding, zh, 'zh'), '认定结果：属实；情节：情节较轻；当事人：A001；认定情况：经核实，违规收取现金属实。超期办理');
  t.equal(describeEvent('CaseClosed', { summary: '已处理完毕。', closedOn: '2021-07-01' }, zh, 'zh'), '办结情况：已处理完毕。日期：2021年7月1日');
  t.notMatch(describeEvent('FindingRecorded', finding, en, 'en'), /。;|\.;/, 'nor in English');
});

t.test('ids are told with the names the page knows: officers, units, rule references; an id it does not know stands alone', async (t) => {
  const names = {
    officer: (id: string) => ({ A001: '张三', H001: '王五' } as Record<string, string>)[id],
    unit: (id: string) => ({ YZ: '运政执法大队' } as Record<string, string>)[id],
    rule: (code: string) => ({ 'bj-2': '违反规定的，必究所在站（队）负责人责任', 'bbz-3': '不准使用不文明语言、不文明行为' } as Record<string, string>)[code],
  };
  const finding = { outcome: 'substantiated', severity: 'minor', officerIds: ['A001', 'B002'], summary: '属实', late: false };
  t.equal(describeEvent('FindingRecorded', finding, zh, 'zh', names), '认定结果：属实；情节：情节较轻；当事人：张三（A001）、B002；认定情况：属实');
  t.equal(describeEvent('AccountabilityFlagged', { level: 'unit_head', officerId: 'A001', unitId: 'YZ', headOfficerId: 'H001', ruleRef: 'bj-2' }, zh, 'zh', names),
    '处理对象执法人员编号：王五（H001）；追责身份：单位负责人；单位编号：运政执法大队（YZ）；违反规则：违反规定的，必究所在站（队）负责人责任（bj-2）');
  t.equal(describeEvent('AccountabilityFlagged', { level: 'unit_head', officerId: 'A001', unitId: 'ZF', headOfficerId: null, ruleRef: 'bj-2' }, en, 'en', { rule: () => 'Any breach: the head is held accountable' }),
    'Officer id: —; Capacity: Unit head; Unit id: ZF; Rule: Any breach: the head is held accountable (bj-2)', 'no head on record: a dash; an unknown unit: its id');
  t.match(describeEvent('CaseReported', { subjects: [{ officerId: 'A001', unitId: 'YZ' }], category: 'conduct', channel: 'forum', occurredOn: '2021-06-02', summary: 'x', ruleRefs: ['bbz-3'] }, zh, 'zh', names),
    /当事人：张三（A001）；.*涉及规定.*：不准使用不文明语言、不文明行为（bbz-3）/);
  t.match(describeEvent('FindingRecorded', finding, zh, 'zh'), /当事人：A001、B002；/, 'without names, the ids');
});

t.test('a sanction\'s imposition is told with the kind imposed, whatever a review made of it', async (t) => {
  const reduced = { officerId: 'A001', kind: 'criticism_education', imposedKind: 'off_post_training', effectiveOn: '2021-06-02', status: 'reduced' };
  t.match(describeEvent('SanctionImposed', reduced, zh, 'zh'), /^处理方式：离岗培训；/);
  t.match(describeEvent('SanctionImposed', { ...reduced, imposedKind: undefined }, zh, 'zh'), /^处理方式：批评教育；/, 'an event\'s own kind is the one imposed');
});
