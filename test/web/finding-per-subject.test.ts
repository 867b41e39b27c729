import t, { type Test } from 'tap';
import { browserUnavailable, screenshot } from '../fixtures/web/browser.js';
import { startSmallBureau } from '../fixtures/web/small-bureau.js';
import { openStep } from '../fixtures/web/sign-in.js';
import { inspectorOnCase } from '../fixtures/web/case-page.js';

// A case against two officers whose verification establishes the facts of one first: the inspector
// records the finding of that one alone, corrects the unit of the other (still awaiting a finding),
// and finds the other unfounded later, all with the case page's forms.

const unavailable = browserUnavailable();

/** A case against 张三 and 李四 (both of 运政执法大队) under verification, open on its page for the inspector. */
async function caseOfTwoOpened(t: Test) {
  const { running, inspector } = await startSmallBureau(t, { lisiIn: 'YZ' });
  const reported = await running.post('/api/v1/cases', {
    officerIds: ['A001', 'B002'], category: 'integrity', channel: 'inspection', occurredOn: '2021-06-02', summary: '两人在检测站违规收取现金。',
  }, inspector);
  await running.post(`/api/v1/cases/${reported.id}/verification`, { inspectorId: 'insp-wang' }, inspector);
  const page = await inspectorOnCase(t, running, reported.id);
  await page.locator('h2 .badge', { hasText: '核实中' }).waitFor();
  return { running, inspector, reported, page };
}

t.test('each subject of a case can be found on their own, the others still awaiting a finding', { skip: unavailable }, async (t) => {
  const { running, inspector, reported, page } = await caseOfTwoOpened(t);

  // The finding of 张三 alone.
  const finding = page.getByTestId('form-finding');
  const subjects = finding.getByTestId('finding-subjects');
  t.equal(await subjects.getByRole('checkbox').count(), 2, 'both subjects await a finding, both ticked');
  await subjects.getByRole('checkbox', { name: '李四（B002）' }).uncheck();
  await finding.getByLabel('认定结果').selectOption({ label: '属实' });
  await finding.getByLabel('情节').selectOption({ label: '情节较轻' });
  await finding.getByLabel('认定情况').fill('张三违规收取现金属实；李四待进一步核实。');
  await finding.getByRole('button', { name: '提交' }).click();
  // (The form's own "recorded" line can be gone by the time the case has reloaded: the story says it.)
  const story = page.getByTestId('case-story');
  // (Names come with the directory, which may load after the story.)
  await story.locator('li').filter({ hasText: '核实认定' }).filter({ hasText: '（A001）' }).waitFor();
  t.match(await story.locator('li').filter({ hasText: '核实认定' }).textContent(), /当事人：张三（A001）；/, 'the finding names 张三 alone, by name');
  t.equal(await subjects.count(), 0, 'one subject left: nothing to choose');
  await screenshot(page, 'finding-1-one-subject-found');

  // 李四 still awaits a finding: the unit of the breach can still be corrected for him alone.
  await openStep(page, 'correction');
  const correction = page.getByTestId('form-correction');
  t.equal(await correction.getByLabel(/违纪时所在单位/).count(), 1, 'one unit field, for the subject still awaiting a finding');
  await correction.getByLabel(/李四（B002）违纪时所在单位/).fill('ZF');
  await correction.getByLabel('更正原因').fill('李四违纪时借调在综合执法中队。');
  await correction.getByRole('button', { name: '提交' }).click();
  await story.locator('li').filter({ hasText: '案件记录更正' }).waitFor();

  // And found later, on his own.
  await openStep(page, 'finding');
  await finding.getByLabel('认定结果').selectOption({ label: '不属实' });
  await finding.getByLabel('认定情况').fill('经核实，李四未参与收取现金。');
  await finding.getByRole('button', { name: '提交' }).click();
  // (The case was 已认定 since the first finding: the second one's own entry is what to wait for.)
  await story.locator('li').filter({ hasText: '核实认定' }).filter({ hasText: '（B002）' }).waitFor();
  await page.locator('h2 .badge', { hasText: '已认定' }).waitFor();
  const findings = await story.locator('li').filter({ hasText: '核实认定' }).allTextContents();
  t.equal(findings.length, 2, 'two findings');
  t.match(findings[1], /不属实.*当事人：李四（B002）；/, 'the second of 李四 alone');
  const detail = await (await fetch(`${running.baseUrl}/api/v1/cases/${reported.id}`, { headers: { authorization: `Bearer ${inspector}` } })).json() as { subjects: { officerId: string; unitId: string }[] };
  t.same(detail.subjects.map((s) => [s.officerId, s.unitId]), [['A001', 'YZ'], ['B002', 'ZF']], 'each in the unit of the breach');
});

t.test('a finding with every subject unticked is refused by the form, before anything is sent', { skip: unavailable }, async (t) => {
  const { page } = await caseOfTwoOpened(t);
  const findingsSent: string[] = [];
  page.on('request', (request) => { if (request.method() === 'POST' && request.url().endsWith('/findings')) findingsSent.push(request.url()); });

  const finding = page.getByTestId('form-finding');
  const subjects = finding.getByTestId('finding-subjects');
  await subjects.getByRole('checkbox', { name: '张三（A001）' }).uncheck();
  await subjects.getByRole('checkbox', { name: '李四（B002）' }).uncheck();
  await finding.getByLabel('认定结果').selectOption({ label: '属实' });
  await finding.getByLabel('情节').selectOption({ label: '情节较轻' });
  await finding.getByLabel('认定情况').fill('两人违规收取现金属实。');
  await finding.getByRole('button', { name: '提交' }).click();
  const refusal = finding.getByRole('alert').filter({ hasText: '请至少勾选一名本次认定的当事人' });
  await refusal.waitFor();
  t.equal(findingsSent.length, 0, 'nothing sent to the register');
  t.equal(await finding.getByLabel('认定情况').inputValue(), '两人违规收取现金属实。', 'what was typed is kept');
  t.equal(await page.getByTestId('case-story').locator('li').filter({ hasText: '核实认定' }).count(), 0, 'no finding recorded');
  await screenshot(page, 'finding-2-no-subject-ticked');

  // One ticked: the finding is sent, of that one alone.
  await subjects.getByRole('checkbox', { name: '张三（A001）' }).check();
  await finding.getByRole('button', { name: '提交' }).click();
  const entry = page.getByTestId('case-story').locator('li').filter({ hasText: '核实认定' });
  await entry.filter({ hasText: '（A001）' }).waitFor();
  t.match(await entry.textContent(), /当事人：张三（A001）；/, 'the finding of the one ticked');
  t.equal(await refusal.count(), 0, 'the refusal gone');
});

t.test('the intervention form names the subject still awaiting a finding, the sanction form the one found', { skip: unavailable }, async (t) => {
  const { running, inspector, reported, page } = await caseOfTwoOpened(t);
  await running.post(`/api/v1/cases/${reported.id}/findings`, { officerIds: ['A001'], outcome: 'unfounded', summary: '张三未参与。' }, inspector);
  await page.reload();
  await page.locator('h2 .badge', { hasText: '已认定' }).waitFor();

  await openStep(page, 'intervention');
  t.equal(await page.getByTestId('form-intervention').getByLabel('对象执法人员编号').inputValue(), 'B002', 'a talk with 李四, who awaits a finding');

  // 李四 found on this page: the sanction form follows, to him rather than to 张三, found unfounded.
  await openStep(page, 'finding');
  const finding = page.getByTestId('form-finding');
  await finding.getByLabel('认定结果').selectOption({ label: '属实' });
  await finding.getByLabel('情节').selectOption({ label: '情节较轻' });
  await finding.getByLabel('认定情况').fill('李四违规收取现金属实。');
  await finding.getByRole('button', { name: '提交' }).click();
  await page.getByTestId('case-story').locator('li').filter({ hasText: '核实认定' }).nth(1).waitFor();
  await openStep(page, 'sanction');
  const officer = page.getByTestId('form-sanction').getByLabel('处理对象执法人员编号');
  await page.waitForFunction(() => (document.querySelector('[data-testid="form-sanction"] input[name="officerId"]') as HTMLInputElement | null)?.value === 'B002', null, { timeout: 5000 })
    .catch(() => undefined);
  t.equal(await officer.inputValue(), 'B002', 'a sanction of 李四, found to have done it');
});
