import { DateTime } from 'luxon';
import t from 'tap';
import { ruleCatalogue } from '../../src/domain/rules.js';
import { browserUnavailable, launchBrowser, newPage, screenshot } from '../fixtures/web/browser.js';
import { startRegister } from '../fixtures/web/register.js';
import { signInAs } from '../fixtures/web/sign-in.js';

// The bureau names an existing post important or sensitive (重要或敏感岗位): HR records it with the
// form 变更岗位设置 on 人员与岗位, which shows the post as it is now; the posts list then says so,
// and the officer who has held the post for seven years is on the rotation schedule, overdue, from
// the day they took it. A 400 is said next to its field in Chinese, a refusal by its rule.

const unavailable = browserUnavailable();

t.test('HR names a post sensitive with the form; its long-serving holder is overdue on the schedule', { skip: unavailable }, async (t) => {
  const running = await startRegister(t);
  const hr = running.token('hr-zhang', ['hr']);
  await running.post('/api/v1/units', { unitId: 'ZF1', name: '综合执法一中队' }, hr);
  await running.post('/api/v1/posts', { postId: 'ZF1-CW', unitId: 'ZF1', title: '罚没款财务岗', enforcement: false, sensitive: false }, hr);
  await running.post('/api/v1/officers', { officerId: 'B007', name: '王五', unitId: 'ZF1', hiredOn: '2008-09-01' }, hr);
  await running.post('/api/v1/officers/B007/assignments', { postId: 'ZF1-CW', effectiveOn: '2014-03-03', reason: 'appointment' }, hr);

  const browser = await launchBrowser(t);
  const page = await newPage(browser);
  await signInAs(page, running.baseUrl, 'hr-zhang', ['hr']);
  await page.getByRole('navigation').getByRole('link', { name: '人员与岗位' }).click();
  const row = page.getByTestId('posts-table').locator('tr[data-post="ZF1-CW"]');
  await row.waitFor();
  t.equal(await row.getByTestId('post-sensitive').textContent(), '否', 'the posts list: not sensitive');

  const form = page.getByTestId('form-post-change');
  await form.getByLabel('岗位编号').fill('ZF1-CW');
  await form.getByText('现为：罚没款财务岗（ZF1-CW），非重要或敏感岗位').waitFor();
  const today = DateTime.now().setZone('Asia/Shanghai').toISODate()!;
  t.equal(await form.getByLabel('生效日期').inputValue(), today, 'from today unless told otherwise');

  // Nothing chosen to change: the form says so before sending.
  await form.getByLabel('变更原因').fill('局党组会议决定：罚没款财务岗定为重要敏感岗位，定期轮岗');
  await form.getByRole('button', { name: '提交' }).click();
  t.match(await form.getByTestId('form-refusal').textContent(), /请至少选择一项要变更的内容/);

  // Sensitive, with a period the register refuses (400): said next to the field, in Chinese.
  await form.getByLabel('是否重要或敏感岗位').selectOption({ label: '是（定期轮岗）' });
  await form.getByLabel('轮岗周期（月）').fill('0');
  await form.getByRole('button', { name: '提交' }).click();
  const alert = form.getByRole('alert');
  await alert.waitFor();
  t.match(await alert.textContent(), /轮岗周期（月）.*不能小于 1/, 'the 400 names the field as the form labels it');
  t.match(await form.locator('.field-error').textContent(), /不能小于 1/, 'and marks the field');
  await screenshot(page, 'post-change-1-400');

  await form.getByLabel('轮岗周期（月）').fill('60');
  await form.getByRole('button', { name: '提交' }).click();
  await form.getByRole('status').filter({ hasText: '已保存' }).waitFor();
  await row.getByTestId('post-sensitive').filter({ hasText: '是（60个月）' }).waitFor();
  t.pass('the posts list: sensitive, rotated every 60 months');
  await form.getByLabel('岗位编号').fill('ZF1-CW');
  await form.getByText('现为：罚没款财务岗（ZF1-CW），重要或敏感岗位（轮岗周期60个月）').waitFor();

  // The same again: the register refuses it (409), by its rule, in Chinese; what was typed stays.
  await form.getByLabel('是否重要或敏感岗位').selectOption({ label: '是（定期轮岗）' });
  await form.getByLabel('轮岗周期（月）').fill('60');
  await form.getByLabel('变更原因').fill('重复登记');
  await form.getByRole('button', { name: '提交' }).click();
  const refusal = form.getByRole('alert');
  await refusal.locator('.rule-message').waitFor();
  t.equal(await refusal.getAttribute('data-rule'), 'post_change_changes_nothing');
  t.match(await refusal.textContent(), ruleCatalogue.post_change_changes_nothing.zh);
  t.equal(await form.getByLabel('轮岗周期（月）').inputValue(), '60', 'what was typed is kept');
  await screenshot(page, 'post-change-2-409');

  // The holder since 2014 is on the rotation schedule from that day, overdue.
  await page.getByRole('navigation').getByRole('link', { name: '轮岗计划' }).click();
  const holder = page.locator('tr[data-officer="B007"]');
  await holder.waitFor();
  t.equal(await holder.getAttribute('data-status'), 'overdue');
  t.match(await holder.textContent(), /2014年3月3日.*2019年3月3日/, 'since the day the post was taken, due five years later');
  await screenshot(page, 'post-change-3-schedule');

  // The officer's history tells the change.
  await page.goto(`${running.baseUrl}/#/history?officerId=B007`);
  await page.getByText('所任岗位设置变更').first().waitFor();
  t.pass('the history names the change');
});
