// The image without a Docker daemon: the Dockerfile is read, its steps run here, and its CMD serves /healthz.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { admin, createTestDatabase } from '../store/pg/database.ts';
import { ROOT, startBot } from '../support/bot-process.ts';
import { copyOf, envOf, execForm, parseDockerfile, type Stage } from '../support/dockerfile.ts';
import { asUnprivileged, giveToUnprivileged } from '../support/unprivileged.ts';
import { type FakeSlack, signSlack, startFakeSlack } from './fake-slack-server.ts';

const stages = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const final = stages.at(-1) as Stage;
const stepsOf = (s: Stage, op: string) => s.steps.filter((x) => x.op === op).map((x) => x.args);
const last = (s: Stage, op: string) => stepsOf(s, op).at(-1);
const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('!'));

describe('the Dockerfile', () => {
  it('is multi-stage; the final stage takes production dependencies only, from an `npm ci --omit=dev` stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const copies = stepsOf(final, 'COPY').map(copyOf);
    const modules = copies.find((c) => c.dest.endsWith('node_modules'));
    const source = stages.find((s) => s.name === modules?.from);
    expect(source && stepsOf(source, 'RUN').some((r) => /npm ci\b.*--omit=dev/.test(r))).toBe(true);
    expect(stepsOf(final, 'RUN').some((r) => /npm (ci|install)/.test(r))).toBe(false);
  });

  it('runs as a non-root user, keeps its data in a volume, has a HEALTHCHECK and an exec-form node CMD', () => {
    expect(last(final, 'USER')).toMatch(/^(?!root$|0$)\S+$/);
    const volume = execForm(last(final, 'VOLUME') ?? '') ?? [];
    expect(volume.length).toBe(1);
    expect(envOf(final).DATA_FILE?.startsWith(`${volume[0]}/`)).toBe(true);
    expect(execForm(last(final, 'HEALTHCHECK') ?? '')?.[0]).toBe('node');
    const cmd = execForm(last(final, 'CMD') ?? '');
    expect(cmd?.[0]).toBe('node');
    expect(cmd?.some((a) => a.includes('tsx'))).toBe(false);
  });

  it('copies nothing that .dockerignore leaves out, and .dockerignore keeps secrets and local data out', () => {
    expect(ignored).toEqual(expect.arrayContaining(['.env', 'node_modules', 'data/db.json', '.git']));
    const fromContext = stages.flatMap((s) => stepsOf(s, 'COPY').map(copyOf)).filter((c) => !c.from);
    for (const c of fromContext)
      for (const src of c.sources) {
        expect(existsSync(join(ROOT, src)), src).toBe(true);
        expect(
          ignored.some((i) => src === i || src.startsWith(`${i}/`)),
          src,
        ).toBe(false);
      }
  });
});

describe('the image, built and run here', () => {
  let root = '';
  /** The final stage's folder: what `npm run build` made, with production dependencies only. */
  let app = '';
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('builds, installs production dependencies into a copy, and the CMD answers /healthz as an unprivileged user', async () => {
    root = await mkdtemp(join(tmpdir(), 'portal-image-'));
    chmodSync(root, 0o755);
    const dirs = new Map<string, string>();
    // WORKDIR /app of each stage is a folder of its own; `/app/x` in a COPY --from names that folder's x.
    const inStage = (stage: string, path: string) => join(dirs.get(stage) ?? '', relative('/app', path));
    for (const [i, stage] of stages.entries()) {
      const dir = join(root, stage.name ?? `stage${i}`);
      mkdirSync(dir, { recursive: true });
      dirs.set(stage.name ?? `stage${i}`, dir);
      const isFinal = stage === final;
      for (const step of stage.steps) {
        if (step.op === 'COPY') {
          const c = copyOf(step.args);
          for (const src of c.sources) {
            const from = c.from ? inStage(c.from, src) : join(ROOT, src);
            const to = c.dest.endsWith('/')
              ? join(dir, c.dest, src.split('/').at(-1) ?? '')
              : join(dir, c.dest);
            cpSync(from, to, { recursive: true, dereference: true });
          }
        } else if (step.op === 'RUN' && !isFinal) {
          if (/^npm ci\b/.test(step.args) && !step.args.includes('--omit=dev')) {
            // The full install is the one .ci/run already made from the same lockfile: linked, not repeated.
            symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
          } else {
            const cmd = step.args.replace(/^npm ci\b/, 'npm ci --prefer-offline');
            execFileSync('sh', ['-c', cmd], { cwd: dir, stdio: 'pipe', env: process.env });
          }
        }
      }
    }
    app = dirs.get(final.name ?? `stage${stages.length - 1}`) ?? '';
    // Production dependencies only, and the demo data beside the compiled code.
    for (const dev of ['tsx', 'typescript', 'vitest', 'pino-pretty'])
      expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
    expect(existsSync(join(app, 'node_modules', 'pino'))).toBe(true);
    expect(existsSync(join(app, 'dist', 'data', 'demo.json'))).toBe(true);
    // docs/deploy.md imports a company with the image's own node: that entry must be in the build.
    expect(existsSync(join(app, 'dist', 'src', 'app', 'import.js'))).toBe(true);

    const data = join(root, 'data');
    mkdirSync(data);
    await giveToUnprivileged(data);
    const [node, ...args] = execForm(last(final, 'CMD') ?? '') ?? [];
    const run = asUnprivileged(node === 'node' ? process.execPath : (node ?? ''), args);
    const env = {
      ...envOf(final),
      // Here: a free port, a temporary volume, and no Teams (the image listens on 0.0.0.0, which local mode refuses).
      PORT: '0',
      DATA_FILE: join(data, 'db.json'),
      PORTAL_TEAMS: '0',
    };
    const bot = startBot(run.args, env, { cmd: run.cmd, cwd: app });
    try {
      const { port } = await bot.listening;
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect([res.status, await res.json()]).toEqual([200, { status: 'ok' }]);
      const [hcNode, ...hcArgs] = execForm(last(final, 'HEALTHCHECK') ?? '') ?? [];
      expect(hcNode).toBe('node');
      const hc = spawnSync(process.execPath, hcArgs, { env: { PORT: String(port) } });
      expect(hc.status).toBe(0);
    } finally {
      bot.child.kill('SIGTERM');
    }
    expect((await bot.exited).code).toBe(0);
    expect(existsSync(join(data, 'db.json'))).toBe(true);
  }, 240_000);

  /** The CMD's entry, bundled (scripts/bundle.mjs), run in the image's folder with `env`; stopped by `run`'s end. */
  async function bundled<T>(env: Record<string, string>, run: (port: number) => Promise<T>): Promise<T> {
    expect(app, 'the image was built by the test before').not.toBe('');
    const [, ...args] = execForm(last(final, 'CMD') ?? '') ?? [];
    const bot = startBot(
      args,
      { ...envOf(final), HOST: '127.0.0.1', PORT: '0', PORTAL_TEAMS: '0', ...env },
      {
        cwd: app,
      },
    );
    try {
      return await run((await bot.listening).port);
    } finally {
      bot.child.kill('SIGTERM');
      expect((await bot.exited).code, bot.stderr()).toBe(0);
    }
  }

  const SECRET = 'image-signing-secret';
  const ALEX = { id: 'UALEX', email: 'alexw@example.com', team: 'T0000DEMO' };
  async function whoami(slack: FakeSlack, port: number, id: string): Promise<string> {
    const raw = new URLSearchParams({
      team_id: ALEX.team,
      channel_id: 'C1',
      user_id: ALEX.id,
      user_name: 'alexw',
      command: '/portal',
      text: 'whoami',
      api_app_id: 'A1',
      response_url: slack.responseUrl(id),
      trigger_id: `trigger.${id}`,
    }).toString();
    const ts = Math.floor(Date.now() / 1000);
    const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': signSlack(SECRET, ts, raw),
      },
      body: raw,
    });
    expect(res.status).toBe(200);
    for (let i = 0; i < 200 && slack.answers(id).length === 0; i++)
      await new Promise((r) => setTimeout(r, 25));
    return slack.answers(id).join('\n');
  }

  it('its bundled entry answers a signed Slack command about the demo company it found beside it', async () => {
    expect(existsSync(join(app, 'dist', 'src', 'app', 'chunks'))).toBe(true);
    const slack = await startFakeSlack([ALEX]);
    const data = await mkdtemp(join(tmpdir(), 'portal-image-slack-'));
    try {
      const answer = await bundled(
        {
          DATA_FILE: join(data, 'db.json'),
          SLACK_SIGNING_SECRET: SECRET,
          SLACK_BOT_TOKEN: 'xoxb-image',
          SLACK_API_URL: slack.apiUrl,
        },
        (port) => whoami(slack, port, 'json'),
      );
      expect(answer).toContain('Alex Wilber');
      expect(answer).toContain('Company Admin');
    } finally {
      await slack.close();
      await rm(data, { recursive: true, force: true });
    }
  }, 60_000);

  it('its bundled entry migrates a new PostgreSQL database from the migrations beside it, and answers on it', async () => {
    const db = await createTestDatabase('image');
    const slack = await startFakeSlack([ALEX]);
    const data = await mkdtemp(join(tmpdir(), 'portal-image-pg-'));
    try {
      const answer = await bundled(
        {
          DATABASE_URL: db.url,
          DATA_FILE: join(data, 'never.json'),
          SLACK_SIGNING_SECRET: SECRET,
          SLACK_BOT_TOKEN: 'xoxb-image',
          SLACK_API_URL: slack.apiUrl,
        },
        (port) => whoami(slack, port, 'pg'),
      );
      expect(answer).toContain('Alex Wilber');
      expect(existsSync(join(data, 'never.json'))).toBe(false);
      const migrated = await admin((c) => c.query('SELECT count(*)::int AS n FROM pgmigrations'), db.url);
      expect(migrated.rows[0]?.n).toBe(readdirSync(join(app, 'dist', 'migrations')).length);
    } finally {
      await slack.close();
      await db.drop();
      await rm(data, { recursive: true, force: true });
    }
  }, 60_000);
});
