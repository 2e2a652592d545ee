// Slack exports: the CSV goes to the caller's DM through files.uploadV2, and the answer says so only when it did.
import { afterEach, describe, expect, it } from 'vitest';
import { memoryApp } from '../fakes/app.ts';
import { FILES, type Harness, shown, startSlack } from './harness.ts';

let slack: Harness | undefined;
afterEach(async () => {
  await slack?.close();
  slack = undefined;
});

describe('team --export csv on Slack', () => {
  it('uploads the file to the caller’s direct messages and says where it went', async () => {
    slack = await startSlack(memoryApp());
    await slack.slash('UADELE', 'team --export csv');
    const sent = await slack.waitForSent(4);
    const ask = sent.find((s) => s.path === 'files.getUploadURLExternal');
    expect(ask?.body.filename).toBe('team-contoso-2026-11-28.csv');
    const bytes = sent.find((s) => s.path.startsWith('/upload/'));
    // The same export in the core, byte for byte: that is what was uploaded, and its length was announced.
    const csv =
      (await memoryApp().say('adelev@example.com', 'team --export csv')).outcome.reply.file?.content ?? '';
    expect(csv).toContain('adelev@example.com');
    expect(String(bytes?.body.content)).toContain(csv);
    expect(Number(ask?.body.length)).toBe(Buffer.byteLength(csv));
    const done = sent.find((s) => s.path === 'files.completeUploadExternal');
    // The DM conversations.open gave for Adele, never the channel the command was typed in.
    expect(done?.body.channel_id).toBe('D-UADELE');
    const answer = sent.find((s) => s.path.startsWith('/commands/'));
    expect(shown(answer)).toContain('in *team-contoso-2026-11-28.csv*');
    expect(shown(answer)).toContain(
      'Uploaded *team-contoso-2026-11-28.csv* to your direct messages with me.',
    );
    expect(FILES).toMatch(/^http:/);
  });

  it('says nothing was shared when Slack refuses the upload, and never "Uploaded"', async () => {
    slack = await startSlack(memoryApp(), { api: { retries: 0 } });
    slack.faults['files.getUploadURLExternal'] = [{ status: 500, times: 1 }];
    await slack.slash('UADELE', 'team --export csv');
    const sent = await slack.waitForSent(1);
    const answer = sent.find((s) => s.path.startsWith('/commands/'));
    expect(shown(answer)).toContain('Slack did not take team-contoso-2026-11-28.csv');
    expect(shown(answer)).toContain('nothing was shared');
    expect(shown(answer)).not.toContain('Uploaded');
    expect(sent.some((s) => s.path === 'files.completeUploadExternal')).toBe(false);
    expect(
      slack.logs.some((l) => l.event === 'slack-api-failed' && l.detail?.method === 'files.uploadV2'),
    ).toBe(true);
  });

  it('uploads nothing for someone refused the export', async () => {
    slack = await startSlack(memoryApp());
    await slack.slash('UNESTOR', 'audit --export csv');
    const sent = await slack.waitForSent(1);
    expect(shown(sent[0])).toContain("You can't do that");
    expect(slack.calls['files.getUploadURLExternal'] ?? 0).toBe(0);
  });
});
