// Slack: "how do I get access to dev-eu?" answers with a Request button; pressing it opens the request form as a
// modal whose submission is the request command.
import { afterEach, describe, expect, it } from 'vitest';
import { memoryApp } from '../fakes/app.ts';
import { type Harness, shown, startSlack } from './harness.ts';

let slack: Harness | undefined;
afterEach(async () => {
  await slack?.close();
  slack = undefined;
});

describe('how do I get access to X? on Slack', () => {
  it('the Request button opens the request form as a modal', async () => {
    slack = await startSlack(memoryApp());
    await slack.slash('UADELE', 'how do I get access to dev-eu?');
    const [answer] = await slack.waitForSent(1);
    expect(shown(answer)).toContain('To get access to *dev-eu*, ask for it with a reason.');
    expect(shown(answer)).toContain('Request access to dev-eu');
    await slack.press('UADELE', { name: 'get-access', args: { infra: 'dev-eu', form: 'true' } });
    const [, opened] = await slack.waitForSent(2);
    expect(opened?.path).toBe('views.open');
    const modal = JSON.parse(String(opened?.body.view)) as {
      title: { text: string };
      private_metadata: string;
    };
    expect(modal.title.text).toBe('Request access to dev-eu');
    expect(JSON.parse(modal.private_metadata)).toMatchObject({
      c: 'request',
      a: { kind: 'access', infra: 'dev-eu' },
      f: [
        ['reason', 'text'],
        ['for', 'text'],
      ],
    });
  });
});
