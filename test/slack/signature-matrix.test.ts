// A cheap run of the signature matrix (the full one, every payload kind, is signature-matrix.deep.test.ts): slash commands.
import { describe, expect, it } from 'vitest';
import { CASES } from './signature-cases.ts';
import { runMatrix } from './signature-matrix.ts';

describe('the Slack signature matrix, slash commands', () => {
  it(`every one of the ${CASES.length} cases: refused ones are a 401 that changes and sends nothing`, async () => {
    const r = await runMatrix('slash command', CASES);
    expect(r.accepted).toBe(CASES.filter((c) => c.accepted).length);
    expect(r.refused).toBeGreaterThan(35);
  }, 60_000);
});
