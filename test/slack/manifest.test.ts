// The Slack app manifest and the code agree: every command, event and scope the code uses is declared, and no more.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSlackConfig } from '../../adapters/slack/config.ts';
import { FORM_CALLBACK_ID } from '../../adapters/slack/render/modal.ts';
import { HANDLED_EVENTS, SLASH_COMMAND } from '../../adapters/slack/slack-app.ts';

const manifest = JSON.parse(readFileSync('manifest.json', 'utf8'));
const source = readdirSync('adapters/slack', { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(join('adapters/slack', f), 'utf8'))
  .join('\n');

/** The bot scopes each Web API method and event needs (api.slack.com method and event pages). */
const SCOPES: Record<string, string[]> = {
  'users.info': ['users:read', 'users:read.email'],
  'chat.postMessage': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  'views.open': [],
  'conversations.open': ['im:write'],
  'users.lookupByEmail': ['users:read.email'],
  'views.publish': [],
  // Exports, uploaded to the caller's direct messages with the bot.
  'files.uploadV2': ['files:write'],
  // The bot token's own workspace, at start; no scope needed.
  'auth.test': [],
  app_mention: ['app_mentions:read'],
  'message.im': ['im:history'],
  app_home_opened: [],
  slash: ['commands'],
};

describe('manifest.json', () => {
  it('declares exactly the slash command the code handles', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([
      SLASH_COMMAND,
    ]);
    expect(source).toContain('bolt.command(SLASH_COMMAND');
  });

  it('subscribes to exactly the events the code listens to', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...HANDLED_EVENTS].sort());
    for (const e of HANDLED_EVENTS) {
      const listened = e === 'message.im' ? 'bolt.message(' : `bolt.event('${e}'`;
      expect(source).toContain(listened);
    }
  });

  it('enables interactivity (buttons and the modal) and the Home tab the code serves', () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(source).toContain('bolt.action(ACTION_ID_PATTERN');
    expect(source).toContain('bolt.view(FORM_CALLBACK_ID');
    expect(FORM_CALLBACK_ID).toBe('portal:form');
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it('asks for exactly the bot scopes the calls need', () => {
    const methods = [...source.matchAll(/client\.(\w+)\.(\w+)\(/g)].map((m) => `${m[1]}.${m[2]}`);
    expect(methods.length).toBeGreaterThan(3);
    const needed = new Set<string>(SCOPES.slash);
    for (const m of methods) {
      const s = SCOPES[m];
      if (!s) throw new Error(`no scope entry for ${m}: add it to SCOPES and to manifest.json`);
      for (const x of s) needed.add(x);
    }
    for (const e of HANDLED_EVENTS) for (const x of SCOPES[e] ?? []) needed.add(x);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });

  it('points every URL at /slack/events on the shared server', () => {
    const urls = [
      ...manifest.features.slash_commands.map((c: { url: string }) => c.url),
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ];
    for (const u of urls) expect(new URL(u).pathname).toBe('/slack/events');
  });
});

describe('Socket Mode', () => {
  it('with an app-level token the adapter serves no HTTP route (Bolt keeps a socket instead)', async () => {
    const { createSlackAdapter } = await import('../../adapters/slack/slack-app.ts');
    const { memoryApp } = await import('../fakes/app.ts');
    const adapter = createSlackAdapter(
      memoryApp(),
      { signingSecret: 's', botToken: 'xoxb-1', appToken: 'xapp-1' },
      { log: () => {}, botId: 'B', botUserId: 'U' },
    );
    expect(adapter.route).toBeNull();
  });
});

describe('Slack configuration', () => {
  it('is off when no Slack variable is set', () => {
    expect(loadSlackConfig({})).toEqual({ ok: true, config: null });
  });

  it.each([
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET is missing'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: '   ' }, 'SLACK_SIGNING_SECRET is blank'],
    [{ SLACK_SIGNING_SECRET: 's' }, 'SLACK_BOT_TOKEN is missing'],
    [{ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxp-user' }, 'bot token'],
    [{ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' }, 'app-level token'],
  ])('an incomplete Slack setup stops the start: %o', (env, problem) => {
    const r = loadSlackConfig(env);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toContain(problem);
    expect(JSON.stringify(r)).not.toContain('xoxb-1');
  });

  it('SLACK_API_URL overrides the Web API base, with its trailing slash', () => {
    const r = loadSlackConfig({
      SLACK_SIGNING_SECRET: 's',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_API_URL: 'http://proxy.local/api',
    });
    expect(r).toMatchObject({ ok: true, config: { apiUrl: 'http://proxy.local/api/' } });
  });
});
