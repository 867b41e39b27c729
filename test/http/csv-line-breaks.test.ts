import t from 'tap';
import { startTestRegister } from '../fixtures/http-app.js';
import { auditor, expectCreated, fixedClock, hr, inspector, seedBureau } from '../fixtures/http-bureau.js';

// A summary typed in a text area holds line breaks, often a bare LF (or a bare CR). In a CSV whose
// records end with CRLF, such a field must still be quoted: unquoted, a spreadsheet (or any
// RFC 4180 reader) starts a new row in the middle of the case.

/** The records of a CSV text, as an RFC 4180 reader splits them (quoted fields may hold line breaks). */
function records(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i]!;
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && csv[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

t.test('a field holding a bare line break is quoted, so each case stays one CSV record', async (t) => {
  const register = await startTestRegister(t, { clock: fixedClock });
  const bureau = await seedBureau(register);
  const lf = '一、执法态度粗暴\n二、随意罚款';
  const cr = '一、未出示证件\r二、未开票';
  const crlf = '一、作风漂浮\r\n二、推诿扯皮';
  for (const summary of [lf, cr, crlf]) await bureau.reportCase(['O1'], { summary });
  await bureau.definePost({ postId: 'P-NIGHT', unitId: 'U2', title: '夜间\n稽查岗', enforcement: false, sensitive: true, rotationPeriodMonths: 24 });
  const assigned = await expectCreated(await register.post('/api/v1/officers/O3/assignments', { postId: 'P-NIGHT', effectiveOn: '2020-01-01', reason: 'appointment' }, { as: hr }), 'assign');

  const cases = await register.get(`/api/v1/cases?format=csv&lang=en&minPosition=${assigned.position}`, { as: auditor });
  t.equal(cases.statusCode, 200);
  const rows = records(cases.rawPayload.subarray(3).toString('utf8'));
  t.equal(rows.length, 4, 'the header and three cases, one record each');
  const summaryColumn = rows[0]!.indexOf('summary');
  t.same(rows.slice(1).map((r) => r[summaryColumn]).sort(), [lf, cr, crlf].sort(), 'each summary whole, line breaks and all');
  t.ok(rows.every((r) => r.length === rows[0]!.length), 'every record has every column');

  const schedule = await register.get('/api/v1/rotation-schedule?format=csv&lang=en', { as: inspector });
  const scheduleRows = records(schedule.rawPayload.subarray(3).toString('utf8'));
  t.equal(scheduleRows.length, 3, 'the header and the two holders');
  t.ok(scheduleRows.some((r) => r[scheduleRows[0]!.indexOf('postTitle')] === '夜间\n稽查岗'), 'a post title with a line break stays in its field');
});
