// CSV files the bot hands out (team and audit exports): RFC 4180 quoting by csv-stringify, and cells that a
// spreadsheet would run as a formula neutralised.
import { stringify } from 'csv-stringify/sync';
import type { ExportFile } from '../views/view.ts';

/** The most rows one export holds; the answer says when there were more. */
export const MAX_EXPORT_ROWS = 50_000;

/**
 * A spreadsheet runs a cell that starts with one of these as a formula (CSV injection, OWASP): `=HYPERLINK(…)`
 * in a name would run on the admin's machine. A leading apostrophe makes it text and shows the value as typed.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export const neutralise = (cell: string): string => (FORMULA_START.test(cell) ? `'${cell}` : cell);

/**
 * The file for `columns` and `rows`. Quoting (commas, quotes, line breaks inside names and reasons) is
 * csv-stringify's: a well-tried writer rather than hand-rolled escaping that misses a case. CRLF line ends and a
 * byte order mark, so Excel opens UTF-8 names as written.
 */
export function csvFile(name: string, columns: string[], rows: string[][]): ExportFile {
  const content = stringify([columns, ...rows.map((r) => r.map(neutralise))], {
    record_delimiter: 'windows',
    bom: true,
  });
  return { name, mime: 'text/csv', content, rows: rows.length };
}

/** `team-contoso-2026-11-28.csv`: what, whose, when (company ids are slugs, so the name is safe everywhere). */
export const exportName = (what: string, companyId: string, now: Date) =>
  `${what}-${companyId}-${now.toISOString().slice(0, 10)}.csv`;
