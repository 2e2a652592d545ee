// Teams settings: credentials authenticate every request; without them, local mode on loopback only, or no start.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadTeamsConfig } from '../../adapters/teams/config.ts';

const APP_ID = '3f0c2a9e-5b1d-4c7e-9a8f-1e2d3c4b5a69';
const TENANT_ID = '8d1e2f3a-4b5c-4d6e-8f70-91a2b3c4d5e6';
const SECRET = 'a-secret-value-never-echoed';

describe('Teams configuration', () => {
  it.each(['127.0.0.1', 'localhost', '::1'])('no credentials on %s: local mode', (host) => {
    expect(loadTeamsConfig({}, host)).toEqual({ ok: true, config: { local: true } });
  });

  it('no credentials on any other address: refuses, and says what to do', () => {
    const r = loadTeamsConfig({}, '0.0.0.0');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toContain('local mode');
    expect(!r.ok && r.problem).toContain('127.0.0.1');
    expect(!r.ok && r.problem).toContain('MicrosoftAppId');
  });

  it('PORTAL_TEAMS=0 turns Teams off, on any address', () => {
    expect(loadTeamsConfig({ PORTAL_TEAMS: '0' }, '0.0.0.0')).toEqual({ ok: true, config: null });
  });

  it('credentials: authenticated, on any address', () => {
    expect(
      loadTeamsConfig(
        { MicrosoftAppId: APP_ID, MicrosoftAppPassword: SECRET, MicrosoftAppType: 'MultiTenant' },
        '0.0.0.0',
      ),
    ).toEqual({
      ok: true,
      config: { local: false, appId: APP_ID, appPassword: SECRET, appType: 'MultiTenant' },
    });
    expect(
      loadTeamsConfig(
        {
          MicrosoftAppId: APP_ID,
          MicrosoftAppPassword: SECRET,
          MicrosoftAppType: 'SingleTenant',
          MicrosoftAppTenantId: TENANT_ID,
        },
        '0.0.0.0',
      ),
    ).toMatchObject({ ok: true, config: { appType: 'SingleTenant', tenantId: TENANT_ID } });
    expect(
      loadTeamsConfig(
        { MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT_ID },
        '0.0.0.0',
      ),
    ).toMatchObject({ ok: true, config: { appType: 'UserAssignedMSI' } });
  });

  it('new Azure registrations are single-tenant: that is the default, and it needs the tenant id', () => {
    const r = loadTeamsConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: SECRET }, '0.0.0.0');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toContain(
      'MicrosoftAppTenantId is missing (MicrosoftAppType is SingleTenant, the default)',
    );
    expect(!r.ok && r.problem).toContain('MicrosoftAppType=MultiTenant');
    expect(!r.ok && r.problem).not.toContain(SECRET);
    expect(
      loadTeamsConfig(
        { MicrosoftAppId: APP_ID, MicrosoftAppPassword: SECRET, MicrosoftAppTenantId: TENANT_ID },
        '0.0.0.0',
      ),
    ).toEqual({
      ok: true,
      config: {
        local: false,
        appId: APP_ID,
        appPassword: SECRET,
        appType: 'SingleTenant',
        tenantId: TENANT_ID,
      },
    });
  });

  it('blank values count as unset', () => {
    expect(loadTeamsConfig({ MicrosoftAppId: ' ', MicrosoftAppPassword: '' }, '127.0.0.1')).toEqual({
      ok: true,
      config: { local: true },
    });
  });

  it.each([
    [{ MicrosoftAppPassword: SECRET }, 'MicrosoftAppId is missing'],
    [{ MicrosoftAppId: APP_ID }, 'MicrosoftAppPassword is missing'],
    [{ MicrosoftAppId: 'my-bot', MicrosoftAppPassword: SECRET }, 'MicrosoftAppId must be'],
    [
      { MicrosoftAppId: APP_ID, MicrosoftAppPassword: SECRET, MicrosoftAppType: 'SingleTenant' },
      'MicrosoftAppTenantId is missing',
    ],
    [
      { MicrosoftAppId: APP_ID, MicrosoftAppPassword: SECRET, MicrosoftAppType: 'Personal' },
      'MicrosoftAppType must be',
    ],
    [{ PORTAL_TEAMS: 'no' }, 'PORTAL_TEAMS'],
  ])('an incomplete setup stops the start: %o', (env, problem) => {
    const r = loadTeamsConfig(env, '127.0.0.1');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toContain(problem);
    expect(JSON.stringify(r)).not.toContain(SECRET);
  });
});

describe('npm start with Teams', () => {
  const start = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/app/main.ts'], {
      env: { ...process.env, DATA_FILE: '/nonexistent/never-opened.json', ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });

  it('refuses to listen beyond this machine without credentials, before opening the store', () => {
    const r = start({ HOST: '0.0.0.0' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Teams configuration error');
    expect(r.stderr).toContain('127.0.0.1');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
