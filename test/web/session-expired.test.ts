import t from 'tap';
import { browserUnavailable, screenshot } from '../fixtures/web/browser.js';
import { reportTypedIn } from '../fixtures/web/new-case-report.js';

// A sign-in that expires while an inspector fills in a report: the register answers 401, and the page
// asks them to sign in again over the form, which keeps what was typed; once signed in, the same
// form is sent again and recorded.

const unavailable = browserUnavailable();

t.test('an expired sign-in keeps the form: sign in again over it and submit it again', { skip: unavailable }, async (t) => {
  const { page, report } = await reportTypedIn(t, 'A001');

  // The token expires while the form is being filled: the register answers the write with a 401.
  await page.route('**/api/v1/cases', (route) => route.fulfill({
    status: 401, contentType: 'application/problem+json',
    body: JSON.stringify({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'The token has expired' }),
  }));
  await report.getByRole('button', { name: '提交' }).click();
  const dialog = page.getByRole('dialog', { name: '登录已失效' });
  await dialog.waitFor();
  t.equal(await report.getByLabel('问题摘要').inputValue(), '上班时间脱岗。', 'what was typed is still there under the dialog');
  await screenshot(page, 'session-expired-1-dialog');

  await page.unroute('**/api/v1/cases');
  const dev = dialog.getByRole('region', { name: '开发环境快速登录' });
  await dev.getByLabel('用户名').fill('insp-wang');
  await dev.getByRole('checkbox', { name: '纪检督查' }).check();
  await dev.getByRole('button', { name: '签发令牌并登录' }).click();
  await dialog.waitFor({ state: 'detached' });
  t.equal(await report.getByLabel('问题摘要').inputValue(), '上班时间脱岗。', 'and after signing in again');
  t.equal(await report.getByLabel('被反映执法人员编号').inputValue(), 'A001');

  await report.getByRole('button', { name: '提交' }).click();
  await page.waitForURL(/#\/cases\/[0-9a-f-]{36}$/);
  t.pass('the same form, sent again, is recorded and its case opened');
});
