import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { asAttacker } from '../fixtures/integrity/sqlite-attacker.js';
import { browserUnavailable, launchBrowser, newPage, screenshot } from '../fixtures/web/browser.js';
import { startRegister } from '../fixtures/web/register.js';
import { signInAs } from '../fixtures/web/sign-in.js';

// An auditor reads a log one of whose events was altered in the store's file until it no longer
// reads as an event: the event stream shows it in its place, says so, and goes on past it.

const unavailable = browserUnavailable();

t.test('the event stream shows an unreadable event in its place and the events after it', { skip: unavailable }, async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'register-web-altered-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const first = await startRegister(t, { DATA_DIR: dataDir });
  const hr = first.token('hr-zhang', ['hr']);
  await first.post('/api/v1/units', { unitId: 'YZ', name: '运政执法大队' }, hr);
  await first.post('/api/v1/officers', { officerId: 'A001', name: '张三', unitId: 'YZ', hiredOn: '2010-03-01' }, hr);
  await first.post('/api/v1/officers', { officerId: 'A002', name: '李四', unitId: 'YZ', hiredOn: '2011-03-01' }, hr);
  await first.close();
  // The first officer's registration (position 2) cut short: its data is no longer JSON.
  asAttacker(join(dataDir, 'events.db'), (db) => db.prepare('UPDATE events SET data = substr(data, 1, length(data) - 1) WHERE position = 2').run());

  const running = await startRegister(t, { DATA_DIR: dataDir });
  const browser = await launchBrowser(t);
  const page = await newPage(browser);
  await signInAs(page, running.baseUrl, 'audit-li', ['auditor']);
  await page.getByRole('navigation').getByRole('link', { name: '事件流' }).click();
  const table = page.getByTestId('events-table');
  await table.waitFor();
  const rows = table.locator('tbody tr');
  t.same(await rows.locator('td:first-child').allTextContents(), ['1', '2', '3'], 'every event of the log, the altered one in its place');
  t.match(await rows.nth(1).textContent(), /officer-A001.*无法读取.*在存储中被改动.*its data is not valid JSON.*hr-zhang/s, 'it says it cannot be read, why, and who recorded it');
  t.match(await rows.nth(2).textContent(), /李四/, 'the next event follows it');
  await screenshot(page, 'auditor-unreadable-event');
});
