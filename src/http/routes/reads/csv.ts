import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { FastifyReply } from 'fastify';
import type { ExportReader } from './read-context.js';

// CSV downloads for spreadsheets (HR keeps its ledgers in them): UTF-8 with a byte-order mark so
// that Excel reads Chinese correctly, CRLF line ends, a header row, and fields quoted when they
// hold a comma, a quote or any line break (a bare LF or CR too, as a summary typed in a text area
// holds: quote_record_delimiter), or start or end with white space. A cell that starts like a
// formula is prefixed with an apostrophe, so a summary typed as "=HYPERLINK(...)" stays text.

export interface CsvColumn<T> {
  header: { zh: string; en: string };
  value(row: T, lang: 'zh' | 'en'): string | number | boolean | null;
}

const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: string | number | boolean | null): string | number {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string' && FORMULA_START.test(value)) return `'${value}`;
  return value;
}

/**
 * Sends `rows` read through `reader` as CSV, reading them as the client takes them (or all at once
 * when the reader cannot stream). The reader is released once the rows are all read, or when the
 * client goes away first (the cursor is closed before its connection).
 */
export function sendCsv<T>(
  reply: FastifyReply,
  filename: string,
  columns: readonly CsvColumn<T>[],
  reader: ExportReader,
  read: (db: ExportReader['db']) => Iterable<T>,
  lang: 'zh' | 'en',
): FastifyReply {
  let rows: Iterable<T>;
  try {
    rows = reader.streaming ? read(reader.db) : [...read(reader.db)];
  } catch (error) {
    reader.release();
    throw error;
  }
  const csv = stringify({
    bom: true,
    record_delimiter: 'windows',
    header: true,
    columns: columns.map((c, i) => ({ key: String(i), header: c.header[lang] })),
    quote_record_delimiter: true,
    quoted_match: /^\s|\s$/,
  });
  const records = Readable.from((function* () {
    for (const row of rows) yield columns.map((c) => cell(c.value(row, lang)));
  })());
  records.on('error', (error) => csv.destroy(error));
  // 'close' comes once the rows are all read or the stream was destroyed (its generator, and so the
  // cursor, returned): only then may the connection close.
  records.on('close', () => reader.release());
  // The CSV stream closes when it has been sent, or when fastify destroys it because the client went
  // away (even before the route ran): the rows still unread are then dropped, which ends the cursor.
  csv.on('close', () => {
    if (!records.readableEnded) records.destroy();
  });
  records.pipe(csv);
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .send(csv);
}
