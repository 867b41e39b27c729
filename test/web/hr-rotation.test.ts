import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import t from 'tap';
import { browserUnavailable, launchBrowser, newPage, screenshot } from '../fixtures/web/browser.js';
import { startRegister } from '../fixtures/web/register.js';
import { signInAs } from '../fixtures/web/sign-in.js';

// HR registers a unit, a sensitive post and an officer with the forms, assigns the officer to the
// post years ago, and the rotation schedule marks the officer overdue at a glance; a colleague
// due within ninety days is marked due soon; one in off-post training says until when; the unit
// filter and the CSV download work.

const unavailable = browserUnavailable();

t.test('HR sees an overdue officer marked and downloads the schedule as CSV', { skip: unavailable }, async (t) => {
  const running = await startRegister(t);
  const browser = await launchBrowser(t);
  const page = await newPage(browser, { acceptDownloads: true });
  await signInAs(page, running.baseUrl, 'hr-zhang', ['hr']);
  await page.getByRole('navigation').getByRole('link', { name: '人员与岗位' }).click();

  const submit = async (testId: string, fields: Record<string, string>, checks: string[] = []) => {
    const form = page.getByTestId(testId);
    for (const name of checks) await form.getByLabel(name).check();
    for (const [name, value] of Object.entries(fields)) {
      const field = form.getByLabel(name);
      if (await field.evaluate((el) => el.tagName === 'SELECT')) await field.selectOption({ label: value });
      else await field.fill(value);
    }
    await form.getByRole('button', { name: '提交' }).click();
    await form.getByRole('status').filter({ hasText: '已保存' }).waitFor();
  };

  await submit('form-unit', { 单位编号: 'ZF1', 单位名称: '综合执法一中队' });
  await submit('form-post', { 岗位编号: 'ZF1-CZ', 单位编号: 'ZF1', 岗位名称: '超限检测站站长', '轮岗周期（月）': '60' }, ['执法岗位', '重要或敏感岗位']);
  await submit('form-officer', { 执法人员编号: 'B007', 姓名: '王五', 单位编号: 'ZF1', 入职日期: '2008-09-01' });
  await submit('form-qualification', { 执法人员编号: 'B007', 执法证号: '豫交执-2009-0107', 发证日期: '2009-03-15' });
  await submit('form-assignment', { 执法人员编号: 'B007', 岗位编号: 'ZF1-CZ', 生效日期: '2015-01-05', 事由: '任职' });
  await submit('form-warning-education', { 执法人员编号: 'B007', 教育主题: '以案促改警示教育大会' });
  await page.getByTestId('officers-table').getByRole('row').filter({ hasText: 'B007' }).filter({ hasText: '王五' }).waitFor();
  await screenshot(page, 'hr-1-officers-and-posts');

  // A colleague in another unit, due for rotation within ninety days (set up over HTTP).
  const hr = running.token('hr-zhang', ['hr']);
  const today = DateTime.now().setZone('Asia/Shanghai');
  const since = today.minus({ months: 60 }).plus({ days: 30 }).toISODate()!;
  await running.post('/api/v1/units', { unitId: 'ZF2', name: '综合执法二中队' }, hr);
  await running.post('/api/v1/posts', { postId: 'ZF2-CW', unitId: 'ZF2', title: '罚没款财务岗', enforcement: false, sensitive: true, rotationPeriodMonths: 60 }, hr);
  await running.post('/api/v1/officers', { officerId: 'C012', name: '赵六', unitId: 'ZF2', hiredOn: '2012-07-01' }, hr);
  const assigned = await running.post('/api/v1/officers/C012/assignments', { postId: 'ZF2-CW', effectiveOn: since, reason: 'appointment' }, hr);
  // The colleague's writes are in the read models before the page is opened (read-your-writes).
  const caughtUp = await fetch(`${running.baseUrl}/api/v1/rotation-schedule?minPosition=${assigned.position}`, { headers: { authorization: `Bearer ${hr}` } });
  t.equal(caughtUp.status, 200);

  await page.getByRole('navigation').getByRole('link', { name: '轮岗计划' }).click();
  const overdue = page.locator('tr[data-officer="B007"]');
  await overdue.waitFor();
  t.equal(await overdue.getAttribute('data-status'), 'overdue');
  t.match(await overdue.textContent(), /已逾期/, 'marked overdue in words');
  t.match(await overdue.textContent(), /2015年1月5日.*2020年1月5日/, 'since and due, as the bureau writes dates');
  t.match(await overdue.evaluate((row) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(row).backgroundColor), /rgb\(253, 236, 234\)/, 'and in red, at a glance');
  const dueSoon = page.locator('tr[data-officer="C012"]');
  t.equal(await dueSoon.getAttribute('data-status'), 'due_soon');
  t.match(await dueSoon.textContent(), /即将到期/);
  t.match(await page.getByTestId('rotation-summary').textContent(), /已逾期 1 人，即将到期 1 人/);
  await screenshot(page, 'hr-2-rotation-schedule');

  // Only the overdue listed: the summary still counts the schedule's due soon, not 0.
  await page.getByLabel('状态').selectOption({ label: '已逾期' });
  await page.locator('tr[data-officer="C012"]').waitFor({ state: 'detached' });
  t.match(await page.getByTestId('rotation-summary').textContent(), /已逾期 1 人，即将到期 1 人/, 'the counts do not depend on the status listed');
  await page.getByLabel('状态').selectOption({ label: '全部' });
  await page.locator('tr[data-officer="C012"]').waitFor();

  // Warning education (经常性警示教育): 王五 attended it today (the form above), 赵六 never.
  t.equal(await overdue.getByTestId('last-warning-education').textContent(), `${today.year}年${today.month}月${today.day}日`);
  t.equal(await dueSoon.getByTestId('last-warning-education').textContent(), '无记录');
  await page.getByLabel('最近警示教育早于（含无记录）').fill(today.toISODate()!);
  await page.getByTestId('rotation-summary').filter({ hasText: '已逾期 0 人，即将到期 1 人' }).waitFor();
  t.same(await page.locator('tr[data-officer]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-officer'))), ['C012'], 'none since today: only 赵六');
  t.match(page.url(), new RegExp(`educatedBefore=${today.toISODate()}`), 'the filter is in the address');
  await page.getByLabel('最近警示教育早于（含无记录）').fill('');
  await page.locator('tr[data-officer="B007"]').waitFor();

  // 王五 is sent to off-post training (离岗培训) for three months: still on the post and overdue, yet HR
  // cannot rotate them until its completion is recorded; the row says so, beside the status, with its planned end.
  const inspector = running.token('insp-wang', ['inspector']);
  const reported = await running.post('/api/v1/cases', {
    officerIds: ['B007'], category: 'conduct', channel: 'inspection', occurredOn: '2021-06-02', summary: '上班时间脱岗。',
  }, inspector);
  await running.post(`/api/v1/cases/${reported.id}/verification`, { inspectorId: 'insp-wang' }, inspector);
  await running.post(`/api/v1/cases/${reported.id}/findings`, { outcome: 'substantiated', severity: 'minor', summary: '属实' }, inspector);
  const until = today.plus({ months: 3 });
  await running.post(`/api/v1/cases/${reported.id}/sanctions`, {
    officerId: 'B007', kind: 'off_post_training', effectiveOn: today.toISODate()!, untilOn: until.toISODate()!, basis: '依据有关规定，离岗培训。',
  }, inspector);
  await page.reload();
  const training = page.locator('tr[data-officer="B007"]').getByTestId('off-post-training');
  await training.waitFor();
  t.equal(await training.textContent(), `离岗培训至 ${until.year}年${until.month}月${until.day}日`, 'in training until its planned end, beside the status');
  t.match(await training.getAttribute('title'), /培训结束登记前不能调整岗位/, 'why the rotation waits');
  t.equal(await overdue.getAttribute('data-status'), 'overdue', 'still overdue: the post is still held');
  t.equal(await page.locator('tr[data-officer="C012"]').getByTestId('off-post-training').count(), 0, 'nothing for a colleague in none');
  await screenshot(page, 'hr-3-off-post-training');

  // Filter by unit.
  await page.getByLabel('单位').selectOption({ label: '综合执法一中队（ZF1）' });
  await page.getByTestId('rotation-summary').filter({ hasText: '已逾期 1 人，即将到期 0 人' }).waitFor();
  t.equal(await page.locator('tr[data-officer="C012"]').count(), 0, 'the other unit is filtered out');

  // CSV of what is shown.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
  t.match(download.suggestedFilename(), /^rotation-schedule-ZF1-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
  const lines = csv.trim().split(/\r?\n/);
  t.match(lines[0], /人员编号.*姓名.*应轮岗日期.*状态/, 'a header line, in Chinese');
  t.equal(lines.length, 2, 'one officer of that unit');
  t.match(lines[1], /B007,王五/, 'the officer, named in UTF-8');
  t.match(lines[1], /已逾期/, 'marked overdue');
  t.match(lines[0], /离岗培训起始日,离岗培训至$/);
  t.match(lines[1], new RegExp(`,${today.toISODate()},${until.toISODate()}$`), 'in training, since and until when');
  t.notMatch(csv, /C012/);
});
