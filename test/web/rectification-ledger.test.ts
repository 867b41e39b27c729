import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import t from 'tap';
import { browserUnavailable, launchBrowser, newPage, screenshot } from '../fixtures/web/browser.js';
import { signInAs } from '../fixtures/web/sign-in.js';
import { startSmallBureau } from '../fixtures/web/small-bureau.js';

// 整改台账: an inspector records a unit's problem with the form and follows it up on its own page
// (progress, completion, the check); an item past its deadline is marked overdue at a glance; the
// unit and status filters live in the address; the CSV has what is shown; HR reads without forms.

const unavailable = browserUnavailable();

t.test('an inspector keeps the rectification ledger: records, follows up, sees overdue items, downloads the CSV', { skip: unavailable }, async (t) => {
  const { running, hr, inspector } = await startSmallBureau(t, { lisiIn: 'ZF' });
  const today = DateTime.now().setZone('Asia/Shanghai');
  const day = (days: number) => today.plus({ days }).toISODate()!;
  // An item of another unit, past its deadline (set up over HTTP).
  const overdue = await running.post('/api/v1/rectifications', {
    unitId: 'ZF', problem: '罚没款未按时上缴财政专户', source: 'inspection', measure: '建立罚没款日清月结制度', responsibleDepartment: '财务股',
    responsiblePerson: '李四', responsibleOfficerId: 'B002', foundOn: day(-60), dueOn: day(-10),
  }, inspector);

  const browser = await launchBrowser(t);
  const page = await newPage(browser, { acceptDownloads: true });
  await signInAs(page, running.baseUrl, 'insp-zhao', ['inspector']);
  await page.getByRole('navigation').getByRole('link', { name: '整改台账' }).click();
  const overdueRow = page.locator(`tr[data-rectification="${overdue.id}"]`);
  await overdueRow.waitFor();
  t.equal(await overdueRow.getAttribute('data-status'), 'overdue');
  t.match(await overdueRow.textContent(), /已逾期.*逾期 10 天/, 'marked overdue in words, with the days');
  t.match(await overdueRow.evaluate((row) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(row).backgroundColor),
    /rgb\(253, 236, 234\)/, 'and in red, at a glance');
  t.match(await page.getByTestId('rectification-summary').textContent(), /整改中 0 项，已逾期 1 项，已完成 0 项/);

  // A new problem of 运政执法大队, with the form; the page of the new item opens.
  const form = page.getByTestId('form-rectification');
  await form.getByLabel('单位').fill('YZ');
  await form.getByLabel('问题来源').selectOption({ label: '自查自纠' });
  await form.getByLabel('存在问题').fill('执法记录仪未全程开启');
  await form.getByLabel('整改措施').fill('每周抽查执法记录仪视频，纳入考核');
  await form.getByLabel('责任部门').fill('法制股');
  await form.getByRole('textbox', { name: '责任人', exact: true }).fill('张三');
  await form.getByLabel('责任人执法人员编号').fill('A001');
  await form.getByLabel('整改时限').fill(day(30));
  await form.getByRole('button', { name: '提交' }).click();
  await page.getByTestId('rectification-facts').waitFor();
  t.match(page.url(), /#\/rectifications\/[0-9a-f-]{36}$/, 'the new item\'s own page');
  t.match(await page.getByTestId('rectification-facts').textContent(), /执法记录仪未全程开启.*自查自纠.*每周抽查执法记录仪视频.*法制股.*张三（A001）/);
  t.equal(await page.getByTestId('rectification-due').textContent(), `${today.plus({ days: 30 }).year}年${today.plus({ days: 30 }).month}月${today.plus({ days: 30 }).day}日`);
  await screenshot(page, 'rectification-1-item');

  // Progress, then the completion: the item is done on time, and awaits its check.
  const progress = page.getByTestId('form-rectification-progress');
  await progress.getByLabel('进展情况').fill('已制定抽查制度');
  await progress.getByRole('button', { name: '提交' }).click();
  await page.getByTestId('rectification-timeline').locator('li[data-kind="progress"]').waitFor();
  const completion = page.getByTestId('form-rectification-completion');
  await completion.getByLabel('整改情况').fill('制度已执行，抽查全部合格');
  await completion.getByRole('button', { name: '提交' }).click();
  await page.getByTestId('completion-punctuality').filter({ hasText: '按期完成' }).waitFor();
  t.same(await page.getByTestId('rectification-timeline').locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-kind'))),
    ['recorded', 'progress', 'completion'], 'the item\'s record, in order');

  // The check: rejected asks for a new deadline first (the form says so in Chinese), then accepted.
  const check = page.getByTestId('form-rectification-verification');
  await check.getByLabel('验收结果').selectOption({ label: '验收不通过，重新整改' });
  await check.getByLabel('验收意见').fill('抽查记录不全');
  await check.getByLabel('重新整改时限').fill(day(20));
  await check.getByRole('button', { name: '提交' }).click();
  await page.getByTestId('form-rectification-completion').waitFor();
  t.match(await page.getByTestId('rectification-timeline').textContent(), /验收不通过，重新整改.*抽查记录不全/, 'rejected: open again');
  await page.getByTestId('form-rectification-completion').getByLabel('整改情况').fill('补齐抽查记录');
  await page.getByTestId('form-rectification-completion').getByRole('button', { name: '提交' }).click();
  await page.getByTestId('form-rectification-verification').getByLabel('验收意见').fill('已整改到位');
  await page.getByTestId('form-rectification-verification').getByRole('button', { name: '提交' }).click();
  await page.getByTestId('accepted-note').waitFor();
  await screenshot(page, 'rectification-2-accepted');

  // The ledger: filtered by unit and status, the filters in the address.
  await page.getByRole('link', { name: '← 整改台账' }).click();
  await page.getByTestId('rectification-summary').filter({ hasText: '已完成 1 项' }).waitFor();
  await page.getByLabel('状态').selectOption({ label: '已逾期' });
  await page.locator('tr[data-status="done"]').waitFor({ state: 'detached' });
  await page.locator('tr[data-status="overdue"]').waitFor();
  t.match(page.url(), /status=overdue/, 'the status in the address');
  t.same(await page.locator('tr[data-rectification]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status'))), ['overdue']);
  await page.getByLabel('状态').selectOption({ label: '全部' });
  await page.getByLabel('单位', { exact: true }).selectOption({ label: '运政执法大队（YZ）' });
  await page.locator(`tr[data-rectification="${overdue.id}"]`).waitFor({ state: 'detached' });
  t.match(page.url(), /unitId=YZ/, 'the unit in the address');
  t.match(await page.getByTestId('rectification-summary').textContent(), /整改中 0 项，已逾期 0 项，已完成 1 项/);
  await page.reload();
  await page.locator('tr[data-status="done"]').waitFor();
  t.equal(await page.getByLabel('单位', { exact: true }).inputValue(), 'YZ', 'a reload keeps the filter');
  await screenshot(page, 'rectification-3-ledger');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
  t.match(download.suggestedFilename(), /^rectifications-YZ-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
  const lines = csv.trim().split(/\r?\n/);
  t.match(lines[0], /^编号,单位编号,单位,问题来源,.*存在问题,整改措施,责任部门,责任人,.*整改时限,.*状态/, 'a header line, in Chinese');
  t.equal(lines.length, 2, 'the one item of that unit');
  t.match(lines[1], /YZ,运政执法大队,自查自纠,,执法记录仪未全程开启/);
  t.match(lines[1], /已完成/);
  t.match(lines[1], /验收通过/);

  // HR reads the ledger, without the inspectors' forms.
  const hrPage = await newPage(browser);
  await signInAs(hrPage, running.baseUrl, 'hr-zhang', ['hr']);
  await hrPage.goto(`${running.baseUrl}/#/rectifications`);
  await hrPage.locator(`tr[data-rectification="${overdue.id}"]`).waitFor();
  t.equal(await hrPage.getByTestId('form-rectification').count(), 0, 'no form to record problems');
  await hrPage.goto(`${running.baseUrl}/#/rectifications/${overdue.id}`);
  await hrPage.getByTestId('rectification-facts').waitFor();
  t.equal(await hrPage.locator('[data-testid^="form-rectification"]').count(), 0, 'nor to follow one up');
  void hr;
});

t.test('the person responsible sees their item without the forms they may not use; a refusal says its rule in Chinese', { skip: unavailable }, async (t) => {
  const { running, inspector } = await startSmallBureau(t);
  const today = DateTime.now().setZone('Asia/Shanghai');
  const item = await running.post('/api/v1/rectifications', {
    unitId: 'YZ', problem: '窗口服务态度生硬', source: 'public_opinion', measure: '开展文明执法培训', responsibleDepartment: '政务窗口',
    responsiblePerson: '张三', responsibleOfficerId: 'A001', foundOn: today.minus({ days: 5 }).toISODate()!, dueOn: today.plus({ days: 25 }).toISODate()!,
  }, inspector);
  const browser = await launchBrowser(t);
  const page = await newPage(browser);
  await signInAs(page, running.baseUrl, 'insp-zhangsan', ['inspector'], 'A001');
  await page.goto(`${running.baseUrl}/#/rectifications/${item.id}`);
  await page.getByTestId('responsible-note').waitFor();
  t.equal(await page.getByTestId('form-rectification-completion').count(), 0, 'no completion form');
  t.equal(await page.getByTestId('form-rectification-extension').count(), 0, 'no extension form');
  t.equal(await page.getByTestId('form-rectification-progress').count(), 1, 'progress they may record');

  // Another inspector extends the deadline to an earlier day: the register refuses, the page says why.
  const other = await newPage(browser);
  await signInAs(other, running.baseUrl, 'insp-wang', ['inspector']);
  await other.goto(`${running.baseUrl}/#/rectifications/${item.id}`);
  await other.locator('details[data-step="extension"] > summary').click();
  const extension = other.getByTestId('form-rectification-extension');
  await extension.getByLabel('新的整改时限').fill(today.plus({ days: 10 }).toISODate()!);
  await extension.getByLabel('批准人').fill('局领导');
  await extension.getByLabel('延期原因').fill('提前');
  await extension.getByRole('button', { name: '提交' }).click();
  await extension.getByRole('alert').filter({ hasText: '延期后的整改时限必须晚于现有时限' }).waitFor();
  t.pass('the rule\'s Chinese message beside the form');
});
