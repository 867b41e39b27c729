import { DateTime } from 'luxon';
import t from 'tap';
import { ruleCatalogue } from '../../src/domain/rules.js';
import { browserUnavailable, screenshot } from '../fixtures/web/browser.js';
import { inspectorOnCase } from '../fixtures/web/case-page.js';
import { reportTypedIn } from '../fixtures/web/new-case-report.js';

// A complaint received on paper earlier and entered now: the new-case form takes the day it was
// received (受理日期, optional), says the register's refusals of it as it says others, and the
// case page shows the day received and, when later, the day it was entered (登记日期) and how
// much later.

const unavailable = browserUnavailable();

const zone = 'Asia/Shanghai';
const formatZh = (date: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

t.test('the new-case form takes the day received; the case page tells when it was entered', { skip: unavailable }, async (t) => {
  // The breach on 2 June 2021 (typed in by the fixture); the register runs on today's clock.
  const { running, page, report } = await reportTypedIn(t, 'A001');
  const today = DateTime.now().setZone(zone).toISODate()!;
  const tomorrow = DateTime.now().setZone(zone).plus({ days: 1 }).toISODate()!;
  const received = report.getByLabel('受理日期');
  t.equal(await received.inputValue(), '', 'empty by default: received today');
  t.match(await report.textContent(), /不填为今天/, 'the form says what empty means');

  // Received tomorrow: the register refuses it (409), the form says so in Chinese and keeps the values.
  await received.fill(tomorrow);
  await report.getByRole('button', { name: '提交' }).click();
  const alert = report.getByRole('alert');
  await alert.locator('.rule-message').waitFor();
  t.equal(await alert.getAttribute('data-rule'), 'date_in_future');
  t.match(await alert.locator('.rule-message').textContent(), ruleCatalogue.date_in_future.zh, 'the rule, in Chinese');
  t.match(await alert.locator('p.detail').textContent(), new RegExp(`reportedOn ${tomorrow}`), 'naming the field and the day');
  t.equal(await received.inputValue(), tomorrow, 'the day typed is kept');
  t.equal(await report.getByLabel('问题摘要').inputValue(), '上班时间脱岗。', 'and so is the rest');

  // Received before the breach happened (2 June): refused too.
  await received.fill('2021-06-01');
  await report.getByRole('button', { name: '提交' }).click();
  await alert.and(page.locator('[data-rule="date_out_of_order"]')).waitFor();
  t.match(await alert.locator('.rule-message').textContent(), ruleCatalogue.date_out_of_order.zh);
  await screenshot(page, 'received-earlier-1-refused');

  // Received on 3 June 2021, entered today: accepted; the case opens with both days.
  await received.fill('2021-06-03');
  await report.getByRole('button', { name: '提交' }).click();
  await page.getByRole('heading', { name: /案件/ }).locator('.badge', { hasText: '已受理' }).waitFor();
  const facts = page.getByRole('region', { name: '基本情况' });
  const days = DateTime.fromISO(today).diff(DateTime.fromISO('2021-06-03'), 'days').days;
  t.equal(await facts.locator('dt', { hasText: '受理日期' }).count(), 1, 'the day received is named 受理日期');
  t.equal(await page.getByTestId('case-reported-on').textContent(), '2021年6月3日');
  t.equal(await facts.locator('dt', { hasText: '登记日期' }).count(), 1, 'the day entered, since it differs');
  t.equal(await page.getByTestId('case-entered-on').textContent(), `${formatZh(today)} 受理后 ${days} 天登记`, 'and how many days later');
  t.equal(await page.getByTestId('case-entered-on').locator('.badge').textContent(), `受理后 ${days} 天登记`);
  t.match(await page.getByTestId('case-story').textContent(), /2021年6月3日/, 'the story tells the report under the day received');
  await screenshot(page, 'received-earlier-2-case');

  // In English the page says the same.
  await page.getByRole('button', { name: 'English' }).click();
  const factsEn = page.getByRole('region', { name: 'Facts' });
  await factsEn.locator('dt', { hasText: 'Entered on' }).waitFor();
  t.equal(await factsEn.locator('dt', { hasText: 'Received on' }).count(), 1);
  t.match(await page.getByTestId('case-entered-on').textContent(), new RegExp(`entered ${days} days after it was received$`));
  await page.getByRole('button', { name: '中文' }).click();

  // A report received the day it is entered shows one day only.
  const inspector = running.token('insp-wang', ['inspector']);
  const sameDay = await running.post('/api/v1/cases', {
    officerIds: ['A001'], category: 'conduct', channel: 'inspection', occurredOn: '2021-06-02', summary: '当日受理当日登记。',
  }, inspector);
  const second = await inspectorOnCase(t, running, sameDay.id);
  await second.getByTestId('case-reported-on').waitFor();
  t.equal(await second.getByTestId('case-reported-on').textContent(), formatZh(today));
  t.equal(await second.getByTestId('case-entered-on').count(), 0, 'no 登记日期 when it is the day received');
});
