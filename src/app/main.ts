// `npm start`: open the store (with the demo company on first run), mount the chat adapters and serve HTTP.
import { loadSlackConfig } from '../../adapters/slack/config.ts';
import { createSlackAdapter } from '../../adapters/slack/slack-app.ts';
import { loadTeamsConfig } from '../../adapters/teams/config.ts';
import { createTeamsAdapter } from '../../adapters/teams/teams-app.ts';
import { AppStartError, openApp, storeName } from './app.ts';
import type { ChatPort } from './chat-port.ts';
import { loadConfig } from './config.ts';
import { startDelivery } from './delivery.ts';
import { eventsHook } from './events-hook.ts';
import { createHttpServer, type Route } from './server.ts';

const fail = (code: number, message: string): never => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};

const loaded = loadConfig();
if (!loaded.ok) fail(2, `Configuration error: ${loaded.problem}`);
const slack = loadSlackConfig(process.env);
if (!slack.ok) fail(2, `Slack configuration error: ${slack.problem}`);
const config = loaded.ok ? loaded.config : fail(2, 'unreachable');
const slackConfig = slack.ok ? slack.config : null;
const teams = loadTeamsConfig(process.env, config.host);
if (!teams.ok) fail(2, `Teams configuration error: ${teams.problem}`);
const teamsConfig = teams.ok ? teams.config : null;

/** Operational events as JSON lines on stderr; callers pass codes and reasons, never tokens or bodies. */
const log = (event: string, detail: Record<string, unknown> = {}) =>
  process.stderr.write(`${JSON.stringify({ at: new Date().toISOString(), event, ...detail })}\n`);

try {
  const app = await openApp({
    dataFile: config.dataFile,
    databaseUrl: config.databaseUrl,
    demo: config.demo,
  });
  const routes: Record<string, Route> = {};
  const adapters: Array<{ stop(): Promise<void> }> = [];
  const ports: ChatPort[] = [];
  if (slackConfig) {
    const adapter = createSlackAdapter(app, slackConfig, { log });
    if (adapter.route) routes['/slack/events'] = adapter.route;
    await adapter.start();
    adapters.push(adapter);
    ports.push(adapter.port);
  }
  if (teamsConfig) {
    const adapter = createTeamsAdapter(app, teamsConfig, { log });
    routes['/api/messages'] = adapter.route;
    ports.push(adapter.port);
  }
  // The outbox worker delivers notices and request cards through every configured chat, and runs the scheduler.
  const delivery = startDelivery({ store: app.store, clock: app.clock, ports, log });
  adapters.push(delivery);
  app.onChange(delivery.kick);
  if (config.eventsSecret)
    routes['/hooks/events'] = eventsHook(app, config.eventsSecret, { onQueued: delivery.kick });
  const server = createHttpServer(app, routes);
  server.on('error', (e) => {
    process.stderr.write(`Cannot listen on ${config.host}:${config.port}: ${e.message}\n`);
    void app.close().then(() => process.exit(1));
  });
  server.listen(config.port, config.host, () => {
    const chats = [
      slackConfig ? `Slack (${slackConfig.appToken ? 'Socket Mode' : '/slack/events'})` : null,
      teamsConfig ? `Teams (/api/messages${teamsConfig.local ? ', local mode' : ''})` : null,
    ].filter(Boolean);
    process.stdout.write(
      `Portal bot listening on http://${config.host}:${config.port} (health: /healthz), store ${storeName(config)}; chats: ${chats.join(', ') || 'none configured (use npm run console)'}\n`,
    );
    if (teamsConfig?.local)
      process.stdout.write(
        'Teams runs in local mode: no MicrosoftAppId, so requests are not authenticated; it answers on this machine only (npm run playground to try it).\n',
      );
  });
  const stop = () => {
    server.close();
    void Promise.all(adapters.map((a) => a.stop()))
      .then(() => app.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  if (e instanceof AppStartError) fail(1, e.message);
  throw e;
}
