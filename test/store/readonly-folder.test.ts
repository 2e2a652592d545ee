// A store whose folder turns read-only while it is open, for real: as an unprivileged user when the suite
// runs as root (root ignores permission bits), never skipped.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const NOBODY = 65534;

describe('a folder that turns read-only', () => {
  it('changes are still made durable in the open journal; the snapshot waits, and closing says so, until it is writable', () => {
    const asRoot = process.getuid?.() === 0;
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'readonly-child.ts')],
      {
        encoding: 'utf8',
        // tsx keeps its cache under the temp folder and HOME; the unprivileged user gets its own.
        env: { PATH: process.env.PATH, HOME: '/tmp', TMPDIR: '/tmp' },
        ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}');
    expect(report.uid).not.toBe(0);
    expect(report.during).toBe('saved');
    expect(report.closed).toMatch(
      /^refused: .*last snapshot failed .*journal keeps every change.*removing the lock failed/,
    );
    expect(report.reopenedReadOnly).toMatch(/^refused: .*taking the lock/);
    expect(report.keys).toEqual(['during', 'kept']);
    expect(report.files).toEqual(['db.json', 'db.json.audit.jsonl', 'db.json.bak', 'db.json.journal']);
  });
});
