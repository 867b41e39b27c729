import t from 'tap';
import { browserUnavailable, launchBrowser, newPage, screenshot } from '../fixtures/web/browser.js';
import { startSmallBureau } from '../fixtures/web/small-bureau.js';
import { signInAs } from '../fixtures/web/sign-in.js';

// 四必究 bj-4 on the alerts page: a breach found serious with bad public impact holds the transport
// authority accountable, a body the register records no person for.

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
