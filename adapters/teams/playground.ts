// `npm run playground`: the bot in Teams local mode (TEAMS_LOCAL=1, this machine only) and Microsoft's Agents Playground talking to it.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const port = process.env.PORT ?? '3978';

/** Local mode is asked for here, and only here: never next to production credentials (config.ts refuses). */
const bot = spawn(process.execPath, ['--import', 'tsx', 'src/app/main.ts'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, TEAMS_LOCAL: '1', HOST: '127.0.0.1', PORT: port },
});
let playground: ChildProcess | undefined;

const stop = (code: number) => {
  for (const child of [playground, bot]) if (child && child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
};
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
bot.on('exit', (code) => stop(code ?? 1));

bot.stdout?.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk);
  if (playground || !String(chunk).includes('listening')) return;
  // The bot is up: the playground's own client, pointed at this bot.
  playground = spawn(
    process.execPath,
    [
      'node_modules/@microsoft/m365agentsplayground/cli.js',
      '-e',
      `http://127.0.0.1:${port}/api/messages`,
      '-c',
      'msteams',
      '--dt',
      ...process.argv.slice(2),
    ],
    { cwd: root, stdio: 'inherit' },
  );
  playground.on('exit', (code) => stop(code ?? 0));
});
