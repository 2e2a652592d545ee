// Teams settings from the environment, in botbuilder's own names; unauthenticated local mode only when asked for (TEAMS_LOCAL=1).
import { z } from 'zod';

export type AppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';

export type TeamsConfig =
  /**
   * TEAMS_LOCAL=1 and no credential of any chat: botbuilder accepts unauthenticated traffic, so only this
   * machine may reach it, and only loopback service URLs are called.
   */
  | { local: true }
  | { local: false; appId: string; appPassword?: string; appType: AppType; tenantId?: string };

export type TeamsConfigResult =
  /** `note`: why Teams is off, for the start message. */
  { ok: true; config: TeamsConfig | null; note?: string } | { ok: false; problem: string };

/** The addresses that only this machine can reach. */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];

/** A URL only this machine can serve: http(s) to a loopback address (127.0.0.0/8, ::1, localhost). */
export function isLoopbackUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Where the bot may call: in local mode a loopback service URL only; with credentials never a loopback
 * one (only local mode could have stored it) and only over https, as the Bot Framework's always are.
 */
export function serviceUrlAllowed(url: string, local: boolean): boolean {
  if (local) return isLoopbackUrl(url);
  return url.startsWith('https://') && !isLoopbackUrl(url);
}

/** Production credentials of any chat: their presence rules out unauthenticated local mode. */
const PRODUCTION_CREDENTIALS = [
  'SLACK_SIGNING_SECRET',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'MicrosoftAppId',
  'MicrosoftAppPassword',
  'MicrosoftAppTenantId',
];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = z.preprocess(blankToUndefined, z.string().trim().optional());

const Env = z.object({
  PORTAL_TEAMS: z.enum(['0', '1'], { error: 'PORTAL_TEAMS must be 0 or 1' }).default('1'),
  TEAMS_LOCAL: z.preprocess(
    blankToUndefined,
    z.enum(['0', '1'], { error: 'TEAMS_LOCAL must be 0 or 1' }).default('0'),
  ),
  MicrosoftAppId: z.preprocess(
    blankToUndefined,
    z.string().trim().regex(GUID, 'MicrosoftAppId must be the bot app id (a GUID)').optional(),
  ),
  MicrosoftAppPassword: optional,
  MicrosoftAppType: z.preprocess(
    blankToUndefined,
    z
      .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'], {
        error: 'MicrosoftAppType must be MultiTenant, SingleTenant or UserAssignedMSI',
      })
      // Azure creates new bots as single-tenant (or with a managed identity); multi-tenant is for older ones.
      .default('SingleTenant'),
  ),
  MicrosoftAppTenantId: z.preprocess(
    blankToUndefined,
    z.string().trim().regex(GUID, 'MicrosoftAppTenantId must be a tenant id (a GUID)').optional(),
  ),
});

/** The variables read here, for .env.example and its test. */
export const TEAMS_VARIABLES = Object.keys(Env.shape);

/**
 * With MicrosoftAppId (and the password, or a managed identity) every request is authenticated by
 * botbuilder. Unauthenticated local mode (the Agents Playground) runs only when TEAMS_LOCAL=1 asks for it,
 * never next to a production credential of any chat, and only on a loopback HOST: anyone who can reach
 * it could claim to be anyone. Without either, Teams is off. PORTAL_TEAMS=0 turns it off whatever else is
 * set. Problems name the variable, never its value.
 */
export function loadTeamsConfig(env: NodeJS.ProcessEnv, host: string): TeamsConfigResult {
  const parsed = Env.safeParse(env);
  if (!parsed.success)
    return { ok: false, problem: parsed.error.issues[0]?.message ?? 'Teams settings are invalid' };
  const e = parsed.data;
  if (e.PORTAL_TEAMS === '0') return { ok: true, config: null };
  if (e.TEAMS_LOCAL === '1') {
    const credentials = PRODUCTION_CREDENTIALS.filter((k) => (env[k] ?? '').trim() !== '');
    if (credentials.length)
      return {
        ok: false,
        problem:
          `TEAMS_LOCAL=1 asks for unauthenticated local mode, but ${credentials.join(', ')} ${credentials.length === 1 ? 'is' : 'are'} ` +
          'set: local mode never runs next to a production credential. Unset TEAMS_LOCAL, or run the local ' +
          'playground without the production settings.',
      };
    if (!LOOPBACK_HOSTS.includes(host))
      return {
        ok: false,
        problem:
          `HOST is ${host}, but TEAMS_LOCAL=1 runs Teams in local mode, which accepts unauthenticated requests: ` +
          'it may listen on 127.0.0.1 only. Set HOST=127.0.0.1, or unset TEAMS_LOCAL and set the credentials ' +
          '(MicrosoftAppId, MicrosoftAppPassword).',
      };
    return { ok: true, config: { local: true } };
  }
  if (!e.MicrosoftAppId) {
    if (e.MicrosoftAppPassword || e.MicrosoftAppTenantId)
      return {
        ok: false,
        problem: 'MicrosoftAppPassword or MicrosoftAppTenantId is set but MicrosoftAppId is missing',
      };
    return {
      ok: true,
      config: null,
      note: 'Teams is off: no MicrosoftAppId (set the credentials, or TEAMS_LOCAL=1 on 127.0.0.1 to try it with the Agents Playground)',
    };
  }
  if (e.MicrosoftAppType !== 'UserAssignedMSI' && !e.MicrosoftAppPassword)
    return { ok: false, problem: 'MicrosoftAppPassword is missing (MicrosoftAppId is set)' };
  if (e.MicrosoftAppType !== 'MultiTenant' && !e.MicrosoftAppTenantId)
    return {
      ok: false,
      problem:
        `MicrosoftAppTenantId is missing (MicrosoftAppType is ${e.MicrosoftAppType}${env.MicrosoftAppType ? '' : ', the default'}): ` +
        'set the tenant the Azure bot is registered in, or MicrosoftAppType=MultiTenant for an older multi-tenant registration',
    };
  return {
    ok: true,
    config: {
      local: false,
      appId: e.MicrosoftAppId,
      appType: e.MicrosoftAppType,
      ...(e.MicrosoftAppPassword ? { appPassword: e.MicrosoftAppPassword } : {}),
      ...(e.MicrosoftAppTenantId ? { tenantId: e.MicrosoftAppTenantId } : {}),
    },
  };
}
