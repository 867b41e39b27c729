import { readFileSync } from 'node:fs';
import t, { type Test } from 'tap';
import { browserUnavailable, launchBrowser, newPage, screenshot } from '../fixtures/web/browser.js';
import { signInAs } from '../fixtures/web/sign-in.js';
import { startSmallBureau } from '../fixtures/web/small-bureau.js';

// The briefing counts cases by the province's rules they cite (八不准、六严禁、四必究), every rule
// listed with its text, and gives one unit's figures: the unit chosen with the period, kept in the
// address (a link to one unit's briefing stays one), in the printed period line and the CSV.

const unavailable = browserUnavailable();

/**
 * The statistics page, opened by an inspector, of a bureau with a case against 张三 (A001, 运政执法大队 YZ)
 * citing bbz-3 and lyj-5, and one against 李四 (B002, 综合执法中队 ZF) citing bbz-3, found substantiated.
 */
async function briefingOfTwoUnits(t: Test) {
  const { running, inspector } = await startSmallBureau(t, { lisiIn: 'ZF' });
  await running.post('/api/v1/cases', { officerIds: ['A001'], category: 'conduct', channel: 'inspection', occurredOn: '2021-06-02', summary: '执法用语不文明，违规收费。', ruleRefs: ['bbz-3', 'lyj-5'] }, inspector);
  const zf = await running.post('/api/v1/cases', { officerIds: ['B002'], category: 'purpose', channel: 'hotline_12328', occurredOn: '2021-06-02', summary: '对当事人态度粗暴。', ruleRefs: ['bbz-3'] }, inspector);
  await running.post(`/api/v1/cases/${zf.id}/verification`, { inspectorId: 'insp-wang' }, inspector);
  await running.post(`/api/v1/cases/${zf.id}/findings`, { outcome: 'substantiated', severity: 'minor', summary: '经核实属实。' }, inspector);
  const browser = await launchBrowser(t);
  const page = await newPage(browser, { acceptDownloads: true });
  await signInAs(page, running.baseUrl, 'insp-wang', ['inspector']);
  await page.getByRole('navigation').getByRole('link', { name: '统计简报' }).click();
  return page;
}

t.test('cases by the rule cited: every rule by its text, zero included, in both languages', { skip: unavailable }, async (t) => {
  const page = await briefingOfTwoUnits(t);
  const byRule = page.getByTestId('chart-rule');
  await byRule.getByRole('heading', { name: '按涉及规定' }).waitFor();
  const row = (name: string) => byRule.locator('tbody tr', { hasText: name }).locator('td.num');
  await row('bbz-3 不准使用不文明语言、不文明行为').filter({ hasText: /^2$/ }).waitFor();
  t.equal(await row('lyj-5 严禁违规收费').textContent(), '1');
  t.equal(await row('bbz-1 不准执法前饮酒').textContent(), '0', 'a rule no case cites, at zero');
  t.equal(await byRule.locator('tbody tr').count(), 18, 'every rule of the three lists');
  t.equal(await byRule.locator('tfoot td').textContent(), '2', 'the total counts cases, not citations');
  t.match(await page.getByTestId('note-rule').textContent(), /每条各计一次/);
  t.equal(await byRule.locator('svg .bar-label').count(), 18, 'a bar for each, in the chart');
  await screenshot(page, 'statistics-3-by-rule');

  await page.getByRole('button', { name: 'English' }).click();
  await byRule.getByRole('heading', { name: 'By rule cited' }).waitFor();
  t.equal(await byRule.locator('tbody tr', { hasText: 'bbz-3 No uncivil language or behaviour' }).locator('td.num').textContent(), '2', 'the rule\'s English text');
  t.match(await page.getByTestId('note-rule').textContent(), /counts once under each/);
});

t.test('one unit\'s figures, chosen with the period and kept in the address, downloaded as its own table', { skip: unavailable }, async (t) => {
  const page = await briefingOfTwoUnits(t);
  await page.getByTestId('chart-unit').locator('tbody tr').nth(1).waitFor();

  await page.getByLabel('单位（违纪时）').selectOption({ label: '综合执法中队（ZF）' });
  await page.getByRole('button', { name: '统计', exact: true }).click();
  await page.getByTestId('statistics-unit').filter({ hasText: '单位：综合执法中队（ZF）' }).waitFor();
  const byRule = page.getByTestId('chart-rule');
  await byRule.locator('tfoot td').filter({ hasText: /^1$/ }).waitFor();
  t.equal(await byRule.locator('tbody tr', { hasText: 'bbz-3' }).locator('td.num').textContent(), '1', 'its case\'s rule');
  t.equal(await byRule.locator('tbody tr', { hasText: 'lyj-5' }).locator('td.num').textContent(), '0', 'not the other unit\'s');
  t.match(await page.getByTestId('chart-category').locator('tbody').textContent(), /宗旨不牢1/);
  t.match(await page.getByTestId('chart-category').locator('tbody').textContent(), /作风不优0/, 'the other unit\'s case left out');
  t.equal(await page.getByTestId('chart-finding').locator('tfoot td').textContent(), '1', 'the finding on its officer');
  t.equal(await page.getByTestId('chart-unit').count(), 0, 'no chart of units for one unit');
  t.match(page.url(), /#\/statistics\?.*unitId=ZF/, 'in the address, to bookmark or share');
  await screenshot(page, 'statistics-4-one-unit');

  // A reload (or the link, shared) keeps the unit.
  await page.reload();
  await page.getByTestId('statistics-unit').filter({ hasText: '综合执法中队' }).waitFor();
  await page.getByTestId('chart-rule').locator('tfoot td').filter({ hasText: /^1$/ }).waitFor();
  t.equal(await page.getByLabel('单位（违纪时）').inputValue(), 'ZF', 'the unit still chosen');

  // Its figures as one table for the unit's briefing.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
  t.match(download.suggestedFilename(), /^statistics-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}-ZF\.csv$/, 'named by its unit');
  const lines = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r\n/);
  t.ok(lines.includes('案件,合计,,,1'), 'its one case');
  t.ok(lines.includes('案件,涉及规定,bbz-3,不准使用不文明语言、不文明行为,1') && lines.includes('案件,涉及规定,lyj-5,严禁违规收费,0'), 'by rule, named, zeros included');
  t.ok(lines.includes('案件,单位,ZF,综合执法中队,1'), 'the unit, named');
  t.notOk(lines.some((line) => line.includes(',YZ,')), 'no other unit');

  // Back: the whole bureau again.
  await page.goBack();
  await page.getByTestId('chart-rule').locator('tfoot td').filter({ hasText: /^2$/ }).waitFor();
  t.equal(await page.getByTestId('statistics-unit').count(), 0, 'no unit named');
  t.equal(await page.getByLabel('单位（违纪时）').inputValue(), '', 'all units');
  t.notMatch(page.url(), /unitId/);
});
