// Progress of long scripts: on a terminal one line updated in place; elsewhere a few plain lines.
import t from 'tap';
import { createProgress, formatDuration } from '../../src/cli/progress.js';

function fakeStream(tty: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY: tty, columns: 60, write: (text: string) => writes.push(text) } };
}

t.test('on a terminal: one line, redrawn in place, then the summary on its own line', async (t) => {
  let now = 0;
  const { writes, stream } = fakeStream(true);
  const progress = createProgress('replay', { total: 1000, unit: 'events', stream, now: () => now });
  progress.update(100);
  now = 50;
  progress.update(150); // too soon to redraw
  now = 1000;
  progress.update(500);
  progress.log('a message of its own');
  now = 2000;
  progress.done();
  t.equal(writes[0], '\r\x1b[2Kreplay: 100 / 1,000 events · 10%');
  t.equal(writes.length, 7, 'no redraw 50 ms after the last');
  t.match(writes[1], /^\r\x1b\[2Kreplay: 500 \/ 1,000 events · 50% · 500\/s · ~1\.0 s left$/);
  t.same(writes.slice(2, 4), ['\r\x1b[2K', 'a message of its own\n'], 'a message clears the line first');
  t.match(writes[4], /^\r\x1b\[2Kreplay: 500/, 'then the progress line is drawn again');
  t.same(writes.slice(5), ['\r\x1b[2K', 'replay: 500 events in 2.0 s (250/s)\n'], 'the summary replaces the progress line');
  t.ok(writes.slice(0, 5).every((text) => !text.includes('\n') || text === 'a message of its own\n'), 'progress lines never scroll the terminal');
});

t.test('elsewhere: plain lines at each quarter and at most every few seconds', async (t) => {
  let now = 0;
  const { writes, stream } = fakeStream(false);
  const progress = createProgress('export', { total: 100, unit: 'events', stream, now: () => now, lineEveryMs: 5_000 });
  for (let done = 1; done <= 100; done += 1) {
    now += 10;
    progress.update(done);
  }
  progress.done('100 events written');
  t.same(writes.map((line) => line.trim().replace(/%.*$/, '%')), [
    'export: 1 / 100 events · 1%',
    'export: 25 / 100 events · 25%',
    'export: 50 / 100 events · 50%',
    'export: 75 / 100 events · 75%',
    'export: 100 / 100 events · 100%',
    'export: 100 events written',
  ]);
  t.ok(writes.every((line) => line.endsWith('\n') && !line.includes('\r')), 'plain lines only');
});

t.test('without a total: counts, and a line every interval', async (t) => {
  let now = 0;
  const { writes, stream } = fakeStream(false);
  const progress = createProgress('backup checksum', { unit: 'bytes', stream, now: () => now, lineEveryMs: 1_000 });
  progress.add(10);
  now = 500;
  progress.add(10);
  now = 1_600;
  progress.add(10, 'almost');
  progress.fail('stopped');
  progress.update(100);
  t.same(writes, ['backup checksum: 10 bytes\n', 'backup checksum: 30 bytes · 19/s · almost\n', 'stopped\n']);
  t.equal(formatDuration(3_723_000), '1 h 2 min');
  t.equal(formatDuration(125_000), '2 min 5 s');
});
