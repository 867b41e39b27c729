import t from 'tap';
import { browserUnavailable } from '../fixtures/web/browser.js';
import { reportTypedIn } from '../fixtures/web/new-case-report.js';

// The rules a report may cite, as checkboxes on the new-case page: the heading names all three of
// the province's lists, and each rule's code (bbz-2) stays whole on its line in either language.

const unavailable = browserUnavailable();

t.test('the rule checkboxes: every list named, every code on one line', { skip: unavailable }, async (t) => {
  const { page, report } = await reportTypedIn(t, 'A001');
  const rules = report.locator('fieldset.rule-refs');
  await rules.locator('code').first().waitFor();
  t.equal(await rules.locator('legend').textContent(), '涉及规定（八不准、六严禁、四必究）', 'the three lists the checkboxes offer');
  for (const language of ['中文', 'English']) {
    if (language === 'English') {
      await page.getByRole('button', { name: 'English' }).click();
      await rules.locator('legend', { hasText: 'four must-pursue' }).waitFor();
    }
    for (const width of [1366, 1024, 800, 375]) {
      await page.setViewportSize({ width, height: 800 });
      const lines = await rules.locator('code').evaluateAll((codes) => codes.map((code) => [code.textContent, code.getClientRects().length]));
      t.equal(lines.length, 18, 'eight prohibitions, six bans, four must-pursue');
      t.same(lines.filter(([, boxes]) => boxes !== 1), [], `${language}, ${width} px: no code broken across lines`);
    }
  }
});
