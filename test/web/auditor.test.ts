import t from 'tap';
import { browserUnavailable, launchBrowser, newPage, screenshot } from '../fixtures/web/browser.js';
import { startSmallBureau } from '../fixtures/web/small-bureau.js';
import { signInAs } from '../fixtures/web/sign-in.js';

// An auditor reads the log: the event stream a page at a time and searched by stream and type,
// an officer's history as it stood at an earlier moment, the verification of the whole log and
// a seal whose root can be published; and the statistics of the briefings.

const unavailable = browserUnavailable();

t.test('an auditor opens the stream, an earlier history, the verification and a seal', { skip: unavailable }, async (t) => {
  const { running, hr, inspector } = await startSmallBureau(t);
  await running.post('/api/v1/officers/A001/qualifications', { certificateNo: '豫交执-2010-0001', grantedOn: '2010-06-01' }, hr);
  // A moment to look back at: before the officer's warning education and the case.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const before = new Date();
  await new Promise((resolve) => setTimeout(resolve, 1100));
  await running.post('/api/v1/officers/A001/warning-education', { attendedOn: '2021-06-10', topic: '警示教育' }, hr);
  const reported = await running.post('/api/v1/cases', {
    officerIds: ['A001'], category: 'purpose', channel: 'phone', occurredOn: '2021-05-27', summary: '执法态度生硬，冷硬横推。',
  }, inspector);
  await running.post(`/api/v1/cases/${reported.id}/verification`, { inspectorId: 'insp-wang' }, inspector);

  const browser = await launchBrowser(t);
  const page = await newPage(browser);
  await signInAs(page, running.baseUrl, 'audit-li', ['auditor']);

  // The event stream, in log order, named in Chinese.
  await page.getByRole('navigation').getByRole('link', { name: '事件流' }).click();
  const table = page.getByTestId('events-table');
  await table.waitFor();
  const types = await table.locator('tbody tr td:nth-child(3)').allTextContents();
  t.match(types[0], /单位登记/, 'the first event of the log first');
  t.ok(types.some((type) => /问题线索登记/.test(type)), 'the case report is there');
  t.match(await page.getByTestId('events-count').textContent(), /显示 6 条/, 'all six events of the log');
  await screenshot(page, 'auditor-1-event-stream');

  // Searched by type, then by stream.
  await page.getByLabel('事件类型').selectOption({ value: 'CaseReported' });
  await page.getByRole('button', { name: '查询' }).click();
  await page.getByTestId('events-count').filter({ hasText: '显示 1 条' }).waitFor();
  t.match(await table.textContent(), /执法态度生硬/);
  await page.getByLabel('事件类型').selectOption({ value: '' });
  await page.getByLabel('事件流名称').fill('officer-A001');
  await page.getByRole('button', { name: '查询' }).click();
  await page.getByTestId('events-count').filter({ hasText: '显示 3 条' }).waitFor();

  // The officer's history as it stood before the warning education and the case.
  await page.getByRole('navigation').getByRole('link', { name: '人员档案' }).click();
  await page.getByLabel('执法人员编号').fill('A001');
  await page.getByRole('button', { name: '查看' }).click();
  await page.getByTestId('officer-timeline').waitFor();
  t.match(await page.getByTestId('officer-timeline').textContent(), /参加警示教育/, 'now: the warning education is there');
  const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'medium' }).format(before).replace(' ', 'T');
  await page.getByLabel('截至时间（可选）').fill(local);
  await page.getByRole('button', { name: '查看' }).click();
  await page.getByTestId('as-of-note').waitFor();
  await page.getByTestId('officer-timeline').filter({ hasNotText: '参加警示教育' }).waitFor();
  const timeline = await page.getByTestId('officer-timeline').textContent();
  t.match(timeline, /执法人员登记/);
  t.match(timeline, /取得执法资格/);
  t.notMatch(timeline, /问题线索登记/, 'the later case is not in the earlier history');
  await screenshot(page, 'auditor-2-history-as-of');

  // Verification of the whole log, and a seal.
  await page.getByRole('navigation').getByRole('link', { name: '校验与封存' }).click();
  const verdict = page.getByTestId('verify-result');
  await verdict.waitFor();
  t.equal(await verdict.getAttribute('data-ok'), 'true');
  t.match(await verdict.textContent(), /校验通过/);
  await page.getByRole('button', { name: '立即封存' }).click();
  const seals = page.getByTestId('seals-table');
  await seals.waitFor();
  t.match(await seals.locator('code.hash').first().textContent(), /^[0-9a-f]{64}$/, 'the seal root to publish');
  await page.getByTestId('verify-result').filter({ hasText: '校验通过' }).waitFor();
  await screenshot(page, 'auditor-3-verified-and-sealed');
  // A root the log never sealed: the verifier's account of it comes marked as the register's English.
  await page.getByLabel(/核对已公布的根值/).fill('0'.repeat(64));
  await page.getByRole('button', { name: '重新校验' }).click();
  const problem = page.getByTestId('verify-problem');
  await problem.waitFor();
  t.match(await problem.locator('p.detail').textContent(), /^登记系统说明（英文）：\S/, 'labelled in Chinese');
  t.equal(await problem.locator('p.detail [lang="en"]').count(), 1, 'and marked as English');

  // The briefing's statistics, printable.
  await page.getByRole('navigation').getByRole('link', { name: '统计简报' }).click();
  await page.getByLabel('起始日期').fill('2021-01-01');
  await page.getByRole('button', { name: '统计', exact: true }).click();
  const byCategory = page.getByTestId('chart-category');
  await byCategory.locator('svg').waitFor();
  t.match(await byCategory.locator('tbody').textContent(), /宗旨不牢1/, 'counted by its Chinese category');
  t.match(await page.getByTestId('chart-unit').textContent(), /运政执法大队/);
  await screenshot(page, 'auditor-4-statistics');
  await page.emulateMedia({ media: 'print' });
  t.equal(await page.getByRole('navigation').first().isVisible(), false, 'the menu is left out of the printout');
  await screenshot(page, 'auditor-5-statistics-print');
});
