// docker-compose.yml without a Docker daemon: the file is parsed, its wiring checked, and the bot service is
// started here as compose would start it (its environment, its DATABASE_URL pointed at this machine's
// PostgreSQL) until the compose healthcheck itself passes against /readyz.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { createTestDatabase, type TestDatabase } from '../store/pg/database.ts';
import { ROOT, SOURCE_ENTRY, startBot } from '../support/bot-process.ts';
import { type FakeSlack, startFakeSlack } from './fake-slack-server.ts';

const Healthcheck = z.object({ test: z.array(z.string()).min(2) });
const Compose = z.object({
  services: z.object({
    bot: z.object({
      build: z.string(),
      environment: z.record(z.string(), z.union([z.string(), z.number()])),
      ports: z.array(z.string()),
      volumes: z.array(z.string()),
      depends_on: z.object({ postgres: z.object({ condition: z.literal('service_healthy') }) }),
      healthcheck: Healthcheck,
      stop_grace_period: z.string(),
    }),
    postgres: z.object({
      image: z.string(),
      environment: z.record(z.string(), z.string()),
      volumes: z.array(z.string()),
      healthcheck: Healthcheck,
    }),
  }),
  volumes: z.record(z.string(), z.unknown()),
});

const compose = Compose.parse(parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')));
const { bot, postgres } = compose.services;
/** Compose's `${NAME:-default}` with nothing set in the environment: the default. */
const interpolate = (s: string) => s.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');
const botEnv = Object.fromEntries(
  Object.entries(bot.environment).map(([k, v]) => [k, interpolate(String(v))]),
);

describe('docker-compose.yml', () => {
  it('builds the bot from this Dockerfile and points its DATABASE_URL at the postgres service, with matching credentials', () => {
    expect(bot.build).toBe('.');
    const url = new URL(botEnv.DATABASE_URL ?? '');
    const pgEnv = Object.fromEntries(
      Object.entries(postgres.environment).map(([k, v]) => [k, interpolate(v)]),
    );
    expect(url.protocol).toBe('postgres:');
    expect(url.hostname).toBe('postgres');
    expect(url.port).toBe('5432');
    expect(decodeURIComponent(url.username)).toBe(pgEnv.POSTGRES_USER);
    expect(decodeURIComponent(url.password)).toBe(pgEnv.POSTGRES_PASSWORD);
    expect(url.pathname).toBe(`/${pgEnv.POSTGRES_DB}`);
    expect(postgres.image).toMatch(/^postgres:15/);
  });

  it('publishes the port on loopback only (TLS goes in front), keeps both stores in named volumes, and waits for PostgreSQL', () => {
    expect(bot.ports.every((p) => p.startsWith('127.0.0.1:'))).toBe(true);
    expect(bot.ports.some((p) => p.endsWith(`:${botEnv.PORT}`))).toBe(true);
    const named = Object.keys(compose.volumes);
    for (const v of [...bot.volumes, ...postgres.volumes]) expect(named).toContain(v.split(':')[0]);
    expect(postgres.healthcheck.test.join(' ')).toContain('pg_isready');
    // The bot drains within 10 s of SIGTERM; compose must wait at least that long before SIGKILL.
    expect(Number.parseInt(bot.stop_grace_period, 10)).toBeGreaterThanOrEqual(10);
  });

  describe('the bot service, started as compose starts it', () => {
    let db: TestDatabase;
    let slack: FakeSlack;
    beforeAll(async () => {
      db = await createTestDatabase('compose');
      slack = await startFakeSlack([]);
    });
    afterAll(async () => {
      await slack?.close();
      await db?.drop();
    });

    it('migrates the database, serves the demo company from it, and passes its own compose healthcheck', async () => {
      const url = new URL(botEnv.DATABASE_URL ?? '');
      // The service name resolves to this machine's server, the database to a throwaway one.
      const local = new URL(db.url);
      url.hostname = local.hostname;
      url.username = local.username;
      url.password = local.password;
      url.pathname = local.pathname;
      const env = {
        ...botEnv,
        DATABASE_URL: url.toString(),
        HOST: '127.0.0.1',
        PORT: '0',
        // What `.env` would add: one chat, so that /readyz can answer ready.
        SLACK_SIGNING_SECRET: 'compose-signing-secret',
        SLACK_BOT_TOKEN: 'xoxb-compose',
        SLACK_API_URL: slack.apiUrl,
        PORTAL_TEAMS: '0',
      };
      const proc = startBot(SOURCE_ENTRY, env);
      try {
        const { port } = await proc.listening;
        const [cmd, ...args] = bot.healthcheck.test;
        expect(cmd).toBe('CMD');
        const [node, ...nodeArgs] = args;
        expect(node).toBe('node');
        const probe = nodeArgs.map((a) => a.replaceAll('127.0.0.1:3978', `127.0.0.1:${port}`));
        let status: number | null = 1;
        for (let i = 0; i < 60 && status !== 0; i++) {
          status = spawnSync(process.execPath, probe, { timeout: 10_000 }).status;
          if (status !== 0) await new Promise((r) => setTimeout(r, 500));
        }
        expect(status).toBe(0);
        const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
        expect(ready.status).toBe(200);
      } finally {
        proc.child.kill('SIGTERM');
      }
      expect((await proc.exited).code).toBe(0);
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const migrations = await client.query('SELECT count(*)::int AS n FROM pgmigrations');
        expect(migrations.rows[0].n).toBeGreaterThan(0);
        const companies = await client.query('SELECT count(*)::int AS n FROM companies');
        expect(companies.rows[0].n).toBe(1);
      } finally {
        await client.end();
      }
    }, 120_000);
  });
});
