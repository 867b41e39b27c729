import { readFileSync } from 'node:fs';
import t from 'tap';
import { browserUnavailable, launchBrowser, newPage, screenshot } from '../fixtures/web/browser.js';
import { startRegister } from '../fixtures/web/register.js';
import { signInAs } from '../fixtures/web/sign-in.js';

// HR opens the roster (花名册): every officer as they stand now. An officer in off-post training is
// marked so, with the day it ends; the filters are kept in the address; the CSV holds what is shown.

const unavailable = browserUnavailable();

t.test('HR reads the roster, filters it and downloads it', { skip: unavailable }, async (t) => {
  const running = await startRegister(t);
  const hr = running.token('hr-zhang', ['hr']);
  const inspector = running.token('insp-li', ['inspector']);
  await running.post('/api/v1/units', { unitId: 'ZF1', name: '综合执法一中队' }, hr);
  await running.post('/api/v1/posts', { postId: 'ZF1-CZ', unitId: 'ZF1', title: '超限检测站站长', enforcement: true, sensitive: true, rotationPeriodMonths: 60 }, hr);
  await running.post('/api/v1/officers', { officerId: 'B007', name: '王五', unitId: 'ZF1', hiredOn: '2008-09-01' }, hr);
  await running.post('/api/v1/officers', { officerId: 'B008', name: '孙七', unitId: 'ZF1', hiredOn: '2019-09-01' }, hr);
  await running.post('/api/v1/officers/B007/qualifications', { certificateNo: '豫交执-2009-0107', grantedOn: '2009-03-15' }, hr);
  await running.post('/api/v1/officers/B007/assignments', { postId: 'ZF1-CZ', effectiveOn: '2015-01-05', reason: 'appointment' }, hr);
  const reported = await running.post('/api/v1/cases', {
    officerIds: ['B007'], category: 'purpose', channel: 'hotline_12328', occurredOn: '2021-05-02', summary: '对货车司机态度粗暴',
  }, inspector);
  await running.post(`/api/v1/cases/${reported.id}/verification`, { inspectorId: 'insp-li' }, inspector);
  await running.post(`/api/v1/cases/${reported.id}/findings`, { outcome: 'substantiated', severity: 'minor', summary: '属实' }, inspector);
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const until = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`.replace(/-02-29$/, '-02-28');
  const sanctioned = await running.post(`/api/v1/cases/${reported.id}/sanctions`,
    { officerId: 'B007', kind: 'off_post_training', effectiveOn: today, untilOn: until, basis: '依据有关规定' }, inspector);
  const caughtUp = await fetch(`${running.baseUrl}/api/v1/officers?minPosition=${sanctioned.position}`, { headers: { authorization: `Bearer ${hr}` } });
  t.equal(caughtUp.status, 200);

  const browser = await launchBrowser(t);
  const page = await newPage(browser, { acceptDownloads: true });
  await signInAs(page, running.baseUrl, 'hr-zhang', ['hr']);
  await page.getByRole('navigation').getByRole('link', { name: '花名册' }).click();
  const wang = page.locator('tr[data-officer="B007"]');
  await wang.waitFor();
  t.match(await page.getByTestId('roster-count').textContent(), /共 2 人/);
  t.match(await wang.getByTestId('roster-post').textContent(), /超限检测站站长.*重要敏感.*2015年1月5日.*应轮岗 2020年1月5日/, 'the post held, sensitive, since when and when due');
  t.equal(await wang.getByTestId('roster-post').locator('.overdue').count(), 1, 'the rotation overdue, marked');
  t.match(await wang.getByTestId('roster-qualification').textContent(), /豫交执-2009-0107/);
  t.match(await wang.getByTestId('roster-service').textContent(), /离岗培训至/, 'in off-post training, with its end');
  t.match(await wang.getByTestId('roster-sanctions').textContent(), /离岗培训/);
  t.equal(await wang.getByTestId('roster-sanctions').locator('a').count(), 0, 'HR reads no cases: the sanction is not a link');
  await screenshot(page, 'roster-1');

  await page.getByLabel('执法资格').selectOption({ label: '未持有' });
  await page.getByTestId('roster-count').filter({ hasText: '共 1 人' }).waitFor();
  t.same(await page.locator('tr[data-officer]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-officer'))), ['B008'], 'only 孙七 holds no qualification');
  t.match(page.url(), /qualified=false/, 'the filter is in the address');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
  t.match(download.suggestedFilename(), /^officers-all-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  t.match(lines[0], /^人员编号,姓名,/, 'a Chinese header');
  t.same(lines.slice(1).map((line) => line.split(',')[0]), ['B008'], 'the officers shown, no more');
});
