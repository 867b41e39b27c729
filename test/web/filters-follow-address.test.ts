import t from 'tap';
import { browserUnavailable, launchBrowser, newPage } from '../fixtures/web/browser.js';
import { startSmallBureau } from '../fixtures/web/small-bureau.js';
import { signInAs } from '../fixtures/web/sign-in.js';

// Back and forward show an earlier search again: its fields say what is shown, not what was last
// typed (a period or stream searched from them next would otherwise not be the one on screen).

const unavailable = browserUnavailable();

t.test('the statistics\' period and the event stream\'s search follow the address back and forward', { skip: unavailable }, async (t) => {
  const { running } = await startSmallBureau(t);
  const browser = await launchBrowser(t);
  const page = await newPage(browser);
  await signInAs(page, running.baseUrl, 'audit-li', ['auditor']);

  await page.goto(`${running.baseUrl}/#/statistics?from=2021-01-01&to=2021-12-31`);
  await page.getByTestId('statistics-period').filter({ hasText: '2021年1月1日' }).waitFor();
  await page.getByLabel('起始日期').fill('2022-01-01');
  await page.getByLabel('截止日期').fill('2022-06-30');
  await page.getByLabel('案件计入日期').selectOption('occurred');
  await page.getByRole('button', { name: '统计', exact: true }).click();
  await page.getByTestId('statistics-period').filter({ hasText: '2022年1月1日' }).waitFor();
  await page.goBack();
  await page.getByTestId('statistics-period').filter({ hasText: '2021年1月1日' }).waitFor();
  t.same([await page.getByLabel('起始日期').inputValue(), await page.getByLabel('截止日期').inputValue(), await page.getByLabel('案件计入日期').inputValue()],
    ['2021-01-01', '2021-12-31', 'reported'], 'back: the period shown');
  await page.goForward();
  await page.getByTestId('statistics-period').filter({ hasText: '2022年1月1日' }).waitFor();
  t.same([await page.getByLabel('起始日期').inputValue(), await page.getByLabel('截止日期').inputValue(), await page.getByLabel('案件计入日期').inputValue()],
    ['2022-01-01', '2022-06-30', 'occurred'], 'forward: the period shown');

  await page.goto(`${running.baseUrl}/#/audit/events`);
  await page.getByTestId('events-table').waitFor();
  await page.getByLabel('事件流名称').fill('officer-A001');
  await page.getByLabel('事件类型').selectOption({ value: 'OfficerRegistered' });
  await page.getByRole('button', { name: '查询' }).click();
  await page.getByTestId('events-count').filter({ hasText: '显示 1 条' }).waitFor();
  await page.goBack();
  await page.getByTestId('events-count').filter({ hasText: '显示 2 条' }).waitFor();
  t.same([await page.getByLabel('事件流名称').inputValue(), await page.getByLabel('事件类型').inputValue()], ['', ''], 'back: the whole stream, no search');
  await page.goForward();
  await page.getByTestId('events-count').filter({ hasText: '显示 1 条' }).waitFor();
  t.same([await page.getByLabel('事件流名称').inputValue(), await page.getByLabel('事件类型').inputValue()], ['officer-A001', 'OfficerRegistered'], 'forward: the search shown');
});
