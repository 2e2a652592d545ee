// Start and stop in a safe order: bind the port before touching the store, drain and release it on the way out.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { loadSlackConfig, type SlackConfig } from '../../adapters/slack/config.ts';
import { loadTeamsConfig, type TeamsConfig } from '../../adapters/teams/config.ts';
import { DOWNLOAD_PATH } from '../../adapters/teams/downloads.ts';
import { ACCEPT_PATH } from '../workflow/emails.ts';
import { acceptRoute } from './accept-link.ts';
import { type App, AppStartError, openApp, storeName } from './app.ts';
import type { ChatPort } from './chat-port.ts';
import type { Config } from './config.ts';
import { startDelivery } from './delivery.ts';
import { eventsHook } from './events-hook.ts';
import { errorText, eventLog } from './logger.ts';
import { smtpMailer } from './mailer.ts';
import type { SecurityLog } from './security-log.ts';
import { type Readiness, type Route, serve, storeReachable } from './server.ts';
import { signedLinks } from './signed-links.ts';

/** Everything must be stopped well inside the 10 s a container runtime waits before SIGKILL. */
export const DRAIN_MS = 8_000;

export type Chats = { slack: SlackConfig | null; teams: TeamsConfig | null };

export type StartResult = { ok: true; running: Running } | { ok: false; code: number; problem: string };

export type Running = {
  server: Server;
  port: number;
  chats: Chats;
  /** Stops accepting, finishes what is in flight, releases the store; says what could not be done. */
  stop(): Promise<{ clean: boolean; problems: string[] }>;
};

/** Chat settings from the environment, or the first problem (naming a variable, never a value). */
export function loadChats(
  env: NodeJS.ProcessEnv,
  host: string,
): { ok: true; chats: Chats; teamsNote?: string } | { ok: false; problem: string } {
  const slack = loadSlackConfig(env);
  if (!slack.ok) return { ok: false, problem: `Slack configuration error: ${slack.problem}` };
  const teams = loadTeamsConfig(env, host);
  if (!teams.ok) return { ok: false, problem: `Teams configuration error: ${teams.problem}` };
  return {
    ok: true,
    chats: { slack: slack.config, teams: teams.config },
    ...(teams.ok && teams.note ? { teamsNote: teams.note } : {}),
  };
}

const listen = (server: Server, port: number, host: string) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    // Keep-alive connections with no request under way would hold close() open.
    server.closeIdleConnections();
  });

/** `p`, marked as handled until someone awaits it: a start that fails first must not leave an unhandled rejection. */
const settledLater = <T>(p: Promise<T>): Promise<T> => {
  p.catch(() => undefined);
  return p;
};

/** Resolves when `p` settles or after `ms`, whichever is first; says which. */
const within = async (p: Promise<unknown>, ms: number): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((r) => {
    timer = setTimeout(() => r(false), ms);
  });
  try {
    return await Promise.race([p.then(() => true), late]);
  } finally {
    clearTimeout(timer);
  }
};

export async function startServer(
  config: Config,
  chats: Chats,
  logger: Logger,
  securityLog?: SecurityLog,
): Promise<StartResult> {
  const log = eventLog(logger);
  const routes: Record<string, Route> = {};
  let phase: 'starting' | 'ready' | 'stopping' = 'starting';
  let app: App | undefined;
  const readiness = async (): Promise<Readiness> => {
    if (phase !== 'ready' || !app) return { ready: false, reason: phase };
    if (!chats.slack && !chats.teams) return { ready: false, reason: 'no chat is configured' };
    return storeReachable(app.store);
  };
  const server = serve({ route: (p) => (phase === 'ready' ? routes[p] : undefined), readiness, log: logger });

  // The port first: a start that cannot listen must leave no store file behind.
  let port: number;
  try {
    port = await listen(server, config.port, config.host);
  } catch (e) {
    return { ok: false, code: 1, problem: `Cannot listen on ${config.host}:${config.port}: ${errorText(e)}` };
  }

  const stoppers: Array<{ name: string; stop(): Promise<void> }> = [];
  const fail = async (problem: string): Promise<StartResult> => {
    await closeServer(server);
    for (const s of stoppers.reverse()) await s.stop().catch(() => undefined);
    await app?.close().catch(() => undefined);
    return { ok: false, code: 1, problem };
  };

  // The adapters' code loads while the store opens: both wait on the disk at times, and a start is shorter
  // when one fills the other's waits. Each is loaded only when configured (botbuilder alone costs more than
  // all the rest); a failure to load is reported where it is awaited, below.
  const slackCode = chats.slack ? settledLater(import('../../adapters/slack/slack-app.ts')) : undefined;
  const teamsCode = chats.teams ? settledLater(import('../../adapters/teams/teams-app.ts')) : undefined;
  try {
    app = await openApp({
      dataFile: config.dataFile,
      databaseUrl: config.databaseUrl,
      demo: config.demo,
      logger,
      ...(securityLog ? { securityLog } : {}),
      reach: { email: config.mail !== undefined, links: config.links !== undefined },
    });
  } catch (e) {
    return fail(
      e instanceof AppStartError ? e.message : `Cannot open the store ${storeName(config)}: ${errorText(e)}`,
    );
  }

  const ports: ChatPort[] = [];
  if (chats.slack && slackCode) {
    const { createSlackAdapter } = await slackCode;
    const adapter = createSlackAdapter(app, chats.slack, { log, logger });
    if (adapter.route) routes['/slack/events'] = adapter.route;
    try {
      await adapter.start();
    } catch (e) {
      return fail(errorText(e));
    }
    stoppers.push({ name: 'Slack', stop: () => adapter.stop() });
    ports.push(adapter.port);
  }
  if (chats.teams && teamsCode) {
    const { createTeamsAdapter } = await teamsCode;
    const adapter = createTeamsAdapter(app, chats.teams, { log, links: signedLinks(config.links) });
    routes['/api/messages'] = adapter.route;
    if (adapter.downloads) routes[DOWNLOAD_PATH] = adapter.downloads;
    stoppers.push({ name: 'Teams', stop: () => adapter.stop() });
    ports.push(adapter.port);
  }
  // The outbox worker delivers notices and request cards through every configured chat, and runs the scheduler.
  const mailer = config.mail ? smtpMailer(config.mail) : undefined;
  // Stopped after the worker (stoppers run in reverse), so a message being sent is not cut off.
  if (mailer) stoppers.push({ name: 'email', stop: async () => mailer.close() });
  const links = signedLinks(config.links);
  const delivery = startDelivery({ store: app.store, clock: app.clock, ports, log, mailer, links });
  stoppers.push({ name: 'delivery', stop: () => delivery.stop() });
  if (links) routes[ACCEPT_PATH] = acceptRoute({ store: app.store, clock: app.clock, links });
  app.onChange(delivery.kick);
  if (config.eventsSecret)
    routes['/hooks/events'] = eventsHook(app, config.eventsSecret, { onQueued: delivery.kick });
  phase = 'ready';

  const opened = app;
  let stopping: Promise<{ clean: boolean; problems: string[] }> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      phase = 'stopping';
      const problems: string[] = [];
      const deadline = Date.now() + DRAIN_MS;
      const step = async (what: string, p: () => Promise<unknown>) => {
        try {
          if (!(await within(p(), Math.max(0, deadline - Date.now()))))
            problems.push(`${what}: still busy after ${DRAIN_MS / 1000} s`);
        } catch (e) {
          problems.push(`${what}: ${errorText(e)}`);
        }
      };
      await step('HTTP requests', () => closeServer(server));
      server.closeAllConnections();
      for (const s of [...stoppers].reverse()) await step(s.name, () => s.stop());
      await step('store', () => opened.close());
      return { clean: problems.length === 0, problems };
    })());
  return { ok: true, running: { server, port, chats, stop } };
}
