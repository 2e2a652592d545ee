// Teams' HTTP endpoint on our shared server: botbuilder's CloudAdapter authenticates each activity, then our turn logic runs.
import type { ServerResponse } from 'node:http';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { readBody } from '../../src/app/read-body.ts';
import type { Route } from '../../src/app/server.ts';
import { isLoopbackUrl, type TeamsConfig } from './config.ts';
import type { Connector, Log, TurnHandler } from './io.ts';
import { connector, turnIO } from './outbound.ts';

/** Teams activities are small; anything larger is not one. */
const MAX_BODY = 1024 * 1024;

export type BotEndpoint = { route: Route; connector: Connector };

export function createBotEndpoint(
  config: TeamsConfig,
  onTurn: TurnHandler,
  log: Log,
  timeoutMs?: number,
): BotEndpoint {
  // No app id: botbuilder's own local mode (no token checked or sent); config.ts allows it on loopback only.
  const auth = new ConfigurationBotFrameworkAuthentication(
    config.local
      ? {}
      : {
          MicrosoftAppId: config.appId,
          MicrosoftAppType: config.appType,
          ...(config.appPassword ? { MicrosoftAppPassword: config.appPassword } : {}),
          ...(config.tenantId ? { MicrosoftAppTenantId: config.tenantId } : {}),
        },
  );
  const adapter = new CloudAdapter(auth);

  const route: Route = async (req, res) => {
    if (req.method !== 'POST') return end(res, 405);
    const raw = await readBody(req, MAX_BODY);
    if (raw === null) return end(res, 413);
    let activity: unknown;
    try {
      activity = JSON.parse(raw);
    } catch {
      return end(res, 400);
    }
    // botbuilder throws on a body without these (a type, a channel, a service URL as text) rather than
    // answering: such a body is not an activity.
    const a = activity as { type?: unknown; channelId?: unknown; serviceUrl?: unknown } | null;
    if (typeof a?.type !== 'string' || typeof a.channelId !== 'string' || typeof a.serviceUrl !== 'string')
      return end(res, 400);
    // Local mode checks no token, so whoever posts names the service URL the bot then calls (and that
    // vouches for any email): only one on this machine is taken.
    const serviceUrl = (activity as { serviceUrl?: unknown }).serviceUrl;
    if (config.local && !(typeof serviceUrl === 'string' && isLoopbackUrl(serviceUrl))) {
      log('teams-request-refused', { status: 403, reason: 'local mode takes loopback service URLs only' });
      return end(res, 403);
    }
    // botbuilder fixes up the body it is given in place; our schemas read the activity as it came.
    const request = Object.assign(req, { body: structuredClone(activity) as Record<string, unknown> });
    const answer = new Answer();
    let reached = false;
    try {
      await adapter.process(request, answer, async (ctx) => {
        reached = true;
        // botbuilder binds a channel token's `serviceurl` claim to the activity; an emulator-style token has
        // none. Only an activity whose service URL its token vouches for is acted on, so the bot never calls
        // a service URL nobody authenticated.
        if (!config.local && !vouchedServiceUrl(ctx.turnState.get(ctx.adapter.BotIdentityKey), serviceUrl)) {
          answer.refused = 'the token does not vouch for the service URL';
          return;
        }
        try {
          await onTurn(activity, turnIO(ctx, timeoutMs));
        } catch (e) {
          // A bug in our turn logic: logged (message only: it never holds a token), answered with a 500.
          log('teams-turn-failed', { error: String((e as Error)?.message ?? e).slice(0, 300) });
          answer.failed = true;
        }
      });
    } catch (e) {
      answer.status(500).send(String((e as Error)?.message ?? e));
    }
    // Before our logic, botbuilder only authenticates: a token it could not verify (bad signature,
    // `alg: none`) surfaces as a plain error there, and is a refusal like any other.
    if (!reached && answer.code >= 500) answer.status(401);
    // botbuilder sets its own status once the turn ends; a refusal of ours outranks it.
    if (answer.refused) answer.status(401).send(answer.refused);
    if (answer.code === 401 || answer.code === 403)
      log('teams-request-refused', { status: answer.code, reason: answer.reason() });
    answer.writeTo(res);
  };

  return { route, connector: connector(adapter, config.local ? '' : config.appId, timeoutMs) };
}

/** The authenticated identity's `serviceurl` claim is the activity's service URL. */
function vouchedServiceUrl(identity: unknown, serviceUrl: unknown): boolean {
  const claims = (identity as { claims?: unknown } | undefined)?.claims;
  if (!Array.isArray(claims) || typeof serviceUrl !== 'string') return false;
  return claims.some(
    (c: { type?: unknown; value?: unknown }) => c?.type === 'serviceurl' && c.value === serviceUrl,
  );
}

/** What botbuilder's `process` needs of a response (status, header, send, end), written once at the end. */
class Answer {
  /** Only streaming (web socket) connections use it; this endpoint is plain HTTP. */
  readonly socket = null;
  code = 200;
  failed = false;
  /** Our own refusal after botbuilder authenticated the token (why, for the log). */
  refused: string | undefined;
  private body: unknown;
  status(code: number): this {
    this.code = code;
    return this;
  }
  header(_name: string, _value: unknown): this {
    return this;
  }
  send(body?: unknown): this {
    this.body = body;
    return this;
  }
  end(): void {}
  /** botbuilder puts its own error text in the body of a refusal; it is logged, never echoed. */
  reason(): string {
    return typeof this.body === 'string' ? this.body.slice(0, 200) : '';
  }
  writeTo(res: ServerResponse) {
    if (res.headersSent) return;
    const status = this.failed ? 500 : this.code;
    if (status >= 400 || this.body === undefined || this.body === null) return end(res, status);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(this.body));
  }
}

function end(res: ServerResponse, status: number) {
  if (res.headersSent) return;
  res.writeHead(status);
  res.end();
}
