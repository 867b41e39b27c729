import t from 'tap';
import { describeEvent } from '../../web/src/describe-event.js';
import { en } from '../../web/src/i18n/en.js';
import { inParens, joinList, labelled, marks, nameWithId } from '../../web/src/i18n/punctuation.js';
import { zh } from '../../web/src/i18n/zh.js';

// Lines put together from parts are punctuated as the page's language writes them: full-width in
// Chinese, half-width with spaces in English.

const FULL_WIDTH = /[：（）；、，。]/;

t.test('labels, asides and lists in each language', async (t) => {
  t.equal(labelled('记录人', 'insp-wang', 'zh'), '记录人：insp-wang');
  t.equal(labelled('Recorded by', 'insp-wang', 'en'), 'Recorded by: insp-wang');
  t.equal(nameWithId('张三', 'A001', 'zh'), '张三（A001）');
  t.equal(nameWithId('Zhang San', 'A001', 'en'), 'Zhang San (A001)');
  t.equal(nameWithId(null, 'A001', 'en'), 'A001', 'no name: the id alone');
  t.equal(nameWithId('', 'A001', 'zh'), 'A001');
  t.equal(`应追究责任${inParens('3', 'zh')}`, '应追究责任（3）');
  t.equal(`Who must be held accountable${inParens('3', 'en')}`, 'Who must be held accountable (3)');
  t.equal(joinList(['A001', 'B002'], 'zh'), 'A001、B002');
  t.equal(joinList(['A001', 'B002'], 'en'), 'A001, B002');
  t.notMatch(Object.values(marks('en')).join(''), FULL_WIDTH, 'no full-width mark in English');
});

t.test('an event described in English has no Chinese punctuation', async (t) => {
  const reported = { category: 'integrity', channel: 'inspection', occurredOn: '2021-06-02', summary: 'Cash taken at the checkpoint', subjects: [{ officerId: 'A001' }, { officerId: 'B002' }] };
  t.equal(describeEvent('CaseReported', reported, en, 'en'),
    'Category: Lack of integrity; Channel: Open or undercover inspection; Subjects: A001, B002; Occurred on: 2 Jun 2021; Summary: Cash taken at the checkpoint');
  t.match(describeEvent('CaseReported', reported, zh, 'zh'), /^问题类别：执法不廉；线索来源：明查暗访；当事人：A001、B002；/);
  const assigned = { post: { postId: 'P01', title: 'Checkpoint' }, reason: 'rotation', effectiveOn: '2021-06-02' };
  t.notMatch(describeEvent('OfficerAssigned', assigned, en, 'en'), FULL_WIDTH);
  t.match(describeEvent('OfficerAssigned', assigned, en, 'en'), /Checkpoint \(P01\)/);
  t.notMatch(describeEvent('PostDefined', { postId: 'P01', title: 'Checkpoint', unitId: 'YZ', sensitive: true, rotationPeriodMonths: 60 }, en, 'en'), FULL_WIDTH);
});

t.test('a change of a post says what changed, from what, in each language', async (t) => {
  const changed = {
    postId: 'P01', effectiveOn: '2021-06-01', reason: 'Bureau decision', title: 'Checkpoint', sensitive: true, rotationPeriodMonths: 60,
    previous: { title: 'Checkpoint', sensitive: false, rotationPeriodMonths: null },
  };
  t.equal(describeEvent('PostChanged', changed, en, 'en'),
    'Post: Checkpoint (P01); Important or sensitive post: No → Yes (60 months); Effective on: 1 Jun 2021; Reason for the change: Bureau decision');
  t.equal(describeEvent('PostChanged', { ...changed, reason: '局党组会议决定' }, zh, 'zh'),
    '岗位：Checkpoint（P01）；重要或敏感岗位：否 → 是（60个月）；生效日期：2021年6月1日；变更原因：局党组会议决定');
  const held = { officerId: 'A001', post: { postId: 'P01', title: '罚没款财务岗', sensitive: true, rotationPeriodMonths: 60 }, effectiveOn: '2021-06-01', reason: '局党组会议决定', tenureSince: '2014-03-03' };
  t.match(describeEvent('HeldPostChanged', held, zh, 'zh'), /^岗位：罚没款财务岗（P01）；重要或敏感岗位（轮岗周期60个月）；任职起始：2014年3月3日；/);
  t.notMatch(describeEvent('HeldPostChanged', { ...held, post: { ...held.post, title: 'Checkpoint' }, reason: 'decision' }, en, 'en'), FULL_WIDTH);
  t.match(describeEvent('HeldPostChanged', { ...held, post: { ...held.post, sensitive: false }, tenureSince: null }, zh, 'zh'), /非重要或敏感岗位/);
});
