import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import t from 'tap';
import { browserUnavailable, launchBrowser, newPage, screenshot } from '../fixtures/web/browser.js';
import { startRegister } from '../fixtures/web/register.js';
import { openStep, signInAs } from '../fixtures/web/sign-in.js';

// Each form is shown to the roles its route allows: administrators register units, posts and
// officers, and change posts; HR does everything else about an officer, including the end of an off-post training
// and the correction of a registration. An inspector a case concerns (its subject, or the unit head
// it holds accountable) is shown why there is nothing to do on it; another inspector sees an anonymous reporter's contact and corrects the
// report. A 400 is said in Chinese, the register's English at hand.

const unavailable = browserUnavailable();
const HR_ONLY = ['form-qualification', 'form-assignment', 'form-deferral', 'form-warning-education', 'form-training-completion', 'form-officer-correction'];
const REGISTRATION = ['form-unit', 'form-unit-head', 'form-post', 'form-post-change', 'form-officer'];

async function openPersonnel(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: '人员与岗位' }).click();
  await page.getByTestId('officers-table').waitFor();
}

t.test('personnel forms by role; HR completes a training, not before its planned end, and corrects a registration', { skip: unavailable }, async (t) => {
  // The register's clock stands 40 days back while the training is imposed, then comes to today.
  const today = DateTime.now().setZone('Asia/Shanghai').toISODate()!;
  const started = DateTime.fromISO(today).minus({ days: 40 }).toISODate()!;
  let now = DateTime.fromISO(`${started}T10:00:00`, { zone: 'Asia/Shanghai' });
  const running = await startRegister(t, {}, { clock: () => now });
  const hr = running.token('hr-zhang', ['hr']);
  const inspector = running.token('insp-wang', ['inspector']);
  await running.post('/api/v1/units', { unitId: 'YZ', name: '运政执法大队' }, hr);
  await running.post('/api/v1/officers', { officerId: 'A001', name: '张三', unitId: 'YZ', hiredOn: '2010-03-01' }, hr);
  await running.post('/api/v1/officers', { officerId: 'B002', name: '李四四', unitId: 'YZ', hiredOn: '2012-03-01' }, hr);
  const reported = await running.post('/api/v1/cases', {
    officerIds: ['A001'], category: 'conduct', channel: 'inspection', occurredOn: '2021-06-02', summary: '上班时间脱岗。',
  }, inspector);
  await running.post(`/api/v1/cases/${reported.id}/verification`, { inspectorId: 'insp-wang' }, inspector);
  await running.post(`/api/v1/cases/${reported.id}/findings`, { outcome: 'substantiated', severity: 'minor', summary: '属实' }, inspector);
  // A training of 35 days: it ended five days ago.
  const until = DateTime.fromISO(started).plus({ days: 35 }).toISODate()!;
  const sanction = await running.post(`/api/v1/cases/${reported.id}/sanctions`, {
    officerId: 'A001', kind: 'off_post_training', effectiveOn: started, untilOn: until, basis: '依据有关规定，离岗培训。',
  }, inspector);
  now = DateTime.now();

  const browser = await launchBrowser(t);

  // An administrator: units, posts and officers, and a word on the rest.
  const adminPage = await newPage(browser);
  await signInAs(adminPage, running.baseUrl, 'admin-wu', ['admin']);
  await openPersonnel(adminPage);
  for (const id of REGISTRATION) t.equal(await adminPage.getByTestId(id).count(), 1, `admin: ${id}`);
  for (const id of HR_ONLY) t.equal(await adminPage.getByTestId(id).count(), 0, `admin: no ${id}`);
  t.match(await adminPage.getByTestId('hr-only-note').textContent(), /人事部门办理/);
  await screenshot(adminPage, 'roles-1-admin-personnel');

  // HR: every form.
  const page = await newPage(browser);
  await signInAs(page, running.baseUrl, 'hr-zhang', ['hr']);
  await openPersonnel(page);
  for (const id of [...REGISTRATION, ...HR_ONLY]) t.equal(await page.getByTestId(id).count(), 1, `hr: ${id}`);
  t.equal(await page.getByTestId('hr-only-note').count(), 0);

  // The end of the off-post training: the officer's training in progress is offered.
  const training = page.getByTestId('form-training-completion');
  await training.getByLabel('执法人员编号').fill('A001');
  const choice = training.getByLabel('离岗培训处理');
  await choice.locator(`option[value="${sanction.id}"]:checked`).waitFor({ state: 'attached' });
  t.equal(await choice.inputValue(), sanction.id, 'the only training in progress is chosen');
  const endedOn = training.getByLabel('培训结束日期');
  t.equal(await endedOn.inputValue(), today);
  const end = DateTime.fromISO(until);
  const endZh = `${end.year}年${end.month}月${end.day}日`;
  t.match(await training.locator('.help', { hasText: '处理决定所定' }).textContent(), endZh, 'the date says the end the sanction set');
  // A day before that end: the form says why it cannot be, and sends nothing.
  await endedOn.fill(end.minus({ days: 1 }).toISODate()!);
  await training.getByRole('button', { name: '提交' }).click();
  const refusal = training.getByTestId('form-refusal');
  await refusal.waitFor();
  t.match(await refusal.textContent(), `培训结束日期不得早于处理决定所定的${endZh}`, 'a completion before the planned end is not offered');
  await screenshot(page, 'roles-2-training-before-its-end-refused');
  await endedOn.fill(today);
  await training.getByRole('button', { name: '提交' }).click();
  await training.getByRole('status').filter({ hasText: '已保存' }).waitFor();

  // A correction of a registration: the registration event is found from the officer id.
  const correction = page.getByTestId('form-officer-correction');
  await correction.getByLabel('执法人员编号').fill('B002');
  await correction.getByText(/现登记为：李四四/).waitFor();
  t.match(await correction.getByLabel('更正的登记事件编号').inputValue(), /^[0-9a-f-]{36}$/, 'the registration event is filled in');
  await correction.getByLabel('执法人员编号').fill('Z999');
  await correction.getByText('未找到该执法人员').waitFor();
  t.equal(await correction.getByLabel('更正的登记事件编号').inputValue(), '', 'an id that names nobody leaves no other officer\'s registration behind');
  await correction.getByLabel('执法人员编号').fill('B002');
  await correction.getByText(/现登记为：李四四/).waitFor();
  await correction.getByLabel('更正原因').fill('登记时姓名录入有误');
  // Nothing to correct: the register's 400, said in Chinese, its own words at hand.
  await correction.getByRole('button', { name: '提交' }).click();
  const alert = correction.getByRole('alert');
  await alert.waitFor();
  t.match(await alert.textContent(), /请至少填写一项要更正的内容/, 'the field message in Chinese');
  t.notMatch(await alert.locator('li').first().textContent(), /name at least one field/, 'not in English');
  const original = alert.locator('details');
  t.match(await original.locator('summary').textContent(), /原文/);
  t.match(await original.textContent(), /name at least one field to correct/, 'the English detail kept');
  await screenshot(page, 'roles-2-correction-400');
  await correction.getByLabel('更正后的姓名').fill('李四');
  await correction.getByRole('button', { name: '提交' }).click();
  await correction.getByRole('status').filter({ hasText: '已保存' }).waitFor();

  const auditor = running.token('audit-li', ['auditor']);
  const read = async (type: string) => (await (await fetch(`${running.baseUrl}/api/v1/audit/events?type=${type}`, { headers: { authorization: `Bearer ${auditor}` } })).text())
    .trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { data: Record<string, unknown> });
  t.match(await read('OffPostTrainingCompleted'), [{ data: { officerId: 'A001', sanctionId: sanction.id, completedOn: today } }]);
  t.equal((await read('OffPostTrainingCompleted')).length, 1, 'the early date was never sent');
  t.match(await read('OfficerRecordCorrected'), [{ data: { officerId: 'B002', reason: '登记时姓名录入有误', changes: { name: '李四' } } }]);
  await screenshot(page, 'roles-3-hr-forms');
});

t.test('a subject of a case sees why there is nothing to do; another inspector sees an anonymous contact and corrects the report', { skip: unavailable }, async (t) => {
  const running = await startRegister(t);
  const hr = running.token('hr-zhang', ['hr']);
  const inspector = running.token('insp-wang', ['inspector']);
  await running.post('/api/v1/units', { unitId: 'DC', name: '督查科' }, hr);
  await running.post('/api/v1/units', { unitId: 'ZF', name: '综合执法中队' }, hr);
  await running.post('/api/v1/officers', { officerId: 'I009', name: '周九', unitId: 'DC', hiredOn: '2011-03-01' }, hr);
  const reported = await running.post('/api/v1/cases', {
    officerIds: ['I009'], category: 'conduct', channel: 'phone', occurredOn: '2021-06-02', summary: '督查时吃拿卡要。',
    reporter: { name: null, contact: '13800001111', anonymous: true },
  }, inspector);
  const caseUrl = `${running.baseUrl}/#/cases/${reported.id}`;
  const browser = await launchBrowser(t);

  // The inspector who is the case's subject.
  const subject = await newPage(browser);
  await signInAs(subject, running.baseUrl, 'insp-zhou', ['inspector'], 'I009');
  await subject.goto(caseUrl);
  const note = subject.getByTestId('recused-note');
  await note.waitFor();
  t.match(await note.textContent(), /I009.*回避规定不能办理/, 'says why');
  t.equal(await subject.locator('details[data-step]').count(), 0, 'and offers no form');
  t.equal(await subject.getByTestId('reporter-contact').count(), 0, 'nor the reporter');
  t.equal(await subject.getByTestId('reporter-hidden').textContent(), '该案件涉及您本人，依照回避规定不向您显示举报人信息', 'hidden because the case concerns them, not for their role');
  await screenshot(subject, 'roles-4-subject-recused');

  // Another inspector.
  const page = await newPage(browser);
  await signInAs(page, running.baseUrl, 'insp-wang', ['inspector']);
  await page.goto(caseUrl);
  const facts = page.getByRole('region', { name: '基本情况' });
  await facts.waitFor();
  t.equal(await page.getByTestId('recused-note').count(), 0);
  t.equal(await page.getByTestId('reporter-contact').textContent(), '13800001111', 'the anonymous reporter\'s contact');
  t.match(await facts.textContent(), /匿名举报（联系方式：13800001111）/);

  // The report corrected.
  await openStep(page, 'correction');
  const form = page.getByTestId('form-correction');
  t.match(await form.getByTestId('corrects-event-id').textContent(), /^[0-9a-f-]{36}$/, 'the report event, from the case\'s timeline');
  await page.getByTestId('case-subject').filter({ hasText: '周九（I009） · 督查科' }).waitFor(); // the subject with the unit recorded, by its name
  await form.getByLabel(/周九（I009）违纪时所在单位（现登记为 DC/).fill('ZF');
  await form.getByLabel('更正后的问题类别').selectOption({ label: '执法不廉' });
  await form.getByLabel('更正原因').fill('类别登记错误');
  await form.getByRole('button', { name: '提交' }).click();
  await page.getByTestId('case-story').getByText('案件记录更正').waitFor();
  await facts.getByText('执法不廉').waitFor();
  await page.getByTestId('case-subject').filter({ hasText: '· 综合执法中队' }).waitFor();
  await page.getByTestId('case-story').getByText('（ZF）', { exact: false }).waitFor(); // names come with the directory
  t.match(await page.getByTestId('case-story').textContent(), /周九（I009） → 综合执法中队（ZF）/, 'the story says what the correction changed, by names');
  await screenshot(page, 'roles-5-case-corrected');

  // The head of the subject's unit on the day of the breach (ZF, as corrected) is recused before
  // any finding names them (only the register knows who headed the unit then), and after it.
  await running.post('/api/v1/officers', { officerId: 'H001', name: '吴科长', unitId: 'ZF', hiredOn: '2005-03-01' }, hr);
  await running.post('/api/v1/units/ZF/head', { officerId: 'H001', effectiveOn: '2020-01-01' }, hr);
  const head = await newPage(browser);
  await signInAs(head, running.baseUrl, 'insp-wu', ['inspector'], 'H001');
  await head.goto(caseUrl);
  await head.getByTestId('recused-note').waitFor();
  t.equal(await head.locator('details[data-step]').count(), 0, 'the unit\'s head is offered no form before the finding');
  t.equal(await head.getByTestId('reporter-contact').count(), 0, 'nor the reporter');
  await running.post(`/api/v1/cases/${reported.id}/verification`, { inspectorId: 'insp-wang' }, inspector);
  await running.post(`/api/v1/cases/${reported.id}/findings`, { outcome: 'substantiated', severity: 'minor', summary: '属实' }, inspector);
  await head.reload();
  await head.getByTestId('recused-note').waitFor();
  t.equal(await head.locator('details[data-step]').count(), 0, 'nor once the finding holds them accountable');
  t.equal(await head.getByTestId('reporter-contact').count(), 0, 'nor the reporter');
});

t.test('the event stream searched on the server a page at a time, in the bureau\'s zone', { skip: unavailable }, async (t) => {
  const zone = 'America/New_York';
  const running = await startRegister(t, { BUREAU_TIMEZONE: zone });
  const hr = running.token('hr-zhang', ['hr']);
  await running.post('/api/v1/units', { unitId: 'YZ', name: '运政执法大队' }, hr);
  for (let i = 1; i <= 55; i += 1) {
    await running.post('/api/v1/officers', { officerId: `O${String(i).padStart(3, '0')}`, name: `警员${i}`, unitId: 'YZ', hiredOn: '2010-03-01' }, hr);
  }
  await running.post('/api/v1/units', { unitId: 'ZF', name: '综合执法中队' }, hr);
  const auditor = running.token('audit-li', ['auditor']);
  const first = JSON.parse((await (await fetch(`${running.baseUrl}/api/v1/audit/events?limit=1`, { headers: { authorization: `Bearer ${auditor}` } })).text()).trim()) as { metadata: { recordedAt: string } };

  const browser = await launchBrowser(t);
  const page = await newPage(browser);
  const requests: string[] = [];
  page.on('request', (request) => { if (request.url().includes('/api/v1/')) requests.push(decodeURIComponent(request.url())); });
  await signInAs(page, running.baseUrl, 'audit-li', ['auditor']);
  await page.getByRole('navigation').getByRole('link', { name: '事件流' }).click();
  const table = page.getByTestId('events-table');
  await table.waitFor();

  // The time that counts (the event's own recordedAt), on the bureau's clock, not the browser's.
  const shown = await table.locator('tbody tr').first().locator('td').last().textContent();
  const expected = DateTime.fromISO(first.metadata.recordedAt).setZone(zone);
  t.equal(shown, `${expected.year}年${expected.month}月${expected.day}日 ${expected.toFormat('HH:mm:ss')}`, 'recordedAt in America/New_York');

  await page.getByLabel('事件类型').selectOption({ value: 'OfficerRegistered' });
  // The unfiltered page shows 50 too: wait for the filtered answer itself.
  await Promise.all([
    page.waitForResponse((r) => decodeURIComponent(r.url()).includes('type=OfficerRegistered')),
    page.getByRole('button', { name: '查询' }).click(),
  ]);
  await page.getByTestId('events-count').filter({ hasText: '显示 50 条' }).waitFor();
  const search = requests.filter((url) => url.includes('type=OfficerRegistered'));
  t.ok(search.length > 0 && search.every((url) => /limit=51/.test(url)), 'the register filters, a page at a time');
  t.match(await table.locator('tbody tr').first().textContent(), /O001/);
  await page.getByRole('button', { name: '下一页' }).click();
  await page.getByTestId('events-count').filter({ hasText: '显示 5 条' }).waitFor();
  t.match(await table.locator('tbody tr').first().textContent(), /O051/, 'the next page starts where the first ended');
  await page.getByText('已到日志末尾').waitFor();
  await page.getByRole('button', { name: '上一页' }).click();
  await page.getByTestId('events-count').filter({ hasText: '显示 50 条' }).waitFor();
  await screenshot(page, 'roles-6-events-filtered');

  // An officer's history as of a moment typed on the bureau's clock: that zone's offset on that date.
  for (const [local, offset] of [['2021-01-15T09:00', '-05:00'], ['2021-07-15T09:00', '-04:00']] as const) {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/history?')),
      page.goto(`${running.baseUrl}/#/history?officerId=O001&asOf=${local}`),
    ]);
    t.match(decodeURIComponent(response.url()), `asOf=${local}:00${offset}`, `${local} is asked as ${local}:00${offset}`);
    // O001 was registered today: the register had no such officer then (404), and took the instant (no 400).
    t.equal(response.status(), 404, 'the instant is one the register takes');
  }
});
