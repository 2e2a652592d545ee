// Runs a sequence of steps on the real core and, after each, checks it against the model and the invariants.
import { appOver } from '../../src/app/app.ts';
import type { Outcome } from '../../src/app/dispatch.ts';
import { silentSecurityLog } from '../../src/app/security-log.ts';
import { recipientAsCaller, takeableOnly, viewerContext } from '../../src/commands/offers.ts';
import type { StoreData } from '../../src/domain/schemas.ts';
import { commit, rollback, type Store } from '../../src/store/store.ts';
import { renderText } from '../../src/views/render-text.ts';
import type { CommandRef, View } from '../../src/views/view.ts';
import { requestCard } from '../../src/workflow/requests.ts';
import { tick } from '../../src/workflow/scheduler.ts';
import { lineOf, type MCommand } from '../model/commands.ts';
import { timePasses } from '../model/effects.ts';
import { expectOf, type Shows } from '../model/model.ts';
import type { Actor } from '../model/state.ts';
import { canonical, difference } from './compare.ts';
import { invariantProblems } from './invariants.ts';
import { companyOf, identityOf, openWorld, project, type World } from './world.ts';

export type Step = { kind: 'cmd'; actor: Actor; cmd: MCommand } | { kind: 'clock'; hours: number };

export const describeStep = (s: Step) =>
  s.kind === 'clock'
    ? `clock +${s.hours}h`
    : `${s.actor.guest ? `guest(${s.actor.email})` : s.actor.email}: ${lineOf(s.cmd)}`;

/** What went wrong; `tag` names the kind of difference (see known.ts), without emails or ids. */
export class Counterexample extends Error {
  constructor(
    message: string,
    readonly tag: string,
  ) {
    super(message);
  }
}

/** A difference already written up in disagreements.md: the run records it and goes on from the code's state. */
export type Tolerate = (tag: string) => boolean;

const keysOf = (diff: string) =>
  diff
    .split('\n')
    .filter((l) => /^[a-z]+:$/.test(l))
    .map((l) => l.slice(0, -1))
    .join(',');

/** The committed state: never changed in place (each commit makes a new one), so no copy is needed. */
const snapshot = (w: World) => w.app.store.read((d) => d as StoreData);
/** How many events the company's chain holds, as its head says; the chain itself is verified after the sequence. */
const auditCount = async (w: World) => w.app.store.read((d) => companyOf(d, w.companyId).auditHead.count);
async function verifyAudit(w: World) {
  const v = await w.app.store.audit.verify(w.companyId);
  if (!v.ok)
    throw new Counterexample(`the audit chain does not verify: ${v.reason} at ${v.brokenAt}`, 'audit:verify');
}

const failureKind = (o: Outcome) => (o.result.ok ? 'ok' : o.result.failure.kind);

/** Every button a view offers. */
const offered = (v: View): CommandRef[] =>
  v.blocks.flatMap((b) => (b.kind === 'actions' ? b.actions.map((a) => a.command) : []));

/** The same store, but every transaction is rolled back: a press is answered as it would be, and changes nothing. */
const dryRun = (store: Store): Store => ({
  read: (fn) => store.read(fn),
  transaction: (fn) => store.transaction((draft, tx) => rollback(fn(draft, tx).value)),
  audit: store.audit,
  close: async () => {},
});

/** Presses `ref` as `viewer` on the current state without keeping the change: the press must go through. */
async function pressDry(w: World, viewer: Actor, ref: CommandRef): Promise<string | null> {
  const app = appOver(dryRun(w.app.store), { clock: w.clock, securityLog: silentSecurityLog });
  const o = await app.run(identityOf(viewer, w.companyId), { kind: 'command', ref });
  return o.result.ok ? null : `${failureKind(o)} (${JSON.stringify(o.result)})`;
}

/** The buttons of the reply (to the actor) and of what the step queued for members: each viewer may press them. */
async function checkOffers(
  w: World,
  before: StoreData,
  after: StoreData,
  actor: Actor | null,
  reply: View | null,
) {
  const offers: Array<{ viewer: Actor; ref: CommandRef; where: string }> = [];
  if (actor && reply)
    for (const ref of offered(reply)) offers.push({ viewer: actor, ref, where: 'the reply' });
  const had = new Set(before.outbox.map((o) => o.id));
  const c = companyOf(after, w.companyId);
  for (const item of after.outbox) {
    if (had.has(item.id) || item.to.kind !== 'member') continue;
    const viewer = { kind: 'member', chat: 'console', companyId: c.id, email: item.to.email } as const;
    const { content } = item;
    // A request card is drawn for its reader when sent; other kinds (reviews, invitations) offer no decision here.
    const r = content.kind === 'request' ? c.requests.find((x) => x.id === content.requestId) : undefined;
    // As delivery draws it when it reaches them: a fixed message keeps only what its reader may take.
    const reader = viewerContext(after, c, recipientAsCaller(c, item.to.email), w.clock.now());
    const v =
      content.kind === 'view' ? takeableOnly(reader, content.view) : r ? requestCard(c, r, viewer) : null;
    if (v)
      for (const ref of offered(v))
        offers.push({ viewer: { email: item.to.email }, ref, where: `a message (${item.reason})` });
  }
  for (const o of offers) {
    const refused = await pressDry(w, o.viewer, o.ref);
    if (refused)
      throw new Counterexample(
        `${o.where} offers ${o.viewer.email} "${o.ref.name} ${JSON.stringify(o.ref.args)}", and the press is refused: ${refused}`,
        `offer:${o.ref.name}`,
      );
  }
}

async function runCommand(w: World, step: Extract<Step, { kind: 'cmd' }>) {
  const before = await snapshot(w);
  const s0 = project(companyOf(before, w.companyId), w.clock.now());
  const audit0 = await auditCount(w);
  const exp = expectOf(s0, step.actor, step.cmd);
  const o = await w.app.run(identityOf(step.actor, w.companyId), { kind: 'text', text: lineOf(step.cmd) });
  const after = await snapshot(w);
  const s1 = project(companyOf(after, w.companyId), w.clock.now());
  const audit1 = await auditCount(w);
  const got = failureKind(o);
  const says = `the model says ${exp.outcome} (${exp.why}); the code answered ${got}`;
  const okIs = { allow: [true], deny: [false], refuse: [false], either: [true, false] }[exp.outcome];
  const cmd = step.cmd.c;
  if (!okIs.includes(o.result.ok)) throw new Counterexample(says, `outcome:${cmd}:${exp.why}`);
  if (exp.outcome === 'deny' && !['denied', 'unknown-user'].includes(got))
    throw new Counterexample(
      `${says}: a refusal by the capability table is "denied"`,
      `denied-kind:${cmd}:${exp.why}`,
    );
  const same = canonical(s1, exp.loose) === canonical(s0, exp.loose);
  if (!o.result.ok && !same)
    throw new Counterexample(`${says}, yet the state changed:\n${difference(s0, s1)}`, `unchanged:${cmd}`);
  if (!o.result.ok && audit1 !== audit0)
    throw new Counterexample(
      `${says}, yet ${audit1 - audit0} audit events were written`,
      `audit:${cmd}:refused`,
    );
  if (
    o.result.ok &&
    canonical(s1, exp.loose) !== canonical(exp.next, exp.loose) &&
    !(exp.outcome === 'either' && same)
  ) {
    const diff = difference(exp.next, s1, exp.loose);
    throw new Counterexample(`${says}; the state differs:\n${diff}`, `state:${cmd}:${keysOf(diff)}`);
  }
  if (!same && audit1 <= audit0)
    throw new Counterexample('the state changed and no audit event was written', `audit:${cmd}:missing`);
  if (o.result.ok && exp.shows)
    checkShown(exp.shows, renderText(o.reply.view).text, before, after, w, step.cmd.c);
  problems(after, w);
  await checkOffers(w, before, after, step.actor, o.reply.view);
}

/** What the answer shows, and whom a notice reaches, against what the model allows. */
function checkShown(shows: Shows, text: string, before: StoreData, after: StoreData, w: World, cmd: string) {
  const fail = (what: string, tag: string) => {
    throw new Counterexample(`${what}; the answer:\n${text}`, `shows:${cmd}:${tag}`);
  };
  for (const h of shows.hide ?? [])
    if (text.includes(h)) fail(`it shows ${h}, which the caller may not see`, 'hidden');
  const phone = /\+\d[\d ]{6,}/.test(text);
  if (shows.phones === false && phone)
    fail('it shows a phone number to someone who is not an admin', 'phones');
  if (shows.phones === true && !phone && companyOf(after, w.companyId).members.some((m) => m.security))
    fail('it hides the phone numbers from an admin', 'phones');
  if (shows.companyNotices === false && text.includes('(company)'))
    fail("it lists the company's outbox", 'outbox');
  if (shows.recipients) {
    const had = new Set(before.outbox.map((x) => x.id));
    const got = after.outbox
      .filter((x) => !had.has(x.id) && x.to.kind === 'member')
      .map((x) => (x.to.kind === 'member' ? x.to.email : ''))
      .sort();
    if (JSON.stringify([...new Set(got)]) !== JSON.stringify(shows.recipients))
      fail(
        `the notice went to ${got.join(', ')}; the model says ${shows.recipients.join(', ')}`,
        'recipients',
      );
  }
}

/** License notices reach only Company Admins and the Infra Admins of that infrastructure. */
function checkLicenseNotices(before: StoreData, after: StoreData, w: World) {
  const had = new Set(before.outbox.map((x) => x.id));
  const c = companyOf(after, w.companyId);
  for (const x of after.outbox) {
    const infra = /^license:([a-z0-9-]+):/.exec(x.key)?.[1];
    if (had.has(x.id) || !infra || x.to.kind !== 'member') continue;
    const to = x.to.email;
    const m = c.members.find((y) => y.email === to);
    if (m?.status !== 'active' || !(m.companyAdmin || m.roles[infra] === 'admin'))
      throw new Counterexample(`a license notice for ${infra} went to ${to}`, 'shows:clock:recipients');
  }
}

async function runClock(w: World, hours: number) {
  const before = await snapshot(w);
  const s0 = project(companyOf(before, w.companyId), w.clock.now());
  const audit0 = await auditCount(w);
  w.clock.advance(hours * 3_600_000);
  const now = w.clock.now();
  await w.app.store.transaction((d, tx) => (tick(d, tx, now) > 0 ? commit(null) : rollback(null)));
  const after = await snapshot(w);
  const s1 = project(companyOf(after, w.companyId), now);
  const { next, loose } = timePasses(s0, hours * 3_600_000);
  if (canonical(s1, loose) !== canonical(next, loose)) {
    const diff = difference(next, s1, loose);
    throw new Counterexample(`time passing differs from the model:\n${diff}`, `time:${keysOf(diff)}`);
  }
  const changed = canonical(s1) !== canonical({ ...s0, now: s1.now });
  if (changed && (await auditCount(w)) <= audit0)
    throw new Counterexample('time changed the state without an audit event', 'audit:time:missing');
  problems(after, w);
  checkLicenseNotices(before, after, w);
  for (const g of companyOf(after, w.companyId).grants)
    if (new Date(g.until) <= now)
      throw new Counterexample(`a time-bound grant outlived its end: ${JSON.stringify(g)}`, 'time:outlived');
  await checkOffers(w, before, after, null, null);
}

function problems(d: StoreData, w: World) {
  const found = invariantProblems(companyOf(d, w.companyId), w.clock.now());
  if (found.length)
    throw new Counterexample(
      `an invariant broke: ${found.map((p) => p.text).join('; ')}`,
      `invariant:${found[0]?.tag}`,
    );
}

/**
 * Runs the steps on a fresh world; throws a Counterexample naming the steps and what went wrong. A difference
 * `tolerate` accepts is passed to `seen` and the run goes on from the state the code left.
 */
export async function runSequence(
  steps: readonly Step[],
  opts: { world?: World; tolerate?: Tolerate; seen?: (tag: string) => void } = {},
): Promise<void> {
  const world = opts.world ?? openWorld();
  const done: string[] = [];
  try {
    for (const step of steps) {
      done.push(describeStep(step));
      try {
        if (step.kind === 'clock') await runClock(world, step.hours);
        else await runCommand(world, step);
      } catch (e) {
        if (!(e instanceof Counterexample) || !opts.tolerate?.(e.tag)) throw e;
        opts.seen?.(e.tag);
      }
    }
    await verifyAudit(world);
  } catch (e) {
    if (!(e instanceof Counterexample)) throw e;
    throw new Counterexample(`${e.message}\nafter:\n  ${done.join('\n  ')}`, e.tag);
  } finally {
    await world.app.close();
  }
}
