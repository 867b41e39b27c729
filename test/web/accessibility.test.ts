import { AxeBuilder } from '@axe-core/playwright';
import { DateTime } from 'luxon';
import t from 'tap';
import { browserUnavailable, launchBrowser, newPage } from '../fixtures/web/browser.js';
import { signInAs } from '../fixtures/web/sign-in.js';
import { startSmallBureau } from '../fixtures/web/small-bureau.js';

// Every page, in both languages, checked by axe-core (WCAG 2.1 A and AA, and its best practices):
// labels, names, landmarks, contrast, headings, tables. A user on a screen reader or a keyboard
// does the same work as anyone else; the rules are checked on pages holding data, with the case
// page's forms opened.

const unavailable = browserUnavailable();

t.test('no page has an accessibility violation axe-core can find, in Chinese or English', { skip: unavailable }, async (t) => {
  const { running, hr, inspector } = await startSmallBureau(t, { lisiIn: 'ZF' });
  await running.post('/api/v1/posts', { postId: 'YZ-CW', unitId: 'YZ', title: '罚没款财务岗', enforcement: false, sensitive: true, rotationPeriodMonths: 60 }, hr);
  await running.post('/api/v1/officers/A001/assignments', { postId: 'YZ-CW', effectiveOn: '2015-01-05', reason: 'appointment' }, hr);
  const reported = await running.post('/api/v1/cases', {
    officerIds: ['A001', 'B002'], category: 'integrity', channel: 'hotline_12328', occurredOn: '2021-06-02', summary: '收取好处费后放行超限车辆',
    reporter: { name: '赵六', contact: '13800000000', anonymous: false },
  }, inspector);
  await running.post(`/api/v1/cases/${reported.id}/verification`, { inspectorId: 'insp-wang', dueOn: DateTime.now().setZone('Asia/Shanghai').plus({ days: 30 }).toISODate() }, inspector);
  const rectification = await running.post('/api/v1/rectifications', {
    unitId: 'YZ', problem: '罚没款未按时上缴', source: 'case', caseId: reported.id, measure: '建立日清月结制度', responsibleDepartment: '财务股', responsiblePerson: '张三',
    foundOn: DateTime.now().setZone('Asia/Shanghai').minus({ days: 40 }).toISODate(), dueOn: DateTime.now().setZone('Asia/Shanghai').minus({ days: 10 }).toISODate(),
  }, inspector);

  const browser = await launchBrowser(t);
  const page = await newPage(browser);
  await page.goto(`${running.baseUrl}/`);
  await page.getByRole('region', { name: '开发环境快速登录' }).waitFor();
  const check = async (what: string) => {
    const { violations } = await new AxeBuilder({ page }).analyze();
    t.same(violations.map((v) => `${v.id} (${v.impact ?? 'no impact'}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], what);
  };
  await check('the sign-in page');

  await signInAs(page, running.baseUrl, 'insp-zhao', ['inspector', 'hr', 'auditor']);
  const pages: [string, string, () => Promise<void>][] = [
    ['home', '/', () => page.getByRole('heading', { level: 2 }).first().waitFor()],
    ['case register', '/cases', () => page.getByRole('link', { name: '收取好处费后放行超限车辆' }).waitFor()],
    ['case', `/cases/${reported.id}`, async () => {
      await page.locator('details[data-step]').first().waitFor();
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    }],
    ['new case', '/cases/new', () => page.getByRole('heading', { level: 2 }).first().waitFor()],
    ['officers and posts', '/personnel', () => page.getByTestId('officers-box').getByText('张三').waitFor()],
    ['alerts', '/alerts', () => page.getByRole('heading', { level: 2 }).first().waitFor()],
    ['roster', '/officers', () => page.getByTestId('roster-count').waitFor()],
    ['rotation schedule', '/rotation', () => page.getByTestId('rotation-summary').waitFor()],
    ['rectification ledger', '/rectifications', () => page.locator('tr[data-rectification]').first().waitFor()],
    ['rectification item', `/rectifications/${rectification.id}`, async () => {
      await page.getByTestId('rectification-facts').waitFor();
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    }],
    ['officer history', '/history?officerId=A001', () => page.getByTestId('officer-timeline').locator('li').first().waitFor()],
    ['event stream', '/audit/events', () => page.locator('table').first().waitFor()],
    ['verification', '/audit/verify', () => page.getByRole('heading', { level: 2 }).first().waitFor()],
    ['statistics', '/statistics', () => page.getByRole('table').first().waitFor()],
  ];
  for (const language of ['中文', 'English']) {
    if (language === 'English') await page.getByRole('button', { name: 'English' }).click();
    for (const [name, path, ready] of pages) {
      await page.goto(`${running.baseUrl}/#${path}`);
      await ready();
      await page.waitForLoadState('networkidle');
      await check(`${name} (${language})`);
    }
  }
});
