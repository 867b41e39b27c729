import t from 'tap';
import { browserUnavailable, launchBrowser, newPage, screenshot } from '../fixtures/web/browser.js';
import { startRegister } from '../fixtures/web/register.js';
import { signInAs } from '../fixtures/web/sign-in.js';

// The first page says what waits on each page the user may open: HR, the rotations overdue and due
// soon; an inspector, the overdue verifications and the alerts nothing was done about too. Each
// count opens its page filtered to what it counts.

const unavailable = browserUnavailable();

t.test('the home page counts the work waiting, by role', { skip: unavailable }, async (t) => {
  const running = await startRegister(t);
  const hr = running.token('hr-zhang', ['hr']);
  const inspector = running.token('insp-li', ['inspector']);
  await running.post('/api/v1/units', { unitId: 'ZF1', name: '综合执法一中队' }, hr);
  await running.post('/api/v1/posts', { postId: 'ZF1-CZ', unitId: 'ZF1', title: '超限检测站站长', enforcement: false, sensitive: true, rotationPeriodMonths: 60 }, hr);
  await running.post('/api/v1/officers', { officerId: 'B007', name: '王五', unitId: 'ZF1', hiredOn: '2008-09-01' }, hr);
  await running.post('/api/v1/officers/B007/assignments', { postId: 'ZF1-CZ', effectiveOn: '2015-01-05', reason: 'appointment' }, hr);
  const reported = await running.post('/api/v1/cases', {
    officerIds: ['B007'], category: 'purpose', channel: 'hotline_12328', occurredOn: '2021-05-02', summary: '对货车司机态度粗暴',
  }, inspector);
  await running.post(`/api/v1/cases/${reported.id}/verification`, { inspectorId: 'insp-li' }, inspector);
  const found = await running.post(`/api/v1/cases/${reported.id}/findings`, { outcome: 'substantiated', severity: 'minor', summary: '属实' }, inspector);
  t.equal((await fetch(`${running.baseUrl}/api/v1/cases?minPosition=${found.position}`, { headers: { authorization: `Bearer ${inspector}` } })).status, 200);

  const browser = await launchBrowser(t);
  const page = await newPage(browser);
  await signInAs(page, running.baseUrl, 'hr-zhang', ['hr']);
  const rotation = page.getByTestId('waiting-rotation');
  await rotation.getByText('轮岗已逾期 1 人').waitFor();
  t.match(await rotation.textContent(), /轮岗即将到期 0 人/, 'none due soon: said, not left out');
  t.equal(await page.getByTestId('waiting-cases').count(), 0, 'HR reads no cases: no count of them');
  await screenshot(page, 'home-hr');
  await rotation.getByText('轮岗已逾期 1 人').click();
  await page.locator('tr[data-officer="B007"]').waitFor();
  t.match(page.url(), /#\/rotation\?status=overdue$/, 'the count opens the schedule of the overdue');

  await page.getByRole('button', { name: '退出' }).click();
  await signInAs(page, running.baseUrl, 'insp-li', ['inspector']);
  await page.getByTestId('waiting-alerts').getByText('未落实追责 2 条').waitFor();
  t.match(await page.getByTestId('waiting-cases').textContent(), /核实逾期 0 件/);
  await screenshot(page, 'home-inspector');
  await page.getByTestId('waiting-alerts').getByText('未落实追责 2 条').click();
  t.match(page.url(), /#\/alerts\?outstanding=true$/, 'the count opens the alerts not yet followed up');
});
