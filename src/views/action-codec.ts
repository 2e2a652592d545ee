// How a button's command travels through a chat platform and back: a stable id plus a small JSON payload.
import { z } from 'zod';
import type { CommandRef } from './view.ts';

/** Slack caps action_id at 255 characters and a button value at 2,000; Teams data is roomier. */
export const MAX_ACTION_VALUE = 2000;

const ArgsSchema = z.record(z.string().max(64), z.string().max(500));
const RefSchema = z.object({ c: z.string().min(1).max(60), a: ArgsSchema });
/** `s`: the read-only command that drew the card, so a stale card can be drawn again. */
const PayloadSchema = RefSchema.extend({ s: RefSchema.optional() });

/** The id names the command (`portal:grant.infra-admin`); `n` keeps ids unique within one message. */
export const actionId = (ref: CommandRef, n: number) => `portal:${ref.name.replaceAll(' ', '.')}:${n}`;

export const encodeAction = (ref: CommandRef, source?: CommandRef): string => {
  const value = JSON.stringify({
    c: ref.name,
    a: ref.args,
    ...(source ? { s: { c: source.name, a: source.args } } : {}),
  });
  if (value.length > MAX_ACTION_VALUE) throw new Error(`button payload too large for ${ref.name}`);
  return value;
};

/** Anything a platform hands back is untrusted: a malformed payload is simply not a command. */
export function decodeAction(value: unknown): CommandRef | null {
  return decodePress(value)?.ref ?? null;
}

/** The pressed command and, when the card carried one, the command that drew the card. */
export function decodePress(value: unknown): { ref: CommandRef; source?: CommandRef } | null {
  let json: unknown = value;
  if (typeof value === 'string') {
    try {
      json = JSON.parse(value);
    } catch {
      return null;
    }
  }
  const parsed = PayloadSchema.safeParse(json);
  if (!parsed.success) return null;
  const { c, a, s } = parsed.data;
  return { ref: { name: c, args: a }, ...(s ? { source: { name: s.c, args: s.a } } : {}) };
}

export const isPortalActionId = (id: string) => /^portal:[a-z.-]+:\d+$/.test(id);
