// CSV files: quoting is csv-stringify's (read back by csv-parse), and cells a spreadsheet would run are neutralised.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvFile, exportName, neutralise } from '../../src/export/csv.ts';

const readBack = (content: string): string[][] => parse(content, { bom: true });

describe('neutralise', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","x")', `'=HYPERLINK("http://evil.example","x")`],
    ['+44 20 7946 0958', `'+44 20 7946 0958`],
    ['-1+2', `'-1+2`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tcmd', `'\tcmd`],
    ['\rcmd', `'\rcmd`],
  ])('%j starts like a formula, so it gets an apostrophe', (cell, out) => {
    expect(neutralise(cell)).toBe(out);
  });

  it.each(['Ana Lima', 'ana@example.com', 'a=b', 'x-1', '', "O'Neil"])('%j is left as typed', (cell) => {
    expect(neutralise(cell)).toBe(cell);
  });
});

describe('csvFile', () => {
  it('quotes commas, quotes and line breaks so every cell reads back as written', () => {
    const cells = ['Lima, Ana', 'say "hi"', 'two\nlines', 'plain'];
    const file = csvFile('t.csv', ['A', 'B', 'C', 'D'], [cells]);
    expect(readBack(file.content)).toEqual([['A', 'B', 'C', 'D'], cells]);
    expect(file.rows).toBe(1);
    expect(file.mime).toBe('text/csv');
  });

  it('neutralises data cells, not the header, and starts with a byte order mark for spreadsheets', () => {
    const file = csvFile('t.csv', ['Name'], [['=1+1'], ['@x']]);
    expect(file.content.startsWith('\uFEFF')).toBe(true);
    expect(readBack(file.content)).toEqual([['Name'], ["'=1+1"], ["'@x"]]);
    expect(file.content).toContain('\r\n');
  });

  it('names the file for what, whose and which day', () => {
    expect(exportName('team', 'contoso', new Date('2026-11-28T23:59:00Z'))).toBe(
      'team-contoso-2026-11-28.csv',
    );
  });
});
