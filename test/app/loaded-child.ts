// Run as a child: starts the server on the JSON store with the chats the environment configures, then prints
// which heavy packages the process loaded (CommonJS packages land in require's cache, imported or required).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../../src/app/config.ts';
import { loadChats, startServer } from '../../src/app/lifecycle.ts';

const HEAVY = ['botbuilder', 'pg', 'node-pg-migrate', 'libphonenumber-js', '@slack/bolt', 'nodemailer'];

const loaded = loadConfig();
if (!loaded.ok) throw new Error(loaded.problem);
const chats = loadChats(process.env, loaded.config.host);
if (!chats.ok) throw new Error(chats.problem);
const started = await startServer(loaded.config, chats.chats, pino({ level: 'silent' }));
if (!started.ok) throw new Error(started.problem);
const cache = Object.keys(createRequire(import.meta.url).cache);
const packages = HEAVY.filter((p) => cache.some((f) => f.includes(join('node_modules', p, '/'))));
await started.running.stop();
process.stdout.write(`${JSON.stringify({ packages })}\n`);
