// `npm start` / `npm run start:prod`: configuration, logs, the server, and signals that stop it cleanly.
import { writeSync } from 'node:fs';
import { storeName } from './app.ts';
import { loadConfig } from './config.ts';
import { loadChats, type Running, startServer } from './lifecycle.ts';
import { createLogger, errorText, routeConsole, terminalDestination } from './logger.ts';

/** Before the logger exists, and for the last word: one plain line on stderr, never a stack. */
const say = (line: string) => writeSync(2, `${line}\n`);

const loaded = loadConfig();
if (!loaded.ok) {
  say(`Configuration error: ${loaded.problem}`);
  process.exit(2);
}
const { config } = loaded;
const chatConfig = loadChats(process.env, config.host);
if (!chatConfig.ok) {
  say(chatConfig.problem);
  process.exit(2);
}

const destination = await terminalDestination();
const logger = createLogger({ level: config.logLevel, ...(destination ? { destination } : {}) });
routeConsole(logger);
// Anything that escapes every handler is still one line and an exit, never a stack trace on the console.
process.on('uncaughtException', (e) => {
  logger.fatal({ event: 'uncaught-exception', error: errorText(e) }, 'uncaught-exception');
  process.exit(1);
});
process.on('unhandledRejection', (e) => {
  logger.fatal({ event: 'unhandled-rejection', error: errorText(e) }, 'unhandled-rejection');
  process.exit(1);
});

// Signals are heard from the start: one that comes while starting stops the server as soon as it runs.
let signalled: NodeJS.Signals | undefined;
let running: Running | undefined;
const stop = (server: Running, signal: NodeJS.Signals) => {
  logger.info({ event: 'stopping', signal }, `${signal}: stopping`);
  void server.stop().then(
    ({ clean, problems }) => {
      for (const p of problems) logger.error({ event: 'stop-problem' }, p);
      logger.info({ event: 'stopped', clean }, clean ? 'stopped' : 'stopped with problems');
      process.exit(clean ? 0 : 1);
    },
    (e: unknown) => {
      logger.error({ event: 'stop-failed', error: errorText(e) }, 'stop-failed');
      process.exit(1);
    },
  );
};
const onSignal = (signal: NodeJS.Signals) => {
  // The same signal often comes twice (a terminal's Ctrl-C reaches npm and node; `timeout` and systemd
  // signal the whole group): stopping is already bounded by DRAIN_MS, so a repeat changes nothing.
  if (signalled) return;
  signalled = signal;
  if (running) stop(running, signal);
};
process.on('SIGTERM', onSignal);
process.on('SIGINT', onSignal);

const started = await startServer(config, chatConfig.chats, logger);
if (!started.ok) {
  logger.error({ event: 'start-failed' }, started.problem);
  say(started.problem);
  process.exit(started.code);
}
running = started.running;
const { slack, teams } = running.chats;
const chats = [
  slack ? `Slack (${slack.appToken ? 'Socket Mode' : '/slack/events'})` : null,
  teams ? `Teams (/api/messages${teams.local ? ', local mode' : ''})` : null,
].filter(Boolean);
logger.info(
  {
    event: 'listening',
    pid: process.pid,
    port: running.port,
    store: storeName(config),
    chats,
    email: config.mail !== undefined,
    links: config.links !== undefined,
  },
  `Portal bot listening on http://${config.host}:${running.port} (health: /healthz, /readyz), store ${storeName(config)}; chats: ${chats.join(', ') || 'none configured (use npm run console)'}${config.eventsSecret ? '; events hook: POST /hooks/events' : ''}; email: ${config.mail ? 'on' : 'off (SMTP_URL not set)'}${config.links ? '; invitation links: GET /invitations/accept' : ''}`,
);
if (chatConfig.teamsNote) logger.info({ event: 'teams-off' }, `${chatConfig.teamsNote}.`);
if (teams?.local)
  logger.warn(
    { event: 'teams-local-mode' },
    'Teams runs in local mode (TEAMS_LOCAL=1): requests are not authenticated, so it answers on this machine only and calls loopback service URLs only (npm run playground to try it).',
  );

if (signalled) stop(running, signalled);
