import { DateTime } from 'luxon';
import t from 'tap';
import { browserUnavailable, launchBrowser, newPage, screenshot } from '../fixtures/web/browser.js';
import { startSmallBureau } from '../fixtures/web/small-bureau.js';
import { signInAs } from '../fixtures/web/sign-in.js';

// What an inspector preparing a review meeting asks of the alerts page: who must be held accountable
// (四必究, bj-4 included: a breach found serious holds the transport authority accountable, a body
// the register records no person for), and what has been done about each, with the ones nothing
// was done about yet (未落实) a tick away.

const unavailable = browserUnavailable();

t.test('a serious breach lists the transport authority as accountable, with no person named', { skip: unavailable }, async (t) => {
  const { running, inspector } = await startSmallBureau(t);
  const reported = await running.post('/api/v1/cases', {
    officerIds: ['A001'], category: 'integrity', channel: 'inspection', occurredOn: '2021-06-02', summary: '与“黄牛”勾结违规收费，造成恶劣影响。',
  }, inspector);
  await running.post(`/api/v1/cases/${reported.id}/verification`, { inspectorId: 'insp-wang' }, inspector);
  await running.post(`/api/v1/cases/${reported.id}/findings`, { outcome: 'substantiated', severity: 'serious', summary: '经核实属实。' }, inspector);

  const browser = await launchBrowser(t);
  const page = await newPage(browser);
  await signInAs(page, running.baseUrl, 'insp-wang', ['inspector']);
  await page.getByRole('navigation').getByRole('link', { name: '追责提示' }).click();
  await page.locator('#alerts-h', { hasText: '应追究责任（3）' }).waitFor();
  const row = page.getByTestId('alerts-table').locator('tbody tr', { hasText: 'bj-4' });
  const cells = await row.locator('td').allTextContents();
  t.match(cells[1], /情节严重、造成恶劣影响的，必究交通运输主管部门责任/, 'the rule in its words');
  t.equal(cells[2], '交通运输主管部门', 'the level');
  t.equal(cells[3], '—', 'no person named, and no claim that a head is missing');
  t.match(await page.locator('.intro').first().textContent(), /必究交通运输主管部门责任/, 'the introduction names the fourth rule');
  await screenshot(page, 'alerts-2-authority');
});

t.test('each alert says what was done about it, and the outstanding ones are a tick away, kept in the address', { skip: unavailable }, async (t) => {
  const { running, inspector } = await startSmallBureau(t);
  const reported = await running.post('/api/v1/cases', {
    officerIds: ['A001'], category: 'conduct', channel: 'inspection', occurredOn: '2021-06-02', summary: '执法时使用不文明语言。',
  }, inspector);
  await running.post(`/api/v1/cases/${reported.id}/verification`, { inspectorId: 'insp-wang' }, inspector);
  await running.post(`/api/v1/cases/${reported.id}/findings`, { outcome: 'substantiated', severity: 'minor', summary: '经核实属实。' }, inspector);
  await running.post(`/api/v1/cases/${reported.id}/sanctions`, { officerId: 'A001', kind: 'criticism_education', effectiveOn: DateTime.now().setZone('Asia/Shanghai').toISODate()!, basis: '八不准第三条' }, inspector);

  const browser = await launchBrowser(t);
  const page = await newPage(browser);
  await signInAs(page, running.baseUrl, 'insp-wang', ['inspector']);
  await page.getByRole('navigation').getByRole('link', { name: '追责提示' }).click();
  const rows = page.getByTestId('alerts-table').locator('tbody tr');
  await page.locator('#alerts-h', { hasText: '应追究责任（2）' }).waitFor();
  const measureOf = async (rule: string) => (await rows.filter({ hasText: rule }).locator('td').allTextContents())[6];
  t.equal(await measureOf('bj-1'), '批评教育', 'the officer\'s sanction in force');
  t.equal(await measureOf('bj-2'), '未落实', 'nothing done about the head (none on record): outstanding');

  await page.getByLabel('只看未落实').check();
  await page.locator('#alerts-h', { hasText: '应追究责任（1）' }).waitFor();
  t.same(await rows.locator('td:nth-child(2) code').allTextContents(), ['bj-2'], 'the outstanding one alone');
  t.match(page.url(), /outstanding=true/, 'in the address');
  await page.reload();
  await page.locator('#alerts-h', { hasText: '应追究责任（1）' }).waitFor();
  t.ok(await page.getByLabel('只看未落实').isChecked(), 'still ticked after a reload');
  await screenshot(page, 'alerts-3-outstanding');
});
