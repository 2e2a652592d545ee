// Teams settings from the environment, in botbuilder's own names; without an app id, local mode on loopback only.
import { z } from 'zod';

export type AppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';

export type TeamsConfig =
  /** No MicrosoftAppId: botbuilder accepts unauthenticated traffic, so only this machine may reach it. */
  | { local: true }
  | { local: false; appId: string; appPassword?: string; appType: AppType; tenantId?: string };

export type TeamsConfigResult = { ok: true; config: TeamsConfig | null } | { ok: false; problem: string };

/** The addresses that only this machine can reach. */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = z.preprocess(blankToUndefined, z.string().trim().optional());

const Env = z.object({
  PORTAL_TEAMS: z.enum(['0', '1'], { error: 'PORTAL_TEAMS must be 0 or 1' }).default('1'),
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
 * Teams is on unless PORTAL_TEAMS=0. With MicrosoftAppId (and the password, or a managed identity) every
 * request is authenticated by botbuilder; without, the bot runs in local mode and refuses any HOST but a
 * loopback address, since anyone who can reach it could claim to be anyone. Problems name the variable,
 * never its value.
 */
export function loadTeamsConfig(env: NodeJS.ProcessEnv, host: string): TeamsConfigResult {
  const parsed = Env.safeParse(env);
  if (!parsed.success)
    return { ok: false, problem: parsed.error.issues[0]?.message ?? 'Teams settings are invalid' };
  const e = parsed.data;
  if (e.PORTAL_TEAMS === '0') return { ok: true, config: null };
  if (!e.MicrosoftAppId) {
    if (e.MicrosoftAppPassword || e.MicrosoftAppTenantId)
      return {
        ok: false,
        problem: 'MicrosoftAppPassword or MicrosoftAppTenantId is set but MicrosoftAppId is missing',
      };
    if (!LOOPBACK_HOSTS.includes(host))
      return {
        ok: false,
        problem:
          `HOST is ${host}, but Teams has no credentials (MicrosoftAppId, MicrosoftAppPassword) and so runs in local ` +
          'mode, which accepts unauthenticated requests: it may listen on 127.0.0.1 only. Set the credentials, ' +
          'or HOST=127.0.0.1, or PORTAL_TEAMS=0 to run without Teams.',
      };
    return { ok: true, config: { local: true } };
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
