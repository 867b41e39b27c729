import t from 'tap';
import { browserUnavailable, launchBrowser, newPage, screenshot } from '../fixtures/web/browser.js';
import { startRegister } from '../fixtures/web/register.js';
import { signInAs } from '../fixtures/web/sign-in.js';

// The register serves its pages at `/`, in Chinese; a pasted token or (in development) the
// sign-in page's own token opens the menus of the user's roles.

const unavailable = browserUnavailable();

t.test('the pages are served at / and a user signs in', { skip: unavailable }, async (t) => {
  const running = await startRegister(t);
  const browser = await launchBrowser(t);
  const page = await newPage(browser);

  await page.goto(`${running.baseUrl}/`);
  t.equal(await page.title(), '交通运输执法人员问责与纪律登记系统', 'the page is titled in Chinese');
  t.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  await page.getByRole('region', { name: '开发环境快速登录' }).waitFor();
  await screenshot(page, 'sign-in-page');

  // A pasted string that is not a token is refused on the spot.
  await page.getByLabel('访问令牌').fill('not-a-token');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByText('这不是有效的访问令牌。').waitFor();

  // A real token, pasted, signs in with its roles.
  await page.getByLabel('访问令牌').fill(running.token('hr-zhang', ['hr']));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByTestId('signed-in-as').waitFor();
  t.match(await page.getByTestId('signed-in-as').textContent(), /hr-zhang.*人事/);
  const menu = page.getByRole('navigation');
  t.ok(await menu.getByRole('link', { name: '人员与岗位' }).isVisible(), 'HR sees officers and posts');
  t.equal(await menu.getByRole('link', { name: '事件流' }).count(), 0, 'HR does not see the audit stream');
  await page.getByRole('button', { name: '退出' }).click();

  // Development sign-in: mint a token for the auditor role.
  await signInAs(page, running.baseUrl, 'audit-li', ['auditor']);
  t.ok(await page.getByRole('navigation').getByRole('link', { name: '事件流' }).isVisible(), 'the auditor sees the audit stream');
  await screenshot(page, 'sign-in-auditor-home');
  t.equal(await page.getByTestId('unknown-page').count(), 0, 'the home page is not taken for an unknown address');

  // An address that is no page (a mistyped or outdated link) says so, above the user's choice of work.
  await page.goto(`${running.baseUrl}/#/history/J00020`);
  t.equal(await page.getByTestId('unknown-page').textContent(), '没有这个页面：#/history/J00020。请从下列工作中选择。');
  t.ok(await page.getByRole('link', { name: '事件流' }).first().isVisible(), 'with the work the user can choose');
  await page.goto(`${running.baseUrl}/#/audit/events`);
  await page.getByRole('heading', { name: '事件流' }).waitFor();
  t.equal(await page.getByTestId('unknown-page').count(), 0, 'a real page shows no such notice');

  // The English switch, and back: the punctuation follows the language too.
  t.equal(await page.getByTestId('signed-in-as').textContent(), '当前用户：audit-li（审计监督）');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('navigation').getByRole('link', { name: 'Event stream' }).waitFor();
  t.equal(await page.getByTestId('signed-in-as').textContent(), 'Signed in as: audit-li (Auditor)', 'no Chinese punctuation in English');
  await page.getByRole('button', { name: '中文' }).click();
  await page.getByRole('navigation').getByRole('link', { name: '事件流' }).waitFor();
  t.equal(await page.getByTestId('signed-in-as').textContent(), '当前用户：audit-li（审计监督）', 'and back');
});
