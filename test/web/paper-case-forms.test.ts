import { DateTime } from 'luxon';
import t from 'tap';
import { ruleCatalogue } from '../../src/domain/rules.js';
import { browserUnavailable, screenshot } from '../fixtures/web/browser.js';
import { inspectorOnCase } from '../fixtures/web/case-page.js';
import { startSmallBureau } from '../fixtures/web/small-bureau.js';
import { openStep } from '../fixtures/web/sign-in.js';

// A case the bureau handled on paper in the spring of 2021, entered now with the case page's forms:
// the verification, finding and closure forms take the day each happened (指派日期, 认定日期,
// 办结日期; empty: today), say the register's refusals of them as they say others, and the case's
// story tells each step under its own day.

const unavailable = browserUnavailable();
const tomorrow = () => DateTime.now().setZone('Asia/Shanghai').plus({ days: 1 }).toISODate()!;

t.test('the forms of a case take the days its paper file gives', { skip: unavailable }, async (t) => {
  const { running, inspector } = await startSmallBureau(t);
  const created = await running.post('/api/v1/cases', {
    officerIds: ['A001'], category: 'integrity', channel: 'letter', occurredOn: '2021-02-20', reportedOn: '2021-03-01',
    summary: '纸质台账补录：在超限检测站收取现金未开票据。',
  }, inspector);
  const page = await inspectorOnCase(t, running, created.id);
  const storyDay = async (step: string) => page.getByTestId('case-story').locator('li', { has: page.locator('strong', { hasText: step }) }).locator('.when').first().textContent();
  const refusedWith = async (form: ReturnType<typeof page.getByTestId>, rule: string, detail: RegExp, what: string) => {
    const alert = form.getByRole('alert');
    await alert.and(page.locator(`[data-rule="${rule}"]`)).waitFor();
    t.match(await alert.locator('.rule-message').textContent(), ruleCatalogue[rule as keyof typeof ruleCatalogue].zh, `${what}: the rule, in Chinese`);
    t.match(await alert.locator('p.detail').textContent(), detail, `${what}: naming the field and the day`);
  };

  // The verification, assigned on 4 March (its form is the open next step).
  const verification = page.getByTestId('form-verification');
  const assignedOn = verification.getByLabel('指派日期');
  t.equal(await assignedOn.inputValue(), '', 'empty by default: assigned today');
  t.match(await verification.textContent(), /不填为今天/, 'the form says what empty means');
  await verification.getByLabel('核实人编号').fill('insp-wang');
  await assignedOn.fill('2021-02-27');
  await verification.getByRole('button', { name: '提交' }).click();
  await refusedWith(verification, 'date_out_of_order', /assignedOn 2021-02-27 is before the report on 2021-03-01/, 'assigned before the report was received');
  t.equal(await assignedOn.inputValue(), '2021-02-27', 'the day typed is kept');
  await assignedOn.fill('2021-03-04');
  await verification.getByRole('button', { name: '提交' }).click();
  await page.locator('h2 .badge', { hasText: '核实中' }).waitFor();
  t.match(await page.getByRole('region', { name: '基本情况' }).textContent(), /2021年4月3日/, 'due 30 days after the day it was assigned');
  t.equal(await storyDay('指派核实'), '2021年3月4日', 'the story tells it under its day');

  // The finding, made on 28 March: in time, though entered months after its due date.
  const finding = page.getByTestId('form-finding');
  const foundOn = finding.getByLabel('认定日期');
  t.equal(await foundOn.inputValue(), '', 'empty by default: made today');
  await finding.getByLabel('认定结果').selectOption({ label: '属实' });
  await finding.getByLabel('情节').selectOption({ label: '情节较轻' });
  await finding.getByLabel('认定情况').fill('经核实，当事人违规收取现金属实。');
  await foundOn.fill(tomorrow());
  await finding.getByRole('button', { name: '提交' }).click();
  await refusedWith(finding, 'date_in_future', new RegExp(`foundOn ${tomorrow()}`), 'made tomorrow');
  await foundOn.fill('2021-03-28');
  await finding.getByRole('button', { name: '提交' }).click();
  await page.locator('h2 .badge', { hasText: '已认定' }).waitFor();
  t.equal(await storyDay('核实认定'), '2021年3月28日');
  t.equal(await page.getByRole('region', { name: '基本情况' }).locator('[data-deadline]').count(), 0, 'not handled late: made before its due date');

  // The sanction, taking effect on the day of the finding.
  const sanction = page.getByTestId('form-sanction');
  await sanction.getByLabel('处理方式').selectOption({ label: '批评教育' });
  await sanction.getByLabel('生效日期').fill('2021-03-28');
  await sanction.getByLabel('处理依据').fill('依据省厅“六严禁”第五条，予以批评教育。');
  await sanction.getByRole('button', { name: '提交' }).click();
  await page.locator('h2 .badge', { hasText: '已处理' }).waitFor();

  // The closure, on 20 April; not before the latest step (the finding and the sanction, on 28 March).
  await openStep(page, 'closure');
  const closure = page.getByTestId('form-closure');
  const closedOn = closure.getByLabel('办结日期');
  t.equal(await closedOn.inputValue(), '', 'empty by default: closed today');
  await closure.getByLabel('办结情况').fill('已按规定处理，办结。');
  await closedOn.fill('2021-03-27');
  await closure.getByRole('button', { name: '提交' }).click();
  await refusedWith(closure, 'date_out_of_order', /closedOn 2021-03-27 is before officer A001's finding on 2021-03-28/, 'closed before the finding and the sanction');
  await screenshot(page, 'paper-case-1-closure-refused');
  await closedOn.fill('2021-04-20');
  await closure.getByRole('button', { name: '提交' }).click();
  await page.locator('h2 .badge', { hasText: '已结案' }).waitFor();
  t.equal(await storyDay('案件办结'), '2021年4月20日', 'closed under its day');
  t.match(await page.getByTestId('case-story').textContent(), /insp-wang/, 'each step says who entered it and when');
  await screenshot(page, 'paper-case-2-closed');

  // In English the forms name the same days.
  const other = await running.post('/api/v1/cases', {
    officerIds: ['A001'], category: 'conduct', channel: 'letter', occurredOn: '2021-05-02', summary: '纸质台账补录：工作时间脱岗。',
  }, inspector);
  const english = await inspectorOnCase(t, running, other.id);
  await english.getByRole('button', { name: 'English' }).click();
  t.equal(await english.getByTestId('form-verification').getByLabel('Assigned on').inputValue(), '');
});
