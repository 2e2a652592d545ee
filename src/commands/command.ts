// The shape of one command module, and defineCommand(), which turns a spec into validate -> authorize -> run.
import type { z } from 'zod';
import type { AuditEntry } from '../domain/audit.ts';
import type { AuditEvent, Company, StoreData } from '../domain/schemas.ts';
import type { Caller } from '../policy/caller.ts';
import { authorize, type Capability, type Decision } from '../policy/capabilities.ts';
import type { AuditLog } from '../store/store.ts';
import type { ExportFile, Notice, View } from '../views/view.ts';
import type { NewOutboxItem, Reach } from '../workflow/outbox.ts';
import type { Failure } from './failure.ts';

/** Arguments as the parser or a button hands them over, before the command's schema reads them. */
export type RawArgs = Record<string, string | boolean | undefined>;

export type CommandContext = {
  caller: Caller;
  /** The caller's company; a draft inside a changing command, a frozen snapshot otherwise. */
  company: Company | undefined;
  data: StoreData;
  now: Date;
  /** Records an audit event in the same transaction as the change; its seq makes keys unique. */
  audit(entry: Pick<AuditEntry, 'action' | 'target' | 'infra' | 'before' | 'after'>): AuditEvent;
  /** Queues a message in the outbox, in the same transaction (delivered once, after the commit). */
  enqueue(item: NewOutboxItem): void;
  /** Whether queued messages can also go by email (and carry links): answers say what will happen. */
  reach: Reach;
};

/** What a read-only command may fetch, after it was authorized and before it runs. */
export type LoadContext = {
  caller: Caller;
  /** The caller's company, as authorized (a frozen snapshot). */
  company: Company | undefined;
  now: Date;
  audit: AuditLog;
};

export type CommandResult =
  | { ok: true; view: View; notices?: Notice[]; file?: ExportFile }
  | { ok: false; failure: Failure };

export type CommandSpec<A, L = undefined> = {
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
  /**
   * For read-only commands that need data outside the state (the audit log): run once the caller is
   * authorized, before `run`, which gets what it returns. Synchronous `run` keeps transactions pure.
   */
  load?: (ctx: LoadContext, args: A) => Promise<L>;
  run(ctx: CommandContext, args: A, loaded: L): CommandResult;
};

export type Prepared = {
  authorize(ctx: CommandContext): Decision;
  load?: (ctx: LoadContext) => Promise<unknown>;
  run(ctx: CommandContext, loaded: unknown): CommandResult;
};

export type Command = Omit<CommandSpec<unknown>, 'schema' | 'authorize' | 'load' | 'run'> & {
  prepare(raw: RawArgs): { ok: true; prepared: Prepared } | { ok: false; failure: Failure };
};

export function defineCommand<A, L = undefined>(spec: CommandSpec<A, L>): Command {
  const { schema, authorize: auth, load, run, ...meta } = spec;
  if (load && spec.changes)
    throw new Error(`${spec.name}: only a read-only command may load data before it runs`);
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
      return {
        ok: true,
        prepared: {
          authorize: (ctx) => auth(ctx, args),
          ...(load ? { load: (ctx: LoadContext) => load(ctx, args) } : {}),
          run: (ctx, loaded) => run(ctx, args, loaded as L),
        },
      };
    },
  };
}

/** The usual authorization: one capability, optionally on the infrastructure an argument names. */
export const needs =
  <A>(capability: Capability, scope?: (args: A) => string | undefined) =>
  (ctx: CommandContext, args: A): Decision =>
    authorize(ctx.company, ctx.caller, capability, scope?.(args));
