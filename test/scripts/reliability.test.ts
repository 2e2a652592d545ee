// The README's Reliability section is generated: its table is exactly what its recorded figures say, from a run that passed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BEGIN,
  END,
  type Figure,
  normalized,
  type RunSummary,
  renderSection,
  replaceSection,
  sectionData,
} from '../../scripts/reliability-section.ts';

const run: RunSummary = {
  passed: 10,
  failed: 0,
  skipped: 0,
  at: '2026-11-28T12:00:00.000Z',
  files: ['a.deep.test.ts'],
};
const figures: Figure[] = [
  {
    name: 'concurrency',
    deep: true,
    approvers: 20,
    trials: 200,
    approved: 150,
    denied: 50,
    decisionsPerRequest: 1,
    acceptedPresses: 900,
  },
  { name: 'endpoints.hooks', deep: true, bodies: 2000, statuses: { '400': 2000 }, fiveHundreds: 0 },
  { name: 'something-new', deep: true, runs: 5, note: 'a -- b | c' },
];

describe('the Reliability section', () => {
  it('is written from the figures, and read back to the same figures', () => {
    const section = renderSection(figures, run);
    expect(section).toContain('| Concurrent approvers | 20 approvers at once × 200 trials');
    expect(section).toContain('2,000 generated bodies');
    expect(section).toContain('runs: 5; note: a -- b \\| c');
    const readme = replaceSection('# Title\n\nText.\n', section);
    expect(readme).toContain('## Reliability');
    expect(sectionData(readme)).toEqual({ figures, run, section });
    // Written again, it replaces itself rather than adding a second one.
    const again = replaceSection(readme, renderSection(figures.slice(0, 1), run));
    expect(again.split(BEGIN)).toHaveLength(2);
    expect(sectionData(again)?.figures).toEqual(figures.slice(0, 1));
  });

  it('an HTML comment cannot be closed early by what a figure holds', () => {
    const section = renderSection([{ name: 'x', deep: true, s: '--> <!-- --' }], run);
    const inner = section.slice(section.indexOf('<!-- reliability:data'), section.indexOf(END));
    expect(inner.match(/-->/g)).toHaveLength(1);
  });

  it('in the README: generated from a deep run that passed, with every figure this suite promises', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const data = sectionData(readme);
    expect(data, 'README.md has no generated Reliability section: run npm run reliability').not.toBeNull();
    if (!data) return;
    // Nobody edited the table by hand: it is exactly what its own figures render to.
    expect(normalized(data.section)).toBe(normalized(renderSection(data.figures, data.run)));
    expect(data.run.failed).toBe(0);
    expect(data.figures.every((f) => f.deep)).toBe(true);
    const names = data.figures.map((f) => f.name);
    for (const name of ['hostile', 'signatures', 'concurrency', 'faults']) expect(names).toContain(name);
    expect(names.filter((x) => x.startsWith('endpoints.')).length).toBeGreaterThanOrEqual(8);
    for (const f of data.figures.filter((x) => x.name.startsWith('endpoints.'))) {
      expect(f.bodies).toBeGreaterThanOrEqual(300);
      expect(f.fiveHundreds).toBe(0);
    }
    const hostile = data.figures.find((f) => f.name === 'hostile');
    expect(hostile?.strings).toBeGreaterThanOrEqual(40);
    expect(hostile?.problems).toBe(0);
    const race = data.figures.find((f) => f.name === 'concurrency');
    expect(race).toMatchObject({ approvers: 20, trials: 200, decisionsPerRequest: 1 });
  });
});
