import { DateTime } from 'luxon';
import t from 'tap';
import { browserUnavailable, screenshot } from '../fixtures/web/browser.js';
import { startSmallBureau } from '../fixtures/web/small-bureau.js';
import { openStep } from '../fixtures/web/sign-in.js';
import { inspectorOnCase } from '../fixtures/web/case-page.js';

// A case whose sanctions a review changed: the case's facts say which sanction was reduced and which
// annulled, and its story tells each sanction as it was imposed, before the decision that changed it.

const unavailable = browserUnavailable();

t.test('a reduced and an annulled sanction: marked in the facts, told as imposed in the story', { skip: unavailable }, async (t) => {
  const { running, inspector } = await startSmallBureau(t, { lisiIn: 'YZ' });
  const reported = await running.post('/api/v1/cases', {
    officerIds: ['A001', 'B002'], category: 'conduct', channel: 'inspection', occurredOn: '2021-06-02', summary: '上班时间脱岗。',
  }, inspector);
  const base = `/api/v1/cases/${reported.id}`;
  await running.post(`${base}/verification`, { inspectorId: 'insp-wang' }, inspector);
  await running.post(`${base}/findings`, { outcome: 'substantiated', severity: 'minor', summary: '属实' }, inspector);
  const today = DateTime.now().setZone('Asia/Shanghai');
  const on = today.toISODate()!;
  const until = today.plus({ days: 30 });
  const training = await running.post(`${base}/sanctions`, {
    officerId: 'A001', kind: 'off_post_training', effectiveOn: on, untilOn: until.toISODate(), basis: '依据有关规定，离岗培训。',
  }, inspector);
  const criticism = await running.post(`${base}/sanctions`, { officerId: 'B002', kind: 'criticism_education', effectiveOn: on, basis: '依据有关规定。' }, inspector);
  const review = await running.post(`${base}/appeals`, { sanctionId: training.id, stage: 'review', filedOn: on }, inspector);
  await running.post(`${base}/appeals/${review.id}/decision`, { outcome: 'reduced', decidedOn: on, replacementKind: 'criticism_education' }, inspector);
  const second = await running.post(`${base}/appeals`, { sanctionId: criticism.id, stage: 'review', filedOn: on }, inspector);
  await running.post(`${base}/appeals/${second.id}/decision`, { outcome: 'annulled', decidedOn: on }, inspector);

  const page = await inspectorOnCase(t, running, reported.id);
  const sanctions = page.getByTestId('case-sanctions');
  await sanctions.waitFor();
  const day = `${today.year}年${today.month}月${today.day}日`;

  const reduced = sanctions.locator('li', { hasText: training.id });
  t.equal(await reduced.getAttribute('data-status'), 'reduced');
  t.equal(await reduced.locator('s').textContent(), '离岗培训', 'the kind imposed, struck through');
  t.equal(await reduced.locator('strong').textContent(), '批评教育', 'the kind in force');
  t.match(await reduced.textContent(), `${day}经复核申诉减轻`, 'and when it was reduced');

  const annulled = sanctions.locator('li', { hasText: criticism.id });
  t.equal(await annulled.getAttribute('data-status'), 'annulled');
  t.equal(await annulled.locator('s strong').textContent(), '批评教育', 'the annulled kind, struck through');
  t.match(await annulled.textContent(), `${day}经复核申诉撤销`, 'and when it was annulled');

  const imposed = await page.getByTestId('case-story').locator('li', { hasText: '作出处理' }).allTextContents();
  const trainingStep = imposed.find((text) => text.includes('A001'));
  t.match(trainingStep, '处理方式：离岗培训', 'the story tells the kind imposed, not its replacement');
  t.match(trainingStep, `培训结束日期（离岗培训）：${until.year}年${until.month}月${until.day}日`, 'and the training\'s end as imposed');
  await screenshot(page, 'revised-sanctions');

  // An appeal goes against a sanction still there: the reduced one, named with both kinds; not the annulled one.
  await openStep(page, 'appeal');
  const picker = page.getByTestId('form-appeal').locator('select[name="sanctionId"] option');
  t.same(await picker.allTextContents(), ['—', '张三（A001） · 离岗培训 → 批评教育'], 'the reduced sanction by officer and both kinds; the annulled one not offered');
  t.equal(await page.getByTestId('form-appeal').locator('select[name="sanctionId"]').inputValue(), training.id, 'and proposed, as the only one there is to appeal');
});
