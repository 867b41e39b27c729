import { DateTime } from 'luxon';
import t from 'tap';
import { browserUnavailable, screenshot } from '../fixtures/web/browser.js';
import { startSmallBureau } from '../fixtures/web/small-bureau.js';
import { inspectorOnCase } from '../fixtures/web/case-page.js';

// A reassignment names the post the officer is moved to: in the case's facts, in its story (also when a review replaces a sanction with a reassignment),
// and in the officer's history, by the post's title.

const unavailable = browserUnavailable();

t.test('a reassignment says where to: in the case facts, the case story and the officer history', { skip: unavailable }, async (t) => {
  const { running, hr, inspector } = await startSmallBureau(t, { lisiIn: 'YZ' });
  await running.post('/api/v1/posts', { postId: 'ZF-BG', unitId: 'ZF', title: '办公室文员', enforcement: false, sensitive: false }, hr);
  await running.post('/api/v1/posts', { postId: 'ZF-DA', unitId: 'ZF', title: '档案管理员', enforcement: false, sensitive: false }, hr);
  const today = DateTime.now().setZone('Asia/Shanghai');
  const on = today.toISODate()!;
  const reported = await running.post('/api/v1/cases', {
    officerIds: ['A001', 'B002'], category: 'integrity', channel: 'hotline_12328', occurredOn: on, summary: '违规收取现金罚款。',
  }, inspector);
  const base = `/api/v1/cases/${reported.id}`;
  await running.post(`${base}/verification`, { inspectorId: 'insp-wang' }, inspector);
  await running.post(`${base}/findings`, { outcome: 'substantiated', severity: 'minor', summary: '属实。', officerIds: ['B002'] }, inspector);
  await running.post(`${base}/findings`, { outcome: 'substantiated', severity: 'serious', summary: '属实，情节严重。', officerIds: ['A001'] }, inspector);
  await running.post(`${base}/sanctions`, { officerId: 'B002', kind: 'reassignment', effectiveOn: on, toPostId: 'ZF-BG', basis: '调离执法岗位。' }, inspector);
  const dismissal = await running.post(`${base}/sanctions`, { officerId: 'A001', kind: 'dismissal', effectiveOn: on, basis: '辞退。' }, inspector);
  const review = await running.post(`${base}/appeals`, { sanctionId: dismissal.id, stage: 'review', filedOn: on }, inspector);
  await running.post(`${base}/appeals/${review.id}/decision`, { outcome: 'reduced', decidedOn: on, replacementKind: 'reassignment', toPostId: 'ZF-DA' }, inspector);

  const page = await inspectorOnCase(t, running, reported.id);
  const sanctions = page.getByTestId('case-sanctions');
  await sanctions.waitFor();
  await page.getByTestId('case-story').getByText('办公室文员（ZF-BG）').first().waitFor();
  t.match(await sanctions.locator('li').filter({ hasText: '李四（B002）' }).textContent(), /调往岗位：办公室文员（ZF-BG）/, 'the facts: each sanction by its officer\'s name, and where the reassignment moved them');
  t.match(await sanctions.locator('li').filter({ hasText: '张三（A001）' }).textContent(), /调往岗位：档案管理员（ZF-DA）/, 'and where the reduced sanction moved the other');
  const story = page.getByTestId('case-story').locator('li');
  t.match(await story.filter({ hasText: '作出处理' }).filter({ hasText: '李四' }).textContent(), /调往岗位：办公室文员（ZF-BG）/, 'the story: the post of the reassignment imposed');
  t.match(await story.filter({ hasText: '复核申诉决定' }).textContent(), /改为（减轻时）：调离执法岗位；调往岗位：档案管理员（ZF-DA）/, 'the decision: the post of the replacement reassignment');
  await screenshot(page, 'reassignment-1-case');

  await page.goto(`${running.baseUrl}/#/history?officerId=B002`);
  const tookEffect = page.getByTestId('officer-timeline').locator('li').filter({ hasText: '处理生效' });
  await tookEffect.waitFor();
  t.match(await tookEffect.textContent(), /调往岗位：办公室文员（ZF-BG）/, 'the officer history: where the officer went');
  await page.goto(`${running.baseUrl}/#/history?officerId=A001`);
  const revised = page.getByTestId('officer-timeline').locator('li').filter({ hasText: '处理变更' });
  await revised.waitFor();
  t.match(await revised.textContent(), /调往岗位：档案管理员（ZF-DA）/, 'and where the replacement moved the other');
  // The review was of the dismissal imposed, not of the reassignment the decision put in its place.
  const filed = page.getByTestId('officer-timeline').locator('li').filter({ hasText: '提出复核申诉' });
  t.match(await filed.textContent(), /申诉的处理：辞退（/, 'the history\'s review entry names the sanction as it was imposed');

  await page.getByRole('button', { name: 'English' }).click();
  await page.getByTestId('officer-timeline').getByText(/Moved to post: 档案管理员 \(ZF-DA\)/).first().waitFor();
});
