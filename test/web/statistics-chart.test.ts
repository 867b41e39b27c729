import { readFileSync } from 'node:fs';
import t, { type Test } from 'tap';
import { browserUnavailable, launchBrowser, newPage, screenshot } from '../fixtures/web/browser.js';
import { startRegister } from '../fixtures/web/register.js';
import { signInAs } from '../fixtures/web/sign-in.js';

// The briefing's charts name the bureau's units as the bureau names them, and its units have long
// names (县交通运输综合行政执法大队一中队): a label too long for the chart's margin is cut with an
// ellipsis in its middle (the squads differ at the end), never cut off at the chart's edge; the full
// name is in its tooltip and the table.

const unavailable = browserUnavailable();
const LONG = '县交通运输综合行政执法大队一中队';

/** The statistics page, opened by an inspector, of a register holding one case of two officers of two units (U01 named `unitName`, U05), and a unit without cases (U09). */
async function briefingOfOneCaseInTwoUnits(t: Test, unitName: string) {
  const running = await startRegister(t);
  const hr = running.token('hr-zhang', ['hr']);
  const inspector = running.token('insp-wang', ['inspector']);
  await running.post('/api/v1/units', { unitId: 'U01', name: unitName }, hr);
  await running.post('/api/v1/units', { unitId: 'U05', name: '治超检测站' }, hr);
  // A unit without cases: the answer lists it at zero, the chart of units leaves it out.
  await running.post('/api/v1/units', { unitId: 'U09', name: '路政大队' }, hr);
  await running.post('/api/v1/officers', { officerId: 'A001', name: '张三', unitId: 'U01', hiredOn: '2010-03-01' }, hr);
  await running.post('/api/v1/officers', { officerId: 'B002', name: '李四', unitId: 'U05', hiredOn: '2012-03-01' }, hr);
  await running.post('/api/v1/cases', { officerIds: ['A001', 'B002'], category: 'conduct', channel: 'inspection', occurredOn: '2021-06-02', summary: '值班脱岗。' }, inspector);
  const browser = await launchBrowser(t);
  const page = await newPage(browser, { acceptDownloads: true });
  await signInAs(page, running.baseUrl, 'insp-wang', ['inspector']);
  await page.getByRole('navigation').getByRole('link', { name: '统计简报' }).click();
  return page;
}

t.test('a unit\'s long name fits the chart, whole in the table', { skip: unavailable }, async (t) => {
  const page = await briefingOfOneCaseInTwoUnits(t, LONG);
  const byUnit = page.getByTestId('chart-unit');
  await byUnit.locator('svg .bar-label').first().waitFor();

  const labels = await byUnit.locator('svg .bar-label').evaluateAll((nodes) => nodes.map((node) => {
    const box = (node as unknown as { getBBox(): { x: number } }).getBBox();
    return { x: box.x, text: (node as unknown as { lastChild: { textContent: string } }).lastChild.textContent, title: node.querySelector('title')?.textContent };
  }));
  t.equal(labels.length, 2, 'the units with cases, not the one without');
  for (const label of labels) t.ok(label.x >= 0, `${label.title} starts inside the chart (x ${label.x.toFixed(1)})`);
  const long = labels.find((label) => label.title === LONG)!;
  t.match(long.text, /^县交通运输.*….*一中队$/, 'the long name cut with an ellipsis in its middle: its end, which tells the squads apart, is kept');
  t.equal(labels.find((label) => label.title === '治超检测站')!.text, '治超检测站', 'a short one whole');
  t.match(await byUnit.locator('tbody').textContent(), new RegExp(LONG), 'the table names it whole');
  await screenshot(page, 'statistics-1-long-unit-name');
});

t.test('a case of two units counts once in each, and once in the total; cases can be counted by the day of the breach', { skip: unavailable }, async (t) => {
  const page = await briefingOfOneCaseInTwoUnits(t, '运政执法大队');
  const byUnit = page.getByTestId('chart-unit');
  await byUnit.locator('svg .bar-label').first().waitFor();
  t.match(await byUnit.locator('tbody').textContent(), /^运政执法大队1治超检测站1$/, 'once in each unit; the unit without cases left out');
  t.equal(await byUnit.locator('tfoot td').textContent(), '1', 'the total is the one case, not the sum of the units');
  t.match(await page.getByTestId('note-unit').textContent(), /各计一次/);

  // Reported today, it happened in June 2021: counted by the day of the breach, June 2021 has it.
  await page.getByLabel('起始日期').fill('2021-06-01');
  await page.getByLabel('截止日期').fill('2021-06-30');
  await page.getByRole('button', { name: '统计', exact: true }).click();
  await page.getByTestId('statistics-period').filter({ hasText: '按受理日期' }).waitFor();
  await page.getByTestId('chart-category').locator('tfoot td').filter({ hasText: /^0$/ }).waitFor();
  await page.getByLabel('案件计入日期').selectOption({ label: '按违纪发生日期' });
  await page.getByRole('button', { name: '统计', exact: true }).click();
  await page.getByTestId('statistics-period').filter({ hasText: '按违纪发生日期' }).waitFor();
  await page.getByTestId('chart-category').locator('tfoot td').filter({ hasText: /^1$/ }).waitFor();
  t.match(page.url(), /basis=occurred/, 'the choice is in the address');
  await screenshot(page, 'statistics-2-by-day-of-breach');

  // The period shown, downloaded as one table for the briefing's spreadsheet.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
  t.equal(download.suggestedFilename(), 'statistics-2021-06-01-2021-06-30-occurred.csv');
  const lines = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split(/\r\n/);
  t.equal(lines[0], '统计项,分组,代码,名称,数量', 'a header line, in Chinese');
  t.ok(lines.includes('案件,问题类别,conduct,作风不优,1'), 'the case counted by the day of its breach, as shown');
  t.ok(lines.includes('案件,单位,U01,运政执法大队,1') && lines.includes('案件,单位,U05,治超检测站,1'), 'once in each unit, named');
  t.notOk(lines.some((line) => line.includes(',U09,')), 'units where something was counted: not the unit without cases');
});
