// Conversation references: kept for known members and mapped channels; a new one releases what waited for it.
import { describe, expect, it } from 'vitest';
import type { ConversationRef } from '../../src/app/chat-port.ts';
import { runOnce } from '../../src/app/delivery.ts';
import { memoryApp } from '../fakes/app.ts';
import { fakePort } from '../fakes/chat-port.ts';

const TENANT = '00000000-0000-0000-0000-0000000000001';
const personal: ConversationRef = {
  platform: 'teams',
  serviceUrl: 'https://smba.test/',
  tenantId: TENANT,
  conversationId: 'a:adele',
  botId: '28:bot',
  scope: 'personal',
};
const adele = {
  chat: 'teams' as const,
  tenantId: TENANT,
  aadObjectId: 'aad-adele',
  email: 'adelev@example.com',
};

describe('rememberConversation', () => {
  it('keeps a personal chat for a known member, writes once, and ignores strangers and foreign tenants', async () => {
    const app = memoryApp();
    expect(await app.rememberConversation(adele, personal)).toBe(true);
    expect(await app.rememberConversation(adele, personal)).toBe(false);
    expect(
      await app.rememberConversation(
        { ...adele, aadObjectId: 'x', email: 'nobody@example.com' },
        { ...personal, conversationId: 'a:x' },
      ),
    ).toBe(false);
    expect(await app.rememberConversation(adele, { ...personal, tenantId: 'elsewhere' })).toBe(false);
    const kept = (await app.data()).conversations;
    expect(kept).toEqual([
      {
        companyId: 'contoso',
        memberEmail: 'adelev@example.com',
        ref: personal,
        updatedAt: expect.any(String),
      },
    ]);
  });

  it('a message waiting for a member who was unreachable goes out as soon as their chat is known', async () => {
    const app = memoryApp();
    await app.say('meganb@example.com', 'grant infra-admin adelev@example.com prod-eu');
    const teams = fakePort('teams');
    teams.unreachable.add('adelev@example.com');
    await runOnce({ store: app.store, clock: app.clock, ports: [teams], log: () => {} });
    const waiting = (await app.data()).outbox.find(
      (x) => x.to.kind === 'member' && x.to.email === 'adelev@example.com',
    );
    expect(waiting?.status).toBe('pending');
    expect(waiting && waiting.nextAttemptAt > app.clock.now().toISOString()).toBe(true);
    await app.rememberConversation(adele, personal);
    teams.unreachable.delete('adelev@example.com');
    await runOnce({ store: app.store, clock: app.clock, ports: [teams], log: () => {} });
    expect(teams.textsTo('adelev@example.com').join()).toContain('Infra Admin of prod-eu');
  });
});
