// The one pipeline: parse -> validate -> resolve caller -> authorize -> run in a transaction with its audit -> reply.
import type { Command, CommandContext, CommandResult, RawArgs } from '../commands/command.ts';
import type { Failure } from '../commands/failure.ts';
import { takeableOnly } from '../commands/offers.ts';
import { findCommand } from '../commands/registry.ts';
import { activeCompanyAdmins } from '../domain/company.ts';
import { rememberLastChange } from '../domain/last-change.ts';
import type { AuditEvent, StoreData } from '../domain/schemas.ts';
import { markSeen, seenUntil } from '../domain/seen.ts';
import { parse } from '../parse/parse.ts';
import type { Caller } from '../policy/caller.ts';
import { commit, rollback, type Store, type Tx } from '../store/store.ts';
import { failureView } from '../views/failures.ts';
import { type CommandRef, type Reply, textBlock, view } from '../views/view.ts';
import { boundedKey, CHATS_ONLY, enqueue, type Reach } from '../workflow/outbox.ts';
import type { Clock } from './clock.ts';
import { type Identity, resolveCaller } from './identity.ts';
import { fillRequest } from './logger.ts';
import type { SecurityLog } from './security-log.ts';

export type Input = ({ kind: 'text'; text: string } | { kind: 'command'; ref: CommandRef }) & {
  /**
   * A platform's id for this very request (Slack trigger id or event id, message ts + action id, Teams activity id).
   * A change runs at most once per key: the key is stored in the same transaction as the change.
   */
  once?: string;
};
export type Deps = {
  store: Store;
  clock: Clock;
  securityLog: SecurityLog;
  /** Email and links, when configured; chats only otherwise. */
  reach?: Reach;
};

/**
 * Who is asking: an identity, or a way to ask the platform. Dispatch asks with `fresh` when the command
 * changes something, so every change is made on what the platform says about the account at that moment
 * (a deactivated or demoted account stops at once); reads may use the adapter's short cache. A lookup
 * that fails rejects, and nothing runs.
 */
export type Asker = Identity | AskPlatform;
export type AskPlatform = (opts: { fresh: boolean }) => Promise<Identity>;
export type Outcome = {
  reply: Reply;
  result: CommandResult;
  command?: string;
  caller?: Caller;
  duplicate?: boolean;
  /** The store changed (and the outbox may hold something new). */
  changed?: boolean;
  /** The identity the command ran as (absent when it never got that far). */
  identity?: Identity;
};

/** How long a request key is remembered: well past every platform's retry window. */
export const ONCE_TTL_MS = 24 * 60 * 60 * 1000;

const fail = (failure: Failure): CommandResult => ({ ok: false, failure });

function fromRef(
  ref: CommandRef,
): { ok: true; command: Command; raw: RawArgs } | { ok: false; failure: Failure } {
  const command = findCommand(ref.name);
  if (!command) return { ok: false, failure: { kind: 'unknown-command', input: ref.name } };
  return { ok: true, command, raw: { ...ref.args } };
}

/** Commands open to people the bot does not know; anything else gets the unknown-user answer. */
const OPEN_TO_STRANGERS = new Set(['help']);

export async function dispatch(deps: Deps, who: Asker, input: Input): Promise<Outcome> {
  const now = deps.clock.now();
  const parsed = input.kind === 'text' ? parse(input.text) : fromRef(input.ref);
  if (!parsed.ok) return finish(deps, { result: fail(parsed.failure) });
  const prepared = parsed.command.prepare(parsed.raw);
  const command = parsed.command.name;
  fillRequest({ command });
  if (!prepared.ok) return finish(deps, { result: fail(prepared.failure), command });

  let identity: Identity;
  try {
    identity = typeof who === 'function' ? await who({ fresh: parsed.command.changes }) : who;
  } catch {
    // The adapter logged why; the person hears that nothing ran.
    return finish(deps, { result: fail({ kind: 'identity-unavailable' }), command });
  }
  const caller = await resolveCaller(deps.store, identity, now);
  fillRequest({ company: caller.companyId });
  if (caller.kind === 'unknown' && !OPEN_TO_STRANGERS.has(command)) {
    const admins = await deps.store.read((d) => {
      const c = d.companies.find((x) => x.id === caller.companyId);
      return c ? activeCompanyAdmins(c).map((m) => ({ name: m.name, email: m.email })) : [];
    });
    return finish(deps, {
      result: fail({ kind: 'unknown-user', reason: caller.reason, admins }),
      command,
      caller,
      identity,
    });
  }

  /** The command's view of `data`; `tx` only inside a changing command's transaction. */
  const contextFor = (data: StoreData, tx: Tx | null) => {
    const company =
      caller.kind === 'unknown' && !caller.companyId
        ? undefined
        : data.companies.find((c) => c.id === caller.companyId);
    const audited: AuditEvent[] = [];
    const ctx: CommandContext = {
      caller,
      company,
      data,
      now,
      reach: deps.reach ?? CHATS_ONLY,
      enqueue(item) {
        if (!tx || !company) throw new Error(`${command} queued a message but is not declared as changing`);
        enqueue(data, company.id, item, now);
      },
      audit(entry) {
        if (!tx || !company) throw new Error(`${command} recorded a change but is not declared as changing`);
        const event = tx.audit({
          ...entry,
          companyId: company.id,
          at: now.toISOString(),
          actor: caller.kind === 'unknown' ? 'unknown' : caller.email,
          chat: caller.chat,
        });
        audited.push(event);
        return event;
      },
    };
    return { ctx, audited };
  };

  /** Authorizes, then runs the command on `data`, with what its load step fetched. */
  const execute = (data: StoreData, tx: Tx | null, loaded?: unknown) => {
    const { ctx, audited } = contextFor(data, tx);
    const decision = prepared.prepared.authorize(ctx);
    if (!decision.allowed) {
      const { allowed: _, ...denied } = decision;
      return { result: fail({ kind: 'denied', ...denied }), last: undefined, audited, company: undefined };
    }
    const ran = prepared.prepared.run(ctx, loaded);
    // Every action the answer offers, its reader may take: asked of each action's own command, on the state after this one.
    const result: CommandResult = ran.ok ? { ...ran, view: takeableOnly(ctx, ran.view) } : ran;
    return { result, last: audited.at(-1), audited, company: ctx.company };
  };

  // Every change has its audit event in the same transaction; a command that audited nothing changed nothing.
  const once = input.once;
  if (!parsed.command.changes) {
    const { load } = prepared.prepared;
    let loaded: unknown;
    if (load) {
      // Authorized before it loads, so nobody makes the store read its audit log for them; the run authorizes again.
      const gate = await deps.store.read((data) => {
        const { ctx } = contextFor(data as StoreData, null);
        const decision = prepared.prepared.authorize(ctx);
        if (decision.allowed) return { company: ctx.company };
        const { allowed: _, ...denied } = decision;
        return { denied: fail({ kind: 'denied', ...denied }) };
      });
      if (gate.denied) return finish(deps, { result: gate.denied, command, caller });
      loaded = await load({ caller, company: gate.company, now, audit: deps.store.audit });
    }
    const result = await deps.store.read((data) => execute(data as StoreData, null, loaded).result);
    // A read-only view can be drawn again: its cards carry the command, so a stale one refreshes.
    if (result.ok && !result.view.source)
      result.view = { ...result.view, source: { name: command, args: stringArgs(parsed.raw) } };
    return finish(deps, { result, command, caller, identity });
  }
  const outcome = await deps.store.transaction<{ duplicate: true } | { result: CommandResult }>(
    (draft, tx) => {
      if (once && seenUntil(draft.seen, boundedKey(once))) return rollback({ duplicate: true as const });
      const r = execute(draft, tx);
      if (!r.result.ok || !r.last) return rollback({ result: r.result });
      if (once) remember(draft, once, now);
      // What `undo` will reverse: this caller's change, with its audit events.
      if (r.company && caller.kind !== 'unknown')
        rememberLastChange(r.company, caller.email, command, r.audited, now);
      // What the command tells others goes to the outbox with the change, so nothing acknowledged is lost.
      const { seq, companyId } = r.last;
      for (const [i, n] of (r.result.notices ?? []).entries())
        enqueue(
          draft,
          n.to.companyId,
          {
            key: `notice:${companyId}:${seq}:${i}:${n.to.email}`,
            to: { kind: 'member', email: n.to.email },
            content: { kind: 'view', view: n.view },
            reason: n.reason,
          },
          now,
        );
      return commit({ result: r.result });
    },
  );
  if ('duplicate' in outcome)
    return {
      duplicate: true,
      command,
      caller,
      identity,
      result: { ok: true, view: alreadyDone() },
      reply: { view: alreadyDone(), notices: [] },
    };
  return {
    ...finish(deps, { result: outcome.result, command, caller, identity }),
    changed: outcome.result.ok,
  };
}

const stringArgs = (raw: RawArgs): Record<string, string> =>
  Object.fromEntries(
    Object.entries(raw).flatMap(([k, v]) => (v === undefined || v === false ? [] : [[k, String(v)]])),
  );

const alreadyDone = () =>
  view([textBlock('That was already done; nothing changed this time.')], { tone: 'info' });

/** Records a request key (the scheduler forgets it after its time: a command must not pay for all of them). */
function remember(draft: StoreData, key: string, now: Date) {
  markSeen(draft.seen, boundedKey(key), new Date(now.getTime() + ONCE_TTL_MS).toISOString());
}

function finish(deps: Deps, o: Omit<Outcome, 'reply'>): Outcome {
  const { result } = o;
  if (!result.ok && result.failure.kind === 'denied') {
    const c = o.caller;
    deps.securityLog.denied({
      chat: c?.chat,
      actor: c && c.kind !== 'unknown' ? c.email : 'unknown',
      company: c?.companyId,
      command: o.command,
      capability: result.failure.capability,
      rule: result.failure.rule,
    });
  }
  const reply: Reply = result.ok
    ? { view: result.view, notices: result.notices ?? [], ...(result.file ? { file: result.file } : {}) }
    : { view: failureView(result.failure), notices: [] };
  return { ...o, reply };
}
