// Fitting a rendered view into a surface's block budget: tables pack tighter first, and anything
// that still does not fit is named in a closing note, never dropped silently.
import type { ContextBlock, KnownBlock } from '@slack/types';
import { LIMITS, mrkdwn, splitMrkdwn } from './limits.ts';

/** What a block holds, so a block left out can be named ("12 table rows, 3 buttons"). */
export type Holding = {
  what: 'title' | 'text' | 'field' | 'table row' | 'button' | 'form field' | 'pager';
  n: number;
};
export type Piece = { block: KnownBlock; holds?: Holding };

/** A table stays as rows until the budget is known; everything else is rendered blocks. */
export type Part = { kind: 'pieces'; pieces: Piece[] } | { kind: 'table'; rows: string[] };

const note = (text: string): Piece => ({ block: { type: 'context', elements: [mrkdwn(text)] } });

/** Rows into sections: at most `perSection` rows and 3,000 characters each; a longer row gets sections of its own. */
function pack(rows: string[], perSection: number): Piece[] {
  const out: Piece[] = [];
  let group: string[] = [];
  let size = 0;
  const flush = () => {
    if (group.length) out.push(section(group.join('\n'), group.length));
    group = [];
    size = 0;
  };
  for (const row of rows) {
    if (row.length > LIMITS.sectionText) {
      flush();
      splitMrkdwn(row).forEach((part, i) => {
        out.push(section(part, i === 0 ? 1 : 0));
      });
      continue;
    }
    const grown = size + (group.length ? 1 : 0) + row.length;
    if (group.length >= perSection || grown > LIMITS.sectionText) flush();
    size += (group.length ? 1 : 0) + row.length;
    group.push(row);
  }
  flush();
  return out;
}

const section = (text: string, rows: number): Piece => ({
  block: { type: 'section', text: mrkdwn(text) },
  holds: { what: 'table row', n: rows },
});

// An empty table still takes one block, for its "No rows." note.
const most = (rows: string[]) => Math.max(1, pack(rows, 1).length);
const fewest = (rows: string[]) => Math.max(1, pack(rows, Number.POSITIVE_INFINITY).length);

/** A table in at most `n` blocks: a section per row if room, rows packed if not, else the first rows and a count of the rest. */
function tableWithin(rows: string[], n: number, budget: number): Piece[] {
  if (rows.length === 0) return [note('No rows.')];
  if (most(rows) <= n) return pack(rows, 1);
  if (fewest(rows) <= n) {
    for (let per = Math.ceil(rows.length / n); ; per++) {
      const packed = pack(rows, per);
      if (packed.length <= n) return packed;
    }
  }
  let shown = 0;
  while (shown < rows.length && pack(rows.slice(0, shown + 1), Number.POSITIVE_INFINITY).length <= n - 1)
    shown++;
  const left = rows.length - shown;
  return [
    ...pack(rows.slice(0, shown), Number.POSITIVE_INFINITY),
    note(
      `${shown} of ${rows.length} rows shown; the other ${left} do not fit in one Slack message ` +
        `(${budget} blocks at most). Use the pager or filters to see them.`,
    ),
  ];
}

/** How many blocks each table may use, given what the rest of the view already takes. */
function allocate(tables: string[][], room: number): number[] {
  const max = tables.map(most);
  const min = tables.map(fewest);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  if (sum(max) <= room) return max;
  if (sum(min) <= room) {
    let extra = room - sum(min);
    return min.map((m, i) => {
      const add = Math.min(extra, (max[i] ?? m) - m);
      extra -= add;
      return m + add;
    });
  }
  // Not even packed: each table gets a share (at least its closing note) and says what it left out.
  const total = sum(min);
  return min.map((m) => Math.max(1, Math.floor((Math.max(0, room) * m) / total)));
}

const NOUNS: Record<Holding['what'], [string, string]> = {
  title: ['title', 'titles'],
  text: ['text section', 'text sections'],
  field: ['field', 'fields'],
  'table row': ['table row', 'table rows'],
  button: ['button', 'buttons'],
  'form field': ['form field', 'form fields'],
  pager: ['pager', 'pagers'],
};

/** "12 table rows, 3 buttons": what the left-out pieces held, in the order they appear. */
export function describe(pieces: Piece[]): string {
  const counts = new Map<Holding['what'], number>();
  for (const p of pieces) if (p.holds) counts.set(p.holds.what, (counts.get(p.holds.what) ?? 0) + p.holds.n);
  const parts = [...counts].filter(([, n]) => n > 0).map(([w, n]) => `${n} ${NOUNS[w][n === 1 ? 0 : 1]}`);
  return parts.length ? parts.join(', ') : 'some notes';
}

/** The blocks of all parts within `budget`; when they cannot all fit, the last block says what was left out. */
export function fitToBudget(parts: Part[], budget: number): KnownBlock[] {
  const tables = parts.flatMap((p) => (p.kind === 'table' ? [p.rows] : []));
  const fixed = parts.reduce((n, p) => n + (p.kind === 'pieces' ? p.pieces.length : 0), 0);
  const alloc = allocate(tables, budget - fixed);
  let t = 0;
  const pieces = parts.flatMap((p) =>
    p.kind === 'pieces' ? p.pieces : tableWithin(p.rows, alloc[t++] ?? 1, budget),
  );
  if (pieces.length <= budget) return pieces.map((p) => p.block);
  const kept = pieces.slice(0, budget - 1);
  const left = pieces.slice(budget - 1);
  const closing: ContextBlock = {
    type: 'context',
    elements: [
      mrkdwn(
        `Not shown, to stay within Slack's limit of ${budget} blocks: ${describe(left)}. ` +
          'Use the pager or filters to see the rest.',
      ),
    ],
  };
  return [...kept.map((p) => p.block), closing];
}
