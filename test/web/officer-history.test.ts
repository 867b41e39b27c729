import { DateTime } from 'luxon';
import t from 'tap';
import { browserUnavailable, launchBrowser, newPage, screenshot } from '../fixtures/web/browser.js';
import { startSmallBureau } from '../fixtures/web/small-bureau.js';
import { signInAs } from '../fixtures/web/sign-in.js';
import { shortCaseId } from '../../web/src/case-ref.js';

// An officer's history as the inspector reads it: the posts held, each until the day it ended
// (not a deferral), every case entry naming its case with a link to it, and, when the next officer
// asked for is not on record, nothing of the previous one left on the page under the new id.

const unavailable = browserUnavailable();

t.test('an officer\'s history names each case and the end of each post; a wrong id shows no one else', { skip: unavailable }, async (t) => {
  const { running, hr, inspector } = await startSmallBureau(t);
  await running.post('/api/v1/posts', { postId: 'YZ-CW', unitId: 'YZ', title: '罚没款财务岗', enforcement: false, sensitive: true, rotationPeriodMonths: 60 }, hr);
  await running.post('/api/v1/posts', { postId: 'YZ-NQ', unitId: 'YZ', title: '综合内勤岗', enforcement: false, sensitive: false }, hr);
  await running.post('/api/v1/officers/A001/assignments', { postId: 'YZ-CW', effectiveOn: '2015-01-05', reason: 'appointment' }, hr);
  await running.post('/api/v1/officers/A001/assignments', { postId: 'YZ-NQ', effectiveOn: '2020-03-01', reason: 'rotation' }, hr);
  const reported = await running.post('/api/v1/cases', {
    officerIds: ['A001'], category: 'conduct', channel: 'inspection', occurredOn: '2021-06-02', summary: '上班时间脱岗。',
  }, inspector);
  // A second case reported a moment later: its id begins as the first one's (ids are time-ordered).
  const second = await running.post('/api/v1/cases', {
    officerIds: ['A001'], category: 'integrity', channel: 'hotline_12328', occurredOn: '2021-06-03', summary: '违规收费。',
  }, inspector);

  const browser = await launchBrowser(t);
  const page = await newPage(browser);
  await signInAs(page, running.baseUrl, 'insp-wang', ['inspector']);
  await page.getByRole('navigation').getByRole('link', { name: '人员档案' }).click();
  await page.getByLabel('执法人员编号').fill('A001');
  await page.getByRole('button', { name: '查看' }).click();
  await page.getByTestId('officer-state').waitFor();

  // The posts held: the first ended when the second began, said as the end of the post.
  const posts = page.locator('table.data.compact');
  const headers = await posts.locator('th').allTextContents();
  t.ok(headers.includes('任职截止'), 'the column of the day a post ended');
  t.notOk(headers.includes('延期至'), 'not called a deferral');
  t.match(await posts.locator('tbody tr').filter({ hasText: 'YZ-CW' }).textContent(), /2015年1月5日.*2020年3月1日/, 'from and until');

  // The case entries say which case, and lead to it.
  const reportEntry = page.getByTestId('officer-timeline').locator('li').filter({ hasText: '问题线索登记' }).filter({ hasText: '上班时间脱岗' });
  const caseLink = reportEntry.getByTestId('timeline-case').getByRole('link');
  t.equal(await caseLink.textContent(), shortCaseId(reported.id), 'the case, by the end of its id');
  const refs = await page.getByTestId('officer-timeline').locator('li').filter({ hasText: '问题线索登记' }).getByTestId('timeline-case').allTextContents();
  t.equal(new Set(refs).size, 2, `two cases reported a moment apart are told apart (${refs.join(', ')})`);
  t.notOk(second.id.endsWith(reported.id.slice(-8)), 'their ids end differently');
  await screenshot(page, 'history-1-case-entries');
  await caseLink.click();
  await page.getByRole('region', { name: '基本情况' }).waitFor();
  t.match(page.url(), new RegExp(`#/cases/${reported.id}$`), 'the case page');

  // HR reads histories but not cases: the case is named, without a link that would be refused.
  const hrPage = await newPage(browser);
  await signInAs(hrPage, running.baseUrl, 'hr-zhang', ['hr']);
  await hrPage.getByRole('navigation').getByRole('link', { name: '人员档案' }).click();
  await hrPage.getByLabel('执法人员编号').fill('A001');
  await hrPage.getByRole('button', { name: '查看' }).click();
  const hrRef = hrPage.getByTestId('officer-timeline').locator('li').filter({ hasText: '问题线索登记' }).filter({ hasText: '上班时间脱岗' }).getByTestId('timeline-case');
  t.match(await hrRef.textContent(), new RegExp(`所属案件：${shortCaseId(reported.id)}`));
  t.equal(await hrRef.getByRole('link').count(), 0, 'no link for HR');
});

t.test('an id nobody has, asked for after an officer\'s history, shows nothing of that officer', { skip: unavailable }, async (t) => {
  const { running } = await startSmallBureau(t);
  const browser = await launchBrowser(t);
  const page = await newPage(browser);
  await signInAs(page, running.baseUrl, 'insp-wang', ['inspector']);
  // As the register stood a moment after the registration, read on the bureau's clock.
  await new Promise((done) => setTimeout(done, 1100));
  const asOf = DateTime.now().setZone('Asia/Shanghai').toFormat("yyyy-MM-dd'T'HH:mm:ss");
  await page.goto(`${running.baseUrl}/#/history?officerId=A001&asOf=${asOf}`);
  await page.getByTestId('officer-state').waitFor();

  // An id nobody has: the refusal, and nothing of 张三 under it.
  await page.getByLabel('执法人员编号').fill('NOPE');
  await page.getByLabel('截至时间（可选）').fill('');
  await page.getByRole('button', { name: '查看' }).click();
  await page.locator('.problem[role="alert"]').waitFor();
  t.equal(await page.getByTestId('officer-state').count(), 0, 'no officer shown');
  t.notMatch(await page.locator('main').innerText(), /张三/, 'the previous officer is not shown as NOPE');
  const alert = page.locator('.problem[role="alert"]');
  t.match(await alert.innerText(), /^未能读取\s+登记簿中没有 NOPE 的记录。$/, 'a read that failed says why, in Chinese, naming the id');
  await screenshot(page, 'history-2-unknown-officer');

  // Looked back at before 张三 was registered: not "no such record", but none yet then.
  await page.goto(`${running.baseUrl}/#/history?officerId=A001&asOf=2001-01-01T09:00`);
  await page.getByTestId('history-not-found').waitFor();
  t.match(await page.getByTestId('history-not-found').innerText(), /截至 2001年1月1日 09:00.*，登记簿中尚无 A001 的记录。/, 'the time looked back at, and that nothing was recorded of A001 by then');
  await page.goBack();

  // Back to the previous address: the field says whose history is shown.
  await page.goBack();
  await page.getByTestId('officer-state').waitFor();
  t.equal(await page.getByLabel('执法人员编号').inputValue(), 'A001', 'the field follows the address');
  // (A time field shows no seconds when they are :00.)
  const toTheSecond = (value: string) => value.replace(/T(\d\d:\d\d)$/, 'T$1:00');
  t.equal(toTheSecond(await page.getByLabel('截至时间（可选）').inputValue()), asOf, 'and so does the time asked for');
});

t.test('an officer past their rotation date is marked overdue on their history, one still within it is not; warning education is one line each', { skip: unavailable }, async (t) => {
  const { running, hr } = await startSmallBureau(t, { lisiIn: 'YZ' });
  await running.post('/api/v1/posts', { postId: 'YZ-CW', unitId: 'YZ', title: '罚没款财务岗', enforcement: false, sensitive: true, rotationPeriodMonths: 60 }, hr);
  await running.post('/api/v1/posts', { postId: 'YZ-PJ', unitId: 'YZ', title: '罚没款票据管理岗', enforcement: false, sensitive: true, rotationPeriodMonths: 60 }, hr);
  await running.post('/api/v1/officers/A001/assignments', { postId: 'YZ-CW', effectiveOn: '2015-01-05', reason: 'appointment' }, hr);
  const lastYear = DateTime.now().setZone('Asia/Shanghai').minus({ years: 1 }).toISODate()!;
  await running.post('/api/v1/officers/B002/assignments', { postId: 'YZ-PJ', effectiveOn: lastYear, reason: 'appointment' }, hr);
  await running.post('/api/v1/officers/A001/warning-education', { attendedOn: '2021-06-10', topic: '“八不准、六严禁、四必究”专题警示教育' }, hr);
  await running.post('/api/v1/officers/A001/warning-education', { attendedOn: '2021-09-08', topic: '典型案例警示教育' }, hr);

  const browser = await launchBrowser(t);
  const page = await newPage(browser);
  await signInAs(page, running.baseUrl, 'hr-zhang', ['hr']);
  await page.goto(`${running.baseUrl}/#/history?officerId=A001`);
  await page.getByTestId('officer-state').waitFor();
  t.equal(await page.getByTestId('rotation-due').textContent(), '2020年1月5日 ⚠ 已逾期', 'due five years after 2015-01-05, and past');
  t.same(await page.getByTestId('warning-education').locator('li').allTextContents(),
    ['2021年6月10日 “八不准、六严禁、四必究”专题警示教育', '2021年9月8日 典型案例警示教育'], 'one line each, in order');
  await screenshot(page, 'history-3-rotation-overdue');

  await page.goto(`${running.baseUrl}/#/history?officerId=B002`);
  await page.getByTestId('officer-state').filter({ hasText: '李四' }).waitFor();
  const due = DateTime.fromISO(lastYear).plus({ months: 60 });
  t.equal(await page.getByTestId('rotation-due').textContent(), `${due.year}年${due.month}月${due.day}日`, 'not yet due: no mark');
  t.equal(await page.getByTestId('warning-education').textContent(), '无');

  // Due within the register's due-soon window (90 days): marked as the rotation schedule marks it.
  await running.post('/api/v1/officers', { officerId: 'C003', name: '王五', unitId: 'YZ', hiredOn: '2010-03-01' }, hr);
  await running.post('/api/v1/posts', { postId: 'YZ-SJ', unitId: 'YZ', title: '罚没款审计岗', enforcement: false, sensitive: true, rotationPeriodMonths: 12 }, hr);
  const almostAYearAgo = DateTime.now().setZone('Asia/Shanghai').minus({ months: 11 }).toISODate()!;
  await running.post('/api/v1/officers/C003/assignments', { postId: 'YZ-SJ', effectiveOn: almostAYearAgo, reason: 'appointment' }, hr);
  await page.goto(`${running.baseUrl}/#/history?officerId=C003`);
  await page.getByTestId('officer-state').filter({ hasText: '王五' }).waitFor();
  const soon = DateTime.fromISO(almostAYearAgo).plus({ months: 12 });
  t.equal(await page.getByTestId('rotation-due').textContent(), `${soon.year}年${soon.month}月${soon.day}日 ◔ 即将到期`, 'due within 90 days');
});

t.test('a deferred rotation: the history names its date as the rotation schedule does (延期至), and says it was deferred', { skip: unavailable }, async (t) => {
  const { running, hr } = await startSmallBureau(t);
  await running.post('/api/v1/posts', { postId: 'YZ-CW', unitId: 'YZ', title: '罚没款财务岗', enforcement: false, sensitive: true, rotationPeriodMonths: 60 }, hr);
  // Due in 30 days, deferred to 60 days from now (a deferral never goes beyond twice the period).
  const today = DateTime.now().setZone('Asia/Shanghai').startOf('day');
  const since = today.minus({ months: 60 }).plus({ days: 30 });
  await running.post('/api/v1/officers/A001/assignments', { postId: 'YZ-CW', effectiveOn: since.toISODate(), reason: 'appointment' }, hr);
  const dueOn = since.plus({ months: 60 });
  const until = today.plus({ days: 60 });
  await running.post('/api/v1/officers/A001/rotation-deferrals', { until: until.toISODate(), reason: '专项整治期间暂缓轮岗', approvedBy: '局党组' }, hr);
  const untilText = `${until.year}年${until.month}月${until.day}日`;

  const browser = await launchBrowser(t);
  const page = await newPage(browser);
  await signInAs(page, running.baseUrl, 'hr-li', ['hr']);
  await page.goto(`${running.baseUrl}/#/rotation`);
  const row = page.locator('tr[data-officer="A001"]');
  await row.waitFor();
  t.same((await row.locator('td.date').allTextContents()).slice(1, 3), [`${dueOn.year}年${dueOn.month}月${dueOn.day}日`, untilText], 'the schedule: 应轮岗日期 as the period gives it, 延期至 the deferral');

  await page.goto(`${running.baseUrl}/#/history?officerId=A001`);
  await page.getByTestId('officer-state').waitFor();
  const due = page.getByTestId('rotation-due');
  t.equal(await page.getByTestId('officer-state').locator('dt', { has: page.locator('xpath=following-sibling::dd[1][@data-testid="rotation-due"]') }).textContent(), '延期至',
    'the history names the deferral\'s date as the schedule does');
  t.match(await due.textContent(), `${untilText} ◔ 即将到期`, 'the date the status is counted from');
  t.equal(await page.getByTestId('rotation-deferred').textContent(), '（应轮岗日期已经批准延期）', 'and says the rotation date was deferred');
  await screenshot(page, 'history-4-rotation-deferred');
});

t.test('a post the officer was moved to by a sanction: the post history names its unit and says why, in words', { skip: unavailable }, async (t) => {
  const { running, hr, inspector } = await startSmallBureau(t, { lisiIn: 'YZ' });
  const today = DateTime.now().setZone('Asia/Shanghai').toISODate()!;
  await running.post('/api/v1/posts', { postId: 'YZ-CZ', unitId: 'YZ', title: '超限检测站站长', enforcement: true, sensitive: true, rotationPeriodMonths: 60 }, hr);
  await running.post('/api/v1/posts', { postId: 'ZF-BG', unitId: 'ZF', title: '办公室文员', enforcement: false, sensitive: false }, hr);
  await running.post('/api/v1/officers/B002/qualifications', { certificateNo: '豫交执-002', grantedOn: '2012-06-01' }, hr);
  await running.post('/api/v1/officers/B002/assignments', { postId: 'YZ-CZ', effectiveOn: '2016-01-05', reason: 'appointment' }, hr);
  const reported = await running.post('/api/v1/cases', { officerIds: ['B002'], category: 'integrity', channel: 'hotline_12328', occurredOn: today, summary: '违规收取现金罚款。' }, inspector);
  const caseId = reported.id;
  await running.post(`/api/v1/cases/${caseId}/verification`, { inspectorId: 'insp-wang' }, inspector);
  await running.post(`/api/v1/cases/${caseId}/findings`, { outcome: 'substantiated', severity: 'minor', summary: '属实。' }, inspector);
  await running.post(`/api/v1/cases/${caseId}/sanctions`, { officerId: 'B002', kind: 'reassignment', effectiveOn: today, toPostId: 'ZF-BG', basis: '调离执法岗位。' }, inspector);

  const browser = await launchBrowser(t);
  const page = await newPage(browser);
  await signInAs(page, running.baseUrl, 'hr-zhang', ['hr']);
  await page.goto(`${running.baseUrl}/#/history?officerId=B002`);
  const moved = page.locator('table.data.compact tbody tr').filter({ hasText: 'ZF-BG' });
  await moved.waitFor();
  const cells = await moved.locator('td').allTextContents();
  t.equal(cells[1], '综合执法中队（ZF）', 'the unit by its name, with its id');
  t.equal(cells[4], '依处理决定调岗', 'moved by the sanction, said in Chinese (not the code "sanction")');
  t.equal((await page.locator('table.data.compact tbody tr').filter({ hasText: 'YZ-CZ' }).locator('td').allTextContents())[4], '任职', 'an assignment keeps its reason');
  await screenshot(page, 'history-2-moved-by-sanction');

  await page.getByRole('button', { name: 'English' }).click();
  await page.locator('table.data.compact tbody tr').filter({ hasText: 'Moved by a sanction' }).waitFor();
});
