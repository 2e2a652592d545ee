// The image without a Docker daemon: the Dockerfile is read, its steps run here, and its CMD serves /healthz.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, startBot } from '../support/bot-process.ts';
import { copyOf, envOf, execForm, parseDockerfile, type Stage } from '../support/dockerfile.ts';
import { asUnprivileged, giveToUnprivileged } from '../support/unprivileged.ts';

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
    const app = dirs.get(final.name ?? `stage${stages.length - 1}`) ?? '';
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
});
