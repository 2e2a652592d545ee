// Slack: each command family through signed HTTP requests, answered the way Slack shows them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryApp, type TestApp } from '../fakes/app.ts';
import { type Harness, shown, startSlack } from './harness.ts';

let app: TestApp;
let slack: Harness;
beforeEach(async () => {
  app = memoryApp();
  slack = await startSlack(app);
});
afterEach(async () => {
  await slack.close();
});

describe('the /portal slash command', () => {
  it('acknowledges at once and answers privately on the response_url', async () => {
    const res = await slack.slash('UALEX', 'whoami');
    expect(res.status).toBe(200);
    const [answer] = await slack.waitForSent(1);
    expect(answer?.path).toMatch(/^\/commands\//);
    expect(answer?.body.response_type).toBe('ephemeral');
    expect(shown(answer)).toContain('Alex Wilber');
  });

  it('team pages with Next and Previous buttons instead of truncating', async () => {
    await slack.slash('UALEX', 'team');
    const [answer] = await slack.waitForSent(1);
    expect(shown(answer)).toContain('Page 1 of 2');
    expect(shown(answer)).toContain('Next');
  });

  it('who admins answers with the infrastructure’s admins', async () => {
    await slack.slash('UADELE', 'who admins prod-eu?');
    const [answer] = await slack.waitForSent(1);
    expect(shown(answer)).toContain('Megan Bowen');
  });

  it('a grant changes the store and says so', async () => {
    await slack.slash('UMEGAN', 'grant infra-admin adelev@example.com prod-eu');
    const [answer] = await slack.waitForSent(1);
    expect(shown(answer)).toContain('Infra Admin of prod-eu');
    const adele = (await app.data()).companies[0]?.members.find((m) => m.email === 'adelev@example.com');
    expect(adele?.roles['prod-eu']).toBe('admin');
  });

  it('a denial is a friendly private message naming who could do it', async () => {
    await slack.slash('UADELE', 'grant infra-admin adelev@example.com prod-eu');
    const [answer] = await slack.waitForSent(1);
    expect(answer?.body.response_type).toBe('ephemeral');
    expect(shown(answer)).toContain("You can't do that");
    expect(shown(answer)).toContain('Megan Bowen');
  });

  it('invite with no email opens the "Add team member" modal within the trigger', async () => {
    await slack.slash('UALEX', 'invite', { trigger: 'trig.form.1' });
    const [opened] = await slack.waitForSent(1);
    expect(opened?.path).toBe('views.open');
    expect(opened?.body.trigger_id).toBe('trig.form.1');
    const modal = JSON.parse(String(opened?.body.view));
    expect(modal.type).toBe('modal');
    expect(modal.callback_id).toBe('portal:form');
    expect(JSON.stringify(modal.blocks)).toContain('role:prod-eu');
  });

  it.each([
    ['slots prod-eu', 'UMEGAN', 'environment slots used'],
    ['license dev-eu', 'UALEX', 'Expires on'],
    ['cases', 'UADELE', 'CS-1001'],
    ['security-contacts', 'UALEX', '+44 20 7946 0958'],
    ['audit verify', 'UALEX', 'audit chain holds'],
    ['help', 'UADELE', 'for its commands'],
    ['help people', 'UADELE', 'who admins [INFRA]'],
  ])('%s answers as the core does', async (line, user, expected) => {
    await slack.slash(user, line);
    const [answer] = await slack.waitForSent(1);
    expect(shown(answer)).toContain(expected);
  });
});
