import t from 'tap';
import { browserUnavailable, launchBrowser, newPage, screenshot } from '../fixtures/web/browser.js';
import { startSmallBureau } from '../fixtures/web/small-bureau.js';
import { signInAs } from '../fixtures/web/sign-in.js';

// The accountability alerts of one unit (四必究), its units by name: what an inspector brings to
// that unit's review meeting, by a link that keeps the unit.

const unavailable = browserUnavailable();

t.test('the accountability alerts name their units and narrow to one unit, kept in the address', { skip: unavailable }, async (t) => {
  const { running, inspector } = await startSmallBureau(t, { lisiIn: 'ZF' });
  // A substantiated breach in each unit: the officer and the head of the unit are accountable (bj-1, bj-2).
  for (const [officerId, summary] of [['A001', '运政大队值班脱岗。'], ['B002', '综合执法中队违规收费。']] as const) {
    const reported = await running.post('/api/v1/cases', { officerIds: [officerId], category: 'conduct', channel: 'inspection', occurredOn: '2021-06-02', summary }, inspector);
    await running.post(`/api/v1/cases/${reported.id}/verification`, { inspectorId: 'insp-wang' }, inspector);
    await running.post(`/api/v1/cases/${reported.id}/findings`, { outcome: 'substantiated', severity: 'minor', summary: '经核实属实。' }, inspector);
  }

  const browser = await launchBrowser(t);
  const page = await newPage(browser);
  await signInAs(page, running.baseUrl, 'insp-wang', ['inspector']);
  await page.getByRole('navigation').getByRole('link', { name: '追责提示' }).click();
  const rows = page.getByTestId('alerts-table').locator('tbody tr');
  await rows.nth(3).waitFor();
  // (The units' names come from the directory, read beside the alerts.)
  await rows.filter({ hasText: '综合执法中队' }).first().waitFor();
  t.equal(await rows.count(), 4, 'two alerts for each unit');
  const unitCells = () => rows.locator('td:nth-child(5)').allTextContents();
  t.same([...new Set(await unitCells())].sort(), ['综合执法中队', '运政执法大队'], 'units by name, not by id');

  await page.getByLabel('单位（违纪时）').selectOption({ label: '综合执法中队（ZF）' });
  await page.locator('#alerts-h', { hasText: '应追究责任（2）' }).waitFor();
  t.same(await unitCells(), ['综合执法中队', '综合执法中队'], 'that unit\'s alerts alone');
  t.match(await page.getByTestId('alerts-table').textContent(), /李四（B002）/, 'its officer accountable');
  t.notMatch(await page.getByTestId('alerts-table').textContent(), /张三/, 'the other unit\'s officer left out');
  t.match(page.url(), /#\/alerts\?unitId=ZF$/, 'in the address, to bookmark or share');
  await screenshot(page, 'alerts-1-one-unit');

  // A reload (or the link, shared) keeps the unit.
  await page.reload();
  await page.locator('#alerts-h', { hasText: '应追究责任（2）' }).waitFor();
  await rows.filter({ hasText: '综合执法中队' }).first().waitFor();
  t.same(await unitCells(), ['综合执法中队', '综合执法中队'], 'still that unit\'s alerts');
  t.equal(await page.getByLabel('单位（违纪时）').inputValue(), 'ZF', 'the unit still chosen');

  // All units again.
  await page.getByLabel('单位（违纪时）').selectOption({ label: '全部' });
  await page.locator('#alerts-h', { hasText: '应追究责任（4）' }).waitFor();
  t.notMatch(page.url(), /unitId/, 'no unit in the address');
});
