import { readFileSync } from 'node:fs';
import t from 'tap';
import { browserUnavailable, launchBrowser, newPage, screenshot } from '../fixtures/web/browser.js';
import { startSmallBureau } from '../fixtures/web/small-bureau.js';
import { signInAs } from '../fixtures/web/sign-in.js';

// The case register of one unit (the unit a subject was in on the day of the breach), on the page
// and as CSV: what an inspector brings to the unit's review meeting.

const unavailable = browserUnavailable();

t.test('the case register lists the cases of one unit, and downloads them', { skip: unavailable }, async (t) => {
  const { running, inspector } = await startSmallBureau(t, { lisiIn: 'ZF' });
  await running.post('/api/v1/cases', { officerIds: ['A001'], category: 'conduct', channel: 'inspection', occurredOn: '2021-06-02', summary: '运政大队值班脱岗。' }, inspector);
  await running.post('/api/v1/cases', { officerIds: ['B002'], category: 'integrity', channel: 'hotline_12328', occurredOn: '2021-06-03', summary: '综合执法中队违规收费。' }, inspector);

  const browser = await launchBrowser(t);
  const page = await newPage(browser, { acceptDownloads: true });
  await signInAs(page, running.baseUrl, 'insp-wang', ['inspector']);
  await page.getByRole('navigation').getByRole('link', { name: '案件登记簿' }).click();
  await page.getByText('共 2 件').waitFor();

  await page.getByLabel('单位（违纪时）').selectOption({ label: '综合执法中队（ZF）' });
  await page.getByText('共 1 件').waitFor();
  const rows = page.locator('table.data tbody tr');
  t.equal(await rows.count(), 1);
  t.match(await rows.first().textContent(), /李四（B002）.*综合执法中队违规收费/, 'that unit\'s case');
  t.match(page.url(), /unitId=ZF/, 'in the address, to bookmark or share');
  await screenshot(page, 'cases-1-one-unit');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载 CSV' }).click()]);
  t.match(download.suggestedFilename(), /^cases-ZF-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
  t.match(csv, /综合执法中队违规收费/);
  t.notMatch(csv, /运政大队值班脱岗/, 'the other unit\'s case left out');
});
