// Slack's escaping of typed text is undone before parsing, and the manifest asks Slack to escape channels.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromSlackText } from '../../adapters/slack/text.ts';
import { memoryApp } from '../fakes/app.ts';
import { shown, startSlack } from './harness.ts';

describe('fromSlackText', () => {
  it.each([
    [
      'invite <mailto:ana@example.com|ana@example.com> --member prod-eu',
      'invite ana@example.com --member prod-eu',
    ],
    [
      'case open prod-eu "see <https://status.example|status> &amp; &lt;logs&gt;"',
      'case open prod-eu "see status & <logs>"',
    ],
    [
      'settings approvals-channel <#C0APPROVE|approvals>',
      'settings approvals-channel <#C0APPROVE|approvals>',
    ],
    ['who admins prod-eu?', 'who admins prod-eu?'],
  ])('%s', (input, expected) => {
    expect(fromSlackText(input)).toBe(expected);
  });

  it('the manifest asks Slack to escape channels, users and links in /portal', () => {
    const manifest = JSON.parse(readFileSync('manifest.json', 'utf8'));
    expect(manifest.features.slash_commands[0].should_escape).toBe(true);
  });
});

describe('as Slack sends it', () => {
  it('an auto-linked email invites the person, and #channel sets the approvals channel', async () => {
    const app = memoryApp();
    const slack = await startSlack(app);
    try {
      await slack.slash('UALEX', 'invite <mailto:ana@example.com|ana@example.com> --member prod-eu');
      await slack.slash('UALEX', 'settings approvals-channel <#C0APPROVE|approvals>');
      const sent = await slack.waitForSent(2);
      expect(shown(sent[0])).toContain('Invited');
      expect(shown(sent[1])).toContain('C0APPROVE');
      expect((await app.data()).companies[0]?.settings.approvalsChannel.slack).toBe('C0APPROVE');
    } finally {
      await slack.close();
    }
  });
});
