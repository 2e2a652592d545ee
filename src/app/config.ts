// Configuration from the environment, parsed once with zod; secrets stay here and are never logged.
import { z } from 'zod';
import type { MailConfig } from './mailer.ts';
import type { LinkConfig } from './signed-links.ts';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const EnvSchema = z.object({
  /** 0 asks the system for a free port (tests); the listening line says which. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_FILE: z.string().min(1).default('data/db.json'),
  /** The PostgreSQL store (several replicas); without it, the JSON store in DATA_FILE. */
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'DATABASE_URL must be a postgres:// or postgresql:// connection string')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  PORTAL_DEMO: z.enum(['0', '1'], { error: 'PORTAL_DEMO must be 0 or 1' }).default('1'),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
  /** Signs POST /hooks/events; without it the hook is not served. */
  EVENTS_SIGNING_SECRET: z.string().trim().min(1, 'EVENTS_SIGNING_SECRET is blank').optional(),
  /** The SMTP server email goes through, e.g. smtp://user:pass@mail.example.com:587; without it, no email. */
  SMTP_URL: optional(
    z
      .string()
      .regex(
        /^smtps?:\/\/\S+$/,
        'SMTP_URL must be an smtp:// or smtps:// address, e.g. smtp://mail.example.com:587',
      ),
  ),
  /** The sender of the bot's email: an address, or `Name <address>`. */
  MAIL_FROM: optional(
    z
      .string()
      .trim()
      .regex(
        /^(?:[^<>@]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/,
        'MAIL_FROM must be an address, or Name <address>',
      ),
  ),
  /** Signs the links the bot emails (accepting an invitation, downloads); without it no link is offered. */
  LINK_SECRET: optional(
    z.string().trim().min(32, 'LINK_SECRET must be at least 32 characters (e.g. openssl rand -hex 32)'),
  ),
  /** The address people open the bot's links at, e.g. https://portal-bot.example.com. */
  PUBLIC_URL: optional(
    z.url({ protocol: /^https?$/, error: 'PUBLIC_URL must be an http:// or https:// address' }),
  ),
});

/** The variables read here, for .env.example and its test. */
export const SERVER_VARIABLES = Object.keys(EnvSchema.shape);

/** An unset variable and an empty one (`NAME=` in .env) mean the same: not configured. */
function optional<T extends z.ZodType<string>>(schema: T) {
  return z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
}

export type Config = {
  port: number;
  host: string;
  dataFile: string;
  databaseUrl?: string;
  demo: boolean;
  logLevel: (typeof LOG_LEVELS)[number];
  eventsSecret?: string;
  /** Email through the outbox; absent when SMTP_URL is not set. */
  mail?: MailConfig;
  /** Signed links; absent when LINK_SECRET is not set. */
  links?: LinkConfig;
};

export type ConfigResult = { ok: true; config: Config } | { ok: false; problem: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ConfigResult {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    return { ok: false, problem: `${i?.path.join('.') ?? 'environment'}: ${i?.message ?? 'invalid'}` };
  }
  const e = parsed.data;
  if (e.SMTP_URL && !e.MAIL_FROM)
    return {
      ok: false,
      problem:
        "MAIL_FROM: set the sender of the bot's email (SMTP_URL is set), e.g. Portal bot <portal-bot@example.com>",
    };
  // A link nobody can open is worse than none: a secret without an address is a mistake to name.
  if (e.LINK_SECRET && !e.PUBLIC_URL)
    return {
      ok: false,
      problem: 'PUBLIC_URL: set it to the address people open the bot at (LINK_SECRET is set)',
    };
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      dataFile: e.DATA_FILE,
      ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
      demo: e.PORTAL_DEMO === '1',
      logLevel: e.LOG_LEVEL,
      ...(e.EVENTS_SIGNING_SECRET ? { eventsSecret: e.EVENTS_SIGNING_SECRET } : {}),
      ...(e.SMTP_URL && e.MAIL_FROM ? { mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM } } : {}),
      ...(e.LINK_SECRET && e.PUBLIC_URL ? { links: { secret: e.LINK_SECRET, publicUrl: e.PUBLIC_URL } } : {}),
    },
  };
}
