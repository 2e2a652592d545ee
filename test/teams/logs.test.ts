// botbuilder's own console output goes through the logger: one JSON line with the request id, no stack trace.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SOURCE_ENTRY, STACK, startBot } from '../support/bot-process.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('the server with Teams credentials', () => {
  it('a request with a token botbuilder refuses: its console.error becomes a JSON line of that request', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'portal-teams-logs-'));
    dirs.push(dir);
    const bot = startBot(SOURCE_ENTRY, {
      DATA_FILE: join(dir, 'db.json'),
      MicrosoftAppId: '3f0c2a9e-5b1d-4c7e-9a8f-1e2d3c4b5a69',
      MicrosoftAppPassword: 'a-secret-value-never-logged',
      MicrosoftAppTenantId: '8d1e2f3a-4b5c-4d6e-8f70-91a2b3c4d5e6',
    });
    try {
      const { port } = await bot.listening;
      const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: 'Bearer abc.def.ghi',
          'x-request-id': 'r-teams-1',
        },
        body: JSON.stringify({
          type: 'message',
          id: '1',
          channelId: 'msteams',
          serviceUrl: 'https://smba.trafficmanager.net/amer/',
          from: { id: '29:x' },
          conversation: { id: 'a' },
          recipient: { id: '28:b' },
          text: 'grant company-admin me',
        }),
      });
      expect(res.status).toBe(401);
    } finally {
      bot.child.kill('SIGTERM');
      await bot.exited;
    }
    const lines = bot.lines();
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'error', source: 'console', requestId: 'r-teams-1' }),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({ event: 'teams-request-refused', status: 401, requestId: 'r-teams-1' }),
    );
    // Everything on stdout is JSON; nothing leaks: no stack, no secret, no message text.
    for (const l of bot.stdout().trim().split('\n')) expect(() => JSON.parse(l)).not.toThrow();
    const all = bot.stdout() + bot.stderr();
    expect(all).not.toMatch(STACK);
    expect(all).not.toContain('a-secret-value-never-logged');
    expect(all).not.toContain('grant company-admin me');
  });
});
