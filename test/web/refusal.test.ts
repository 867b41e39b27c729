import t from 'tap';
import { ruleCatalogue } from '../../src/domain/rules.js';
import { browserUnavailable, screenshot } from '../fixtures/web/browser.js';
import { startSmallBureau } from '../fixtures/web/small-bureau.js';
import { reportTypedIn } from '../fixtures/web/new-case-report.js';
import { openStep } from '../fixtures/web/sign-in.js';
import { inspectorOnCase } from '../fixtures/web/case-page.js';

// A rule of the register refuses a write: the page says which rule, in Chinese, next to the form;
// nothing the inspector typed is lost, nothing is written, and once the rule is met the same
// form goes through.

const unavailable = browserUnavailable();

t.test('a refused sanction shows the rule in Chinese and keeps what was typed', { skip: unavailable }, async (t) => {
  const { running, inspector } = await startSmallBureau(t);
  const reported = await running.post('/api/v1/cases', {
    officerIds: ['A001'], category: 'conduct', channel: 'inspection', occurredOn: '2021-06-02', summary: '上班时间脱岗，执法出勤不出力。',
  }, inspector);
  const assigned = await running.post(`/api/v1/cases/${reported.id}/verification`, { inspectorId: 'insp-wang' }, inspector);
  // The writes are in the read models before the page is opened (read-your-writes).
  const caughtUp = await fetch(`${running.baseUrl}/api/v1/cases/${reported.id}?minPosition=${assigned.position}`, { headers: { authorization: `Bearer ${inspector}` } });
  t.equal(caughtUp.status, 200);

  const page = await inspectorOnCase(t, running, reported.id);
  await page.locator('h2 .badge', { hasText: '核实中' }).waitFor();

  // A sanction before any finding: the register refuses it (rule finding_required).
  await openStep(page, 'sanction');
  const sanction = page.getByTestId('form-sanction');
  const basis = '依据《交通运输行政执法人员管理规定》，予以离岗培训。';
  await sanction.getByLabel('处理方式').selectOption({ label: '离岗培训' });
  await sanction.getByLabel('培训结束日期（离岗培训）').fill('2031-12-31');
  await sanction.getByLabel('处理依据').fill(basis);
  await sanction.getByRole('button', { name: '提交' }).click();

  const alert = sanction.getByRole('alert');
  await alert.locator('.rule-message').waitFor();
  t.match(await alert.textContent(), ruleCatalogue.finding_required.zh, 'the rule, in Chinese, next to the form');
  t.equal(await alert.getAttribute('data-rule'), 'finding_required');
  t.equal(await sanction.getByLabel('处理依据').inputValue(), basis, 'the basis typed is kept');
  t.equal(await sanction.getByLabel('处理方式').inputValue(), 'off_post_training', 'the kind chosen is kept');
  t.equal(await sanction.getByLabel('培训结束日期（离岗培训）').inputValue(), '2031-12-31', 'the date typed is kept');
  await screenshot(page, 'refusal-1-rule-shown');

  // Nothing was written: the case is still under verification and has no sanction.
  const auditor = running.token('audit-li', ['auditor']);
  const log = await (await fetch(`${running.baseUrl}/api/v1/audit/events`, { headers: { authorization: `Bearer ${auditor}` } })).text();
  t.notMatch(log, /"SanctionImposed"/, 'the refused sanction left no event');
  t.equal(await page.locator('h2 .badge').textContent(), '核实中');

  // Meet the rule (a finding), then the same form, untouched, goes through.
  await openStep(page, 'finding');
  const finding = page.getByTestId('form-finding');
  await finding.getByLabel('认定结果').selectOption({ label: '部分属实' });
  await finding.getByLabel('情节').selectOption({ label: '情节较轻' });
  await finding.getByLabel('认定情况').fill('脱岗情况部分属实。');
  await finding.getByRole('button', { name: '提交' }).click();
  await page.locator('h2 .badge', { hasText: '已认定' }).waitFor();

  t.equal(await sanction.getByLabel('处理依据').inputValue(), basis, 'still there after the finding');
  await sanction.getByRole('button', { name: '提交' }).click();
  await page.locator('h2 .badge', { hasText: '已处理' }).waitFor();
  t.equal(await sanction.getByRole('alert').count(), 0, 'the refusal is gone');
  t.match(await page.getByTestId('case-sanctions').textContent(), /离岗培训/);
  await screenshot(page, 'refusal-2-then-accepted');
});

t.test('a refusal says the rule in Chinese and, beside it, the register\'s account of what broke it', { skip: unavailable }, async (t) => {
  const { page, report } = await reportTypedIn(t, 'A001 NOPE1');
  await report.getByRole('button', { name: '提交' }).click();

  const alert = report.getByRole('alert');
  await alert.locator('.rule-message').waitFor();
  t.equal(await alert.getAttribute('data-rule'), 'unknown_officer');
  t.match(await alert.locator('.rule-message').textContent(), ruleCatalogue.unknown_officer.zh, 'the rule, in Chinese');
  const detail = alert.locator('p.detail');
  t.ok(await detail.isVisible(), 'the register\'s explanation in view, not folded away');
  t.equal(await detail.textContent(), '登记系统说明（英文）：Not registered: NOPE1.', 'naming the officer it does not know, without repeating the rule');
  t.equal(await detail.locator('[lang="en"]').textContent(), 'Not registered: NOPE1.', 'marked as English');
  await screenshot(page, 'refusal-3-rule-and-detail');
});
