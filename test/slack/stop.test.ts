// Stopping the Slack adapter waits for listeners still at work after Slack got its acknowledgement.
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/app.ts';
import { memoryApp } from '../fakes/app.ts';
import { type Harness, shown, startSlack } from './harness.ts';

let slack: Harness | undefined;
afterEach(async () => {
  await slack?.close();
});

describe('the Slack adapter, stopping', () => {
  it('lets a command acknowledged before the stop finish and answer, then resolves', async () => {
    const app = memoryApp();
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let started: () => void = () => {};
    const running = new Promise<void>((r) => {
      started = r;
    });
    const slow: App = {
      ...app,
      run: async (identity, input) => {
        started();
        await gate;
        return app.run(identity, input);
      },
    };
    slack = await startSlack(slow);
    const res = await slack.slash('UALEX', 'whoami');
    expect(res.status).toBe(200);
    await running;
    const h = slack;
    let answersWhenStopped: number | undefined;
    const stopped = h.stop().then(() => {
      answersWhenStopped = h.sent.length;
    });
    await new Promise((r) => setTimeout(r, 20));
    // The command is held: stop has not resolved.
    expect(answersWhenStopped).toBeUndefined();
    release();
    await stopped;
    // By the time stop resolved, the answer had reached Slack.
    expect(answersWhenStopped).toBe(1);
    expect(shown(h.sent[0])).toContain('Alex Wilber');
  });
});
