// End to end in a real browser: `npm start` in local mode, Microsoft's Agents Playground, headless Chromium typing and pressing.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** Starts a child in its own process group (so it and its children can be stopped together); resolves on `ready`. */
function start(cmd: string, args: string[], env: Record<string, string>, ready: RegExp) {
  const child = spawn(cmd, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  const seen = new Promise<string>((resolve, reject) => {
    const onData = (b: Buffer) => {
      out += String(b);
      const m = out.match(ready);
      if (m) resolve(m[1] ?? m[0]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${cmd} exited (${code}): ${out.slice(-2000)}`)));
    setTimeout(() => reject(new Error(`${cmd} not ready in 60 s: ${out.slice(-2000)}`)), 60_000).unref();
  });
  return { child, seen, output: () => out };
}

/** Stops a process group and waits for it: the bot writes its last snapshot on the way out. */
const stop = async (child: ChildProcess | undefined) => {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    setTimeout(resolve, 15_000).unref();
  });
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
  await exited;
};

// Never skipped: without Chromium this fails and says how to install it (.ci/run installs it).
describe('the Agents Playground against the bot', () => {
  let dir = '';
  let bot: ReturnType<typeof start> | undefined;
  let playground: ReturnType<typeof start> | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    if (!hasChromium) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium`);
    dir = await mkdtemp(join(tmpdir(), 'portal-playground-'));
    const port = await freePort();
    bot = start(
      process.execPath,
      ['--import', 'tsx', 'src/app/main.ts'],
      {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_FILE: join(dir, 'db.json'),
        PORTAL_DEMO: '1',
        MicrosoftAppId: '',
        TEAMS_LOCAL: '1',
      },
      /listening/,
    );
    await bot.seen;
    expect(bot.output()).toContain('local mode');
    playground = start(
      process.execPath,
      [
        'node_modules/@microsoft/m365agentsplayground/cli.js',
        '-e',
        `http://127.0.0.1:${port}/api/messages`,
        '-c',
        'msteams',
        '-p',
        String(await freePort()),
        '--dt',
      ],
      {},
      /Listening on (\d+)/,
    );
    const pgPort = await playground.seen;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-quic',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`http://127.0.0.1:${pgPort}`, { waitUntil: 'load' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close().catch(() => {});
    await stop(playground?.child);
    await stop(bot?.child);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const say = async (text: string) => {
    const box = page.getByRole('textbox');
    await box.click();
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
  };

  it('Alex Wilber (the playground’s default user) asks for the team, gets the card, and turns its page', async () => {
    await say('team');
    await expect.poll(() => page.getByText('Contoso team').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.getByText('Page 1 of 2').first().waitFor();
    await page.getByRole('button', { name: 'Next' }).first().click();
    await page.getByText('Page 2 of 2').first().waitFor();
    // The second page lists the pending invitations: the card was updated in place.
    await page
      .getByText(/Nestor Wilke/)
      .first()
      .waitFor();
  }, 90_000);

  it('invites someone through the form; the form card becomes the result in place', async () => {
    await say('invite');
    await page.getByPlaceholder('ana@example.com').last().fill('ana@example.com');
    await page.getByPlaceholder('Ana Lima').last().fill('Ana Lima');
    await page
      .getByRole('combobox', { name: /Production Europe/ })
      .last()
      .click();
    await page.getByRole('option', { name: 'Member', exact: true }).click();
    await page.getByRole('button', { name: 'Invite', exact: true }).last().click();
    await page
      .getByText(/Invited Ana Lima/)
      .first()
      .waitFor();
    // The form is gone from the conversation: the message itself was updated.
    await expect.poll(() => page.getByPlaceholder('ana@example.com').count()).toBe(0);
  }, 60_000);

  it('who admins, as a plain question, answers with the Infra Admins', async () => {
    await say('who admins prod-eu?');
    await page
      .getByText(/Infra Admins of/)
      .first()
      .waitFor();
    await expect.poll(() => page.getByText(/Megan Bowen/).count()).toBeGreaterThan(0);
  }, 60_000);
});
