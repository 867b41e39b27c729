import { DateTime } from 'luxon';
import t from 'tap';
import { browserUnavailable, screenshot } from '../fixtures/web/browser.js';
import { startSmallBureau, type SmallBureau } from '../fixtures/web/small-bureau.js';
import { openStep } from '../fixtures/web/sign-in.js';
import { inspectorOnCase } from '../fixtures/web/case-page.js';

// The inspector imposes a sanction on the case page and goes on to the officer's review without
// leaving it: the review form proposes the case's only sanction, and the decision form the only
// review awaiting its decision, though neither existed when the page was opened.

const unavailable = browserUnavailable();

t.test('the review proposes the only sanction, the decision the only open review, on the page they were made on', { skip: unavailable }, async (t) => {
  const { running, hr, inspector } = await startSmallBureau(t);
  await running.post('/api/v1/posts', { postId: 'YZ-NQ', unitId: 'YZ', title: '综合内勤岗', enforcement: false, sensitive: false }, hr);
  const reported = await running.post('/api/v1/cases', {
    officerIds: ['A001'], category: 'conduct', channel: 'inspection', occurredOn: '2021-06-02', summary: '上班时间脱岗。',
  }, inspector);
  await running.post(`/api/v1/cases/${reported.id}/verification`, { inspectorId: 'insp-wang' }, inspector);
  await running.post(`/api/v1/cases/${reported.id}/findings`, { outcome: 'substantiated', severity: 'minor', summary: '属实' }, inspector);

  const page = await inspectorOnCase(t, running, reported.id);
  await page.locator('h2 .badge', { hasText: '已认定' }).waitFor();

  const sanction = page.getByTestId('form-sanction');
  await sanction.getByLabel('处理方式').selectOption({ label: '批评教育' });
  await sanction.getByLabel('处理依据').fill('依据有关规定，予以批评教育。');
  await sanction.getByRole('button', { name: '提交' }).click();
  await page.locator('h2 .badge', { hasText: '已处理' }).waitFor();
  const sanctionId = await page.getByTestId('case-sanctions').locator('code').textContent();

  await openStep(page, 'appeal');
  const appeal = page.getByTestId('form-appeal');
  t.equal(await appeal.getByLabel('申诉的处理').inputValue(), sanctionId, 'the only sanction is proposed');
  await appeal.getByRole('button', { name: '提交' }).click();
  await page.locator('h2 .badge', { hasText: '申诉复核中' }).waitFor();

  await openStep(page, 'decision');
  const decision = page.getByTestId('form-decision');
  t.not(await decision.getByLabel('复核申诉编号').inputValue(), '', 'the only review awaiting a decision is proposed');
  // Reduced, and to nothing: the register's 400 names the field as the form labels it, not as the API does.
  await decision.locator('select[name="outcome"]').selectOption({ label: '减轻' });
  await decision.getByRole('button', { name: '提交' }).click();
  const failing = decision.getByRole('alert').locator('li[data-path]');
  await failing.first().waitFor();
  t.same(await failing.allTextContents(), ['改为（减轻时）：决定减轻的，须选择改为的处理方式'], 'the failing field by its label, in Chinese');
  await decision.locator('select[name="outcome"]').selectOption({ label: '维持' });
  await decision.getByRole('button', { name: '提交' }).click();
  await page.locator('h2 .badge', { hasText: '已处理' }).waitFor();
  await screenshot(page, 'appeal-1-decided');
  const steps = await page.getByTestId('case-story').locator('li strong').allTextContents();
  t.same(steps.slice(-2), ['提出复核申诉', '复核申诉决定'], 'the review and its decision, in the case\'s story');
  const filed = await page.getByTestId('case-story').locator('li', { hasText: '提出复核申诉' }).locator('.desc').textContent();
  t.match(filed, '申诉的处理：张三（A001） · 批评教育', 'the review\'s step names the sanction by its officer and kind');
  t.notMatch(filed, sanctionId!, 'not by its id');
  await page.goto(`${running.baseUrl}/#/history?officerId=A001`);
  const inHistory = await page.getByTestId('officer-timeline').locator('li', { hasText: '提出复核申诉' }).locator('.desc').textContent();
  t.match(inHistory, /申诉的处理：批评教育（\d{4}年/, 'and so does the officer\'s history, by the kind and its day');
  t.notMatch(inHistory, sanctionId!);
  await page.goBack();
  await page.locator('h2 .badge', { hasText: '已处理' }).waitFor();

  // Once the case is closed, an appeal can still come: its decision's post field still suggests the posts.
  await openStep(page, 'closure');
  await page.getByTestId('form-closure').getByLabel('办结情况').fill('已处理完毕，予以办结。');
  await page.getByTestId('form-closure').getByRole('button', { name: '提交' }).click();
  await page.locator('h2 .badge', { hasText: '已结案' }).waitFor();
  await openStep(page, 'decision');
  const postField = page.getByTestId('form-decision').getByLabel(/^调往岗位编号/);
  t.equal(await postField.getAttribute('list'), 'posts-list');
  t.same(await page.locator('datalist#posts-list option').evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value)), ['YZ-NQ'], 'the posts are suggested');
  t.same(await page.locator('datalist#units-list option').evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value)), ['YZ'], 'and the units, for a correction');
});

/** A case against A001 found substantiated and sanctioned with criticism today, written through the API. */
async function sanctionedCase({ running, inspector }: SmallBureau) {
  const reported = await running.post('/api/v1/cases', {
    officerIds: ['A001'], category: 'conduct', channel: 'inspection', occurredOn: '2021-06-02', summary: '上班时间脱岗。',
  }, inspector);
  const base = `/api/v1/cases/${reported.id}`;
  await running.post(`${base}/verification`, { inspectorId: 'insp-wang' }, inspector);
  await running.post(`${base}/findings`, { outcome: 'substantiated', severity: 'minor', summary: '属实' }, inspector);
  // The bureau's today (a sanction is not dated before the report, made on the bureau's today).
  const today = DateTime.now().setZone('Asia/Shanghai').toISODate()!;
  const sanction = await running.post(`${base}/sanctions`, { officerId: 'A001', kind: 'criticism_education', effectiveOn: today, basis: '依据有关规定' }, inspector);
  return { reported, base, today, sanction };
}

t.test('a page opened on a case whose review awaits its decision: once decided, the appeal filed next is the one proposed', { skip: unavailable }, async (t) => {
  const bureau = await startSmallBureau(t);
  const { running, inspector } = bureau;
  const { reported, base, today, sanction } = await sanctionedCase(bureau);
  const review = await running.post(`${base}/appeals`, { sanctionId: sanction.id, stage: 'review', filedOn: today }, inspector);

  const page = await inspectorOnCase(t, running, reported.id);
  await openStep(page, 'decision');
  const decision = page.getByTestId('form-decision');
  await t.resolves(decision.getByLabel('复核申诉编号').evaluate((el, id) => new Promise<void>((resolve) => {
    const check = () => ((el as HTMLSelectElement).value === id ? resolve() : setTimeout(check, 50));
    check();
  }), review.id), 'the open review is proposed');
  t.equal(await decision.locator('select[name="appealId"] option:checked').textContent(), '复核 · 张三（A001） · 批评教育', 'named by its officer and the sanction in force, not the sanction\'s id');
  await decision.locator('select[name="outcome"]').selectOption({ label: '维持' });
  await decision.getByRole('button', { name: '提交' }).click();
  await page.getByTestId('case-story').getByText('复核申诉决定').waitFor();

  await openStep(page, 'appeal');
  const appeal = page.getByTestId('form-appeal');
  await appeal.getByLabel('阶段').selectOption({ label: '申诉' });
  await appeal.getByRole('button', { name: '提交' }).click();
  const filed = page.getByTestId('case-story').locator('li strong', { hasText: '提出复核申诉' });
  await filed.nth(1).waitFor();
  await openStep(page, 'decision');
  const events = (await (await fetch(`${running.baseUrl}/api/v1/audit/events?type=AppealFiled`, { headers: { authorization: `Bearer ${running.token('audit-li', ['auditor'])}` } })).text())
    .trim().split('\n').map((line) => JSON.parse(line) as { data: { appealId: string; stage: string } });
  const second = events.find((e) => e.data.stage === 'appeal')!.data.appealId;
  await page.waitForFunction((id) => (document.querySelector('[data-testid="form-decision"] select[name="appealId"]') as HTMLSelectElement | null)?.value === id, second, { timeout: 5000 })
    .then(() => t.pass('the appeal filed after the review was decided is proposed, not the decided review'), (error: Error) => t.fail(error.message));
  await screenshot(page, 'appeal-2-second-stage-proposed');
});

t.test('a closed case whose review awaits its decision offers only what a closed case takes: appeal, decision, correction', { skip: unavailable }, async (t) => {
  const bureau = await startSmallBureau(t);
  const { running, inspector } = bureau;
  const { reported, base, today, sanction } = await sanctionedCase(bureau);
  await running.post(`${base}/closure`, { summary: '已处理完毕，予以办结。' }, inspector);
  await running.post(`${base}/appeals`, { sanctionId: sanction.id, stage: 'review', filedOn: today }, inspector);

  const page = await inspectorOnCase(t, running, reported.id);
  await page.locator('h2 .badge', { hasText: '申诉复核中' }).waitFor();
  const steps = await page.locator('details[data-step]').evaluateAll((all) => all.map((d) => d.getAttribute('data-step')));
  t.same(steps, ['appeal', 'decision', 'correction'], 'no verification, finding, sanction or closure on a closed case');
  t.not(await page.locator('details[data-step="decision"]').getAttribute('open'), null, 'the review\'s decision is the step open');
  await screenshot(page, 'appeal-3-closed-under-review');
});
