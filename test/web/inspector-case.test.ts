import t from 'tap';
import { browserUnavailable, launchBrowser, newPage, screenshot } from '../fixtures/web/browser.js';
import { startSmallBureau } from '../fixtures/web/small-bureau.js';
import { openStep, signInAs } from '../fixtures/web/sign-in.js';

// An inspector records a case from the first report to a sanction using only the pages' forms,
// and the case register and the case's story show every step, in Chinese.

const unavailable = browserUnavailable();

t.test('an inspector records a case through to a sanction with the forms', { skip: unavailable }, async (t) => {
  // The officer exists already (HR's work, over HTTP): the inspector's job starts at the report.
  const { running } = await startSmallBureau(t);

  const browser = await launchBrowser(t);
  const page = await newPage(browser);
  await signInAs(page, running.baseUrl, 'insp-wang', ['inspector']);

  // 1. The report.
  await page.getByRole('navigation').getByRole('link', { name: '登记问题线索' }).click();
  const report = page.getByTestId('new-case-form');
  await report.getByLabel('被反映执法人员编号').fill('A001');
  await report.getByLabel('问题类别').selectOption({ label: '执法不廉' });
  await report.getByLabel('线索来源').selectOption({ label: '12328热线' });
  await report.getByLabel('发生日期').fill('2021-05-20');
  await report.getByLabel('问题摘要').fill('在超限检测站对货车司机直接罚款并收取现金，未开具票据。');
  await report.getByRole('checkbox', { name: '严禁违规收费' }).check();
  await report.getByLabel('举报人姓名').fill('李四');
  await report.getByLabel('联系方式').fill('13800000000');
  await screenshot(page, 'inspector-1-report-form');
  await report.getByRole('button', { name: '提交' }).click();

  // The new case opens: reported, with the facts in Chinese.
  await page.getByRole('heading', { name: /案件/ }).locator('.badge', { hasText: '已受理' }).waitFor();
  const facts = page.getByRole('region', { name: '基本情况' });
  t.match(await facts.textContent(), /执法不廉/, 'category by its Chinese name');
  t.match(await facts.textContent(), /12328热线/, 'channel by its Chinese name');
  t.match(await facts.textContent(), /2021年5月20日/, 'dates as the bureau writes them');
  t.match(await facts.textContent(), /李四/, 'the inspector sees the reporter');
  const caseUrl = page.url();

  // 2. Verification (its form is the open next step).
  const verification = page.getByTestId('form-verification');
  await verification.getByLabel('核实人编号').fill('insp-wang');
  await verification.getByRole('button', { name: '提交' }).click();
  await page.locator('h2 .badge', { hasText: '核实中' }).waitFor();

  // 3. Evidence.
  await openStep(page, 'evidence');
  const evidence = page.getByTestId('form-evidence');
  await evidence.getByLabel('证据说明').fill('执法记录仪视频及现场收款照片');
  await evidence.getByLabel('存档编号或位置').fill('督查档案2021-035');
  await evidence.getByRole('button', { name: '提交' }).click();
  await evidence.getByRole('status').filter({ hasText: '附加证据已记录' }).waitFor();

  // 4. The finding.
  const finding = page.getByTestId('form-finding');
  await finding.getByLabel('认定结果').selectOption({ label: '属实' });
  await finding.getByLabel('情节').selectOption({ label: '情节较轻' });
  await finding.getByLabel('认定情况').fill('经核实，当事人违规收取现金罚款属实。');
  await finding.getByRole('button', { name: '提交' }).click();
  await page.locator('h2 .badge', { hasText: '已认定' }).waitFor();

  // 5. The sanction.
  const sanction = page.getByTestId('form-sanction');
  t.equal(await sanction.getByLabel('处理对象执法人员编号').inputValue(), 'A001', 'the subject is proposed');
  await sanction.getByLabel('处理方式').selectOption({ label: '批评教育' });
  await sanction.getByLabel('处理依据').fill('依据省厅“六严禁”第五条，予以批评教育。');
  await sanction.getByRole('button', { name: '提交' }).click();
  await page.locator('h2 .badge', { hasText: '已处理' }).waitFor();

  // The case's whole story, in order.
  const story = page.getByTestId('case-story');
  const steps = await story.locator('li strong').allTextContents();
  t.same(steps.filter((s) => s !== '追责提示'), ['问题线索登记', '指派核实', '附加证据', '核实认定', '作出处理'], 'every step, in order');
  t.match(await story.textContent(), /insp-wang/, 'who recorded each step');
  t.match(await page.getByTestId('case-sanctions').textContent(), /A001.*批评教育/);
  await screenshot(page, 'inspector-2-case-sanctioned');

  // The case register lists it as sanctioned, and its filters find it.
  await page.getByRole('navigation').getByRole('link', { name: '案件登记簿' }).click();
  await page.getByLabel('状态').selectOption({ label: '已处理' });
  const row = page.locator('table.data tbody tr').filter({ hasText: '在超限检测站' });
  await row.waitFor();
  t.match(await row.textContent(), /执法不廉.*12328热线.*A001/);
  await page.getByLabel('问题类别').selectOption({ label: '宗旨不牢' });
  await page.getByText('共 0 件').waitFor();
  await page.getByLabel('问题类别').selectOption({ label: '执法不廉' });
  await row.waitFor();
  await screenshot(page, 'inspector-3-case-register');

  await row.getByRole('link').click();
  t.equal(page.url(), caseUrl, 'the register links to the case');

  // The substantiated breach makes the officer accountable (四必究 bj-1), listed for inspectors.
  await page.getByRole('navigation').getByRole('link', { name: '追责提示' }).click();
  const alerts = page.getByTestId('alerts-table');
  await alerts.waitFor();
  t.match(await alerts.textContent(), /违反规定的，必究当事执法人员责任.*当事执法人员.*张三（A001）/, 'the officer is to be held accountable');
  const rows = await alerts.locator('tbody tr').count();
  t.equal(await page.locator('#alerts-h').textContent(), `应追究责任（${rows}）`, 'the heading counts every alert, all of them shown');
  t.equal(await page.getByRole('button', { name: '加载更多' }).count(), 0, 'no further page');
  await screenshot(page, 'inspector-4-accountability');
});

t.test('a long case register loads its further pages on request', { skip: unavailable }, async (t) => {
  const { running, inspector } = await startSmallBureau(t);
  // One more case than the register's first page holds (100).
  for (let i = 1; i <= 101; i += 1) {
    await running.post('/api/v1/cases', { officerIds: ['A001'], category: 'conduct', channel: 'inspection', occurredOn: '2021-06-02', summary: `第${i}次脱岗。` }, inspector);
  }
  const browser = await launchBrowser(t);
  const page = await newPage(browser);
  await signInAs(page, running.baseUrl, 'insp-wang', ['inspector']);
  await page.getByRole('navigation').getByRole('link', { name: '案件登记簿' }).click();
  const rows = page.locator('table.data tbody tr');
  await page.getByText('共 101 件').waitFor();
  t.equal(await rows.count(), 100, 'the first page');
  await page.getByRole('button', { name: '加载更多' }).click();
  await rows.nth(100).waitFor();
  t.equal(await rows.count(), 101, 'then the rest');
  t.equal(await page.getByRole('button', { name: '加载更多' }).count(), 0, 'and no button once everything is shown');
  t.equal(new Set(await rows.allTextContents()).size, 101, 'no case shown twice');
});
