// The Slack payloads we act on, checked (zod) before Bolt sees them: a signed body of the wrong shape is a 400, never a crash.
import { z } from 'zod';

/** Slack ids (U…, T…, C…, event ids, trigger ids) are short; anything longer is not one. */
const Id = z.string().min(1).max(255);
const User = z.looseObject({ id: Id, team_id: Id.optional() });
const Team = z.looseObject({ id: Id }).nullable().optional();

const SlashCommand = z.looseObject({
  command: z.string().min(1).max(100),
  text: z.string().max(4000),
  user_id: Id,
  team_id: Id,
  channel_id: Id.optional(),
  trigger_id: Id.optional(),
  response_url: z.url().optional(),
});

/** The events we listen to, each with what its listener reads; other event types pass (Bolt acks them). */
const Event = z.looseObject({
  type: z.string().min(1).max(100),
  user: Id.optional(),
  text: z.string().max(40_000).optional(),
  channel: Id.optional(),
  channel_type: z.string().max(50).optional(),
  subtype: z.string().max(100).optional(),
  bot_id: Id.optional(),
  thread_ts: Id.optional(),
  ts: Id.optional(),
  tab: z.string().max(50).optional(),
});
const EventCallback = z.looseObject({
  type: z.literal('event_callback'),
  team_id: Id,
  event_id: Id,
  event: Event.superRefine((e, ctx) => {
    const need = (field: 'user' | 'text' | 'channel') => {
      if (e[field] === undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: `${e.type} needs ${field}` });
    };
    if (e.type === 'app_mention') for (const f of ['user', 'text', 'channel'] as const) need(f);
    if (e.type === 'message') need('channel');
    if (e.type === 'app_home_opened') need('user');
  }),
});

const BlockActions = z.looseObject({
  type: z.literal('block_actions'),
  user: User,
  team: Team,
  trigger_id: Id.optional(),
  response_url: z.url().optional(),
  actions: z
    .array(
      z.looseObject({
        action_id: z.string().min(1).max(255),
        block_id: z.string().max(255).optional(),
        type: z.string().min(1).max(100),
        value: z.string().max(2000).optional(),
        selected_option: z
          .looseObject({ value: z.string().max(2000).optional() })
          .nullable()
          .optional(),
      }),
    )
    .min(1)
    .max(25),
  container: z.looseObject({ message_ts: Id.optional() }).optional(),
  channel: z.looseObject({ id: Id }).nullable().optional(),
  message: z.looseObject({ ts: Id.optional() }).optional(),
  view: z.looseObject({ id: Id.optional() }).optional(),
});

const ViewSubmission = z.looseObject({
  type: z.literal('view_submission'),
  user: User,
  team: Team,
  view: z.looseObject({
    id: Id,
    callback_id: z.string().max(255),
    private_metadata: z.string().max(3000),
    hash: z.string().max(255),
    state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), z.unknown())) }),
  }),
});

/** Interactions Slack may send that we have no listener for: acknowledged, nothing else. */
const IGNORED_TYPES = new Set([
  'view_closed',
  'shortcut',
  'message_action',
  'block_suggestion',
  'app_rate_limited',
]);

export type PayloadCheck = { ok: true } | { ok: false; status: 200 | 400; problem: string };

const problemOf = (what: string, error: z.ZodError): string => {
  const i = error.issues[0];
  const where = i?.path.length ? i.path.join('.') : 'body';
  return `${what}: ${where}: ${i?.message ?? 'invalid'}`.slice(0, 300);
};

/** What kind of Slack payload this is, and whether it has what our listeners (and Bolt) read. */
export function checkPayload(body: Record<string, unknown>): PayloadCheck {
  const check = (what: string, schema: z.ZodType): PayloadCheck => {
    const r = schema.safeParse(body);
    return r.success ? { ok: true } : { ok: false, status: 400, problem: problemOf(what, r.error) };
  };
  if (typeof body.command === 'string') return check('slash command', SlashCommand);
  switch (body.type) {
    case 'event_callback':
      return check('event', EventCallback);
    case 'block_actions':
      return check('block_actions', BlockActions);
    case 'view_submission':
      return check('view_submission', ViewSubmission);
    default:
      if (typeof body.type === 'string' && IGNORED_TYPES.has(body.type))
        return { ok: false, status: 200, problem: `${body.type} is not handled` };
      return { ok: false, status: 400, problem: 'not a Slack payload this app handles' };
  }
}
