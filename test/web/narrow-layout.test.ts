import { DateTime } from 'luxon';
import t from 'tap';
import { browserUnavailable, launchBrowser, screenshot } from '../fixtures/web/browser.js';
import { startSmallBureau } from '../fixtures/web/small-bureau.js';
import { signInAs } from '../fixtures/web/sign-in.js';

// On a phone (375 px wide) no page is wider than the screen: a wide table scrolls sideways in a
// box of its own (a named region the keyboard reaches), the facts of a case and the steps of its
// story use the screen's width instead of a column a few characters wide, and the charts and forms
// shrink to it.

const unavailable = browserUnavailable();
const WIDTH = 375;

t.test('every page fits a 375 px screen; wide tables scroll in their own box', { skip: unavailable }, async (t) => {
  const { running, hr, inspector } = await startSmallBureau(t, { lisiIn: 'YZ' });
  const today = DateTime.now().setZone('Asia/Shanghai').toISODate()!;
  await running.post('/api/v1/posts', { postId: 'YZ-CZ', unitId: 'YZ', title: '超限检测站站长', enforcement: false, sensitive: true, rotationPeriodMonths: 60 }, hr);
  await running.post('/api/v1/officers/A001/assignments', { postId: 'YZ-CZ', effectiveOn: '2015-01-05', reason: 'appointment' }, hr);
  const reported = await running.post('/api/v1/cases', {
    officerIds: ['A001', 'B002'], category: 'integrity', channel: 'hotline_12328', occurredOn: today, summary: '在超限检测站对货车司机直接罚款并收取现金，未开具票据。', ruleRefs: ['bbz-5'],
  }, inspector);
  const caseId = reported.id;
  await running.post(`/api/v1/cases/${caseId}/verification`, { inspectorId: 'insp-wang' }, inspector);
  await running.post(`/api/v1/cases/${caseId}/findings`, { outcome: 'substantiated', severity: 'minor', summary: '属实。' }, inspector);
  await running.post(`/api/v1/cases/${caseId}/sanctions`, { officerId: 'A001', kind: 'criticism_education', effectiveOn: today, basis: '批评教育。' }, inspector);
  const rectification = await running.post('/api/v1/rectifications', {
    unitId: 'YZ', problem: '超限检测站现金收缴未开具票据', source: 'case', caseId, measure: '推行非现场缴款，票款分离', responsibleDepartment: '超限检测站',
    responsiblePerson: '张三', responsibleOfficerId: 'A001', foundOn: today, dueOn: today,
  }, inspector);

  const browser = await launchBrowser(t);
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 740 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);

  await page.goto(`${running.baseUrl}/`);
  await page.getByRole('region', { name: '开发环境快速登录' }).waitFor();
  t.ok(await pageWidth() <= WIDTH, 'the sign-in page');
  await signInAs(page, running.baseUrl, 'aud-li', ['inspector', 'auditor']);

  const pages: [string, string, string][] = [
    ['case register', '/#/cases', '在超限检测站'],
    ['case', `/#/cases/${caseId}`, '作出处理'],
    ['accountability alerts', '/#/alerts', 'bj-1'],
    ['roster', '/#/officers', '超限检测站站长'],
    ['rotation schedule', '/#/rotation', '超限检测站站长'],
    ['rectification ledger', '/#/rectifications', '超限检测站现金收缴未开具票据'],
    ['rectification item', `/#/rectifications/${rectification.id}`, '推行非现场缴款'],
    ['officer history', '/#/history?officerId=A001', '超限检测站站长'],
    ['event stream', '/#/audit/events', 'CaseReported'],
    ['statistics', '/#/statistics', '执法不廉'],
  ];
  for (const [name, path, text] of pages) {
    await page.goto(`${running.baseUrl}${path}`);
    await page.locator('main').getByText(text).filter({ visible: true }).first().waitFor();
    const width = await pageWidth();
    t.ok(width <= WIDTH, `${name}: the page is ${width} px wide`);
    await screenshot(page, `narrow-${path.replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '')}`);
  }

  // The case register's table scrolls inside its box, which the keyboard reaches.
  await page.goto(`${running.baseUrl}/#/cases`);
  const box = page.getByRole('region', { name: '案件登记簿' });
  await box.locator('table').waitFor();
  t.ok(await box.evaluate((el) => el.scrollWidth > el.clientWidth), 'the table is wider than its box, which scrolls');
  t.equal(await box.getAttribute('tabindex'), '0', 'and the keyboard reaches it');

  // The case's story uses the width of the screen for what happened.
  await page.goto(`${running.baseUrl}/#/cases/${caseId}`);
  const what = page.getByTestId('case-story').locator('li .what').first();
  await what.waitFor();
  const whatBox = await what.boundingBox();
  t.ok(whatBox && whatBox.width > 250, `each step's text is ${Math.round(whatBox?.width ?? 0)} px wide`);
});
