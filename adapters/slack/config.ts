// Slack settings from the environment: Slack is on when any SLACK_* token is set, and then must be complete.
import { z } from 'zod';

export type SlackConfig = {
  signingSecret: string;
  botToken: string;
  /** An app-level token (xapp-…) switches to Socket Mode. */
  appToken?: string;
  /** Overrides the Web API base (tests, proxies); ends with a slash. */
  apiUrl?: string;
};

const nonBlank = (name: string) =>
  z
    .string({ error: `${name} is missing` })
    .trim()
    .min(1, `${name} is blank`);

const Env = z.object({
  SLACK_SIGNING_SECRET: nonBlank('SLACK_SIGNING_SECRET'),
  SLACK_BOT_TOKEN: nonBlank('SLACK_BOT_TOKEN').refine(
    (t) => t.startsWith('xoxb-'),
    'SLACK_BOT_TOKEN must be a bot token (xoxb-…)',
  ),
  SLACK_APP_TOKEN: z
    .string()
    .trim()
    .optional()
    .refine((t) => !t || t.startsWith('xapp-'), 'SLACK_APP_TOKEN must be an app-level token (xapp-…)'),
  SLACK_API_URL: z.string().trim().url('SLACK_API_URL must be a URL').optional(),
});

/** The variables read here, for .env.example and its test. */
export const SLACK_VARIABLES = Object.keys(Env.shape);

export type SlackConfigResult = { ok: true; config: SlackConfig | null } | { ok: false; problem: string };

export function loadSlackConfig(env: NodeJS.ProcessEnv): SlackConfigResult {
  const configured = ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN'].some(
    (k) => env[k] !== undefined,
  );
  if (!configured) return { ok: true, config: null };
  const parsed = Env.safeParse(env);
  // Name the variable, never echo its value: these are secrets.
  if (!parsed.success)
    return { ok: false, problem: parsed.error.issues[0]?.message ?? 'Slack settings are invalid' };
  const e = parsed.data;
  return {
    ok: true,
    config: {
      signingSecret: e.SLACK_SIGNING_SECRET,
      botToken: e.SLACK_BOT_TOKEN,
      ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
      ...(e.SLACK_API_URL
        ? { apiUrl: e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/` }
        : {}),
    },
  };
}
