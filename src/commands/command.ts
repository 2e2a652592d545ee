// The shape of one command module, and defineCommand(), which turns a spec into validate -> authorize -> run.
import type { z } from 'zod';
import type { AuditEntry } from '../domain/audit.ts';
import type { Company, StoreData } from '../domain/schemas.ts';
import type { Caller } from '../policy/caller.ts';
import { authorize, type Capability, type Decision } from '../policy/capabilities.ts';
import type { Notice, View } from '../views/view.ts';
import type { NewOutboxItem } from '../workflow/outbox.ts';
import type { Failure } from './failure.ts';

/** Arguments as the parser or a button hands them over, before the command's schema reads them. */
export type RawArgs = Record<string, string | boolean | undefined>;

export type CommandContext = {
  caller: Caller;
  /** The caller's company; a draft inside a changing command, a frozen snapshot otherwise. */
  company: Company | undefined;
  data: StoreData;
  now: Date;
  /** Records an audit event in the same transaction as the change. */
  audit(entry: Pick<AuditEntry, 'action' | 'target' | 'infra' | 'before' | 'after'>): void;
  /** Queues a message in the outbox, in the same transaction (delivered once, after the commit). */
  enqueue(item: NewOutboxItem): void;
};

export type CommandResult = { ok: true; view: View; notices?: Notice[] } | { ok: false; failure: Failure };

export type CommandSpec<A> = {
  /** The words that name it, e.g. 'grant infra-admin'. */
  name: string;
  summary: string;
  usage: string;
  examples: string[];
  /** Positional argument names in order; with `rest`, the last takes every remaining word. */
  positionals: readonly string[];
  rest?: boolean;
  flags: Readonly<Record<string, 'string' | 'boolean'>>;
  schema: z.ZodType<A>;
  /** The capability the help and "what can I do?" list it under. */
  capability: Capability;
  /** Whether it may change the store: it then runs in a write transaction. */
  changes: boolean;
  /** Who may run it with these arguments, asked before run() against current state. */
  authorize(ctx: CommandContext, args: A): Decision;
  run(ctx: CommandContext, args: A): CommandResult;
};

export type Prepared = { authorize(ctx: CommandContext): Decision; run(ctx: CommandContext): CommandResult };

export type Command = Omit<CommandSpec<unknown>, 'schema' | 'authorize' | 'run'> & {
  prepare(raw: RawArgs): { ok: true; prepared: Prepared } | { ok: false; failure: Failure };
};

export function defineCommand<A>(spec: CommandSpec<A>): Command {
  const { schema, authorize: auth, run, ...meta } = spec;
  return {
    ...meta,
    prepare(raw) {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.path.map(String).join('.') || 'arguments';
        const problem =
          issue?.code === 'invalid_type' && issue.input === undefined
            ? `${field in spec.flags ? `--${field}` : field.toUpperCase()} is missing`
            : (issue?.message ?? 'is not valid');
        return { ok: false, failure: { kind: 'invalid', field, problem, usage: spec.usage } };
      }
      const args = parsed.data;
      return { ok: true, prepared: { authorize: (ctx) => auth(ctx, args), run: (ctx) => run(ctx, args) } };
    },
  };
}

/** The usual authorization: one capability, optionally on the infrastructure an argument names. */
export const needs =
  <A>(capability: Capability, scope?: (args: A) => string | undefined) =>
  (ctx: CommandContext, args: A): Decision =>
    authorize(ctx.company, ctx.caller, capability, scope?.(args));
