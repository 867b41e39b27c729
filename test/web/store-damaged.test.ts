import t from 'tap';
import { browserUnavailable, screenshot } from '../fixtures/web/browser.js';
import { reportTypedIn } from '../fixtures/web/new-case-report.js';

// A write refused because the store's file is damaged (503 /problems/store-damaged): unlike a store
// down for a moment, trying again will not help, and the page says what will (the administrator
// restores the latest backup) instead of "not available".

const unavailable = browserUnavailable();

t.test('a damaged store: the page says retrying will not help and a backup must be restored, and keeps the form', { skip: unavailable }, async (t) => {
  const { page, report } = await reportTypedIn(t, 'A001');
  // The answer the register gives when its store's file is damaged (test/http/error-handler.test.ts holds it to that).
  await page.route('**/api/v1/cases', (route) => route.fulfill({
    status: 503, contentType: 'application/problem+json',
    body: JSON.stringify({
      type: '/problems/store-damaged', title: 'The event store is damaged', status: 503,
      detail: 'The event store\'s file is damaged; nothing was written. Writes are refused until it is restored from the latest backup (GET /readyz says what to do): retrying will not help.',
    }),
  }));
  await report.getByRole('button', { name: '提交' }).click();
  const alert = report.getByRole('alert');
  await alert.waitFor();
  const text = await alert.textContent() ?? '';
  t.match(text, /数据文件已损坏/, 'says the data file is damaged');
  t.match(text, /从最近的备份恢复/, 'and what mends it');
  t.notMatch(text, /暂不可用/, 'not the passing unavailability');
  t.equal(await report.getByLabel('问题摘要').inputValue(), '上班时间脱岗。', 'what was typed is kept');
  await screenshot(page, 'store-damaged-1-refused');
});
