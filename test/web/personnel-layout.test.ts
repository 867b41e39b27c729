import t from 'tap';
import { browserUnavailable, launchBrowser, newPage, screenshot } from '../fixtures/web/browser.js';
import { startRegister } from '../fixtures/web/register.js';
import { signInAs } from '../fixtures/web/sign-in.js';

// A bureau has hundreds of officers: HR's list of them scrolls in a box of its own, so the forms of
// 人员与岗位 stay a short scroll below it instead of thousands of pixels down the page.

const unavailable = browserUnavailable();

t.test('the officer list of a large unit scrolls in its box; the forms follow close below', { skip: unavailable }, async (t) => {
  const running = await startRegister(t);
  const hr = running.token('hr-zhang', ['hr']);
  await running.post('/api/v1/units', { unitId: 'YZ', name: '运政执法大队' }, hr);
  for (let i = 1; i <= 80; i += 1) {
    await running.post('/api/v1/officers', { officerId: `O${String(i).padStart(3, '0')}`, name: `警员${i}`, unitId: 'YZ', hiredOn: '2010-03-01' }, hr);
  }
  const browser = await launchBrowser(t);
  const page = await newPage(browser);
  await signInAs(page, running.baseUrl, 'hr-zhang', ['hr']);
  await page.getByRole('navigation').getByRole('link', { name: '人员与岗位' }).click();
  await page.getByTestId('officers-table').getByRole('row').filter({ hasText: 'O080' }).waitFor({ state: 'attached' });

  const box = await page.getByTestId('officers-box').boundingBox();
  const table = await page.getByTestId('officers-table').boundingBox();
  t.ok(box && table && table.height > box.height, `the 80 officers (${Math.round(table?.height ?? 0)} px) scroll inside a box of ${Math.round(box?.height ?? 0)} px`);
  const form = await page.getByTestId('form-unit').boundingBox();
  t.ok(form && box && form.y < box.y + box.height + 600, `the forms begin close below the list (at ${Math.round(form?.y ?? 0)} px)`);
  await screenshot(page, 'personnel-1-long-list');
});
