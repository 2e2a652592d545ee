// Shared by the workflow tests: the demo app with two fake chats, a delivery pass, and views read as plain words.
import { runOnce } from '../../src/app/delivery.ts';
import type { StoreData } from '../../src/domain/schemas.ts';
import { type Action, type CommandRef, plainSpan, type Text, type View } from '../../src/views/view.ts';
import { memoryApp, type TestApp } from '../fakes/app.ts';
import { type FakePort, fakePort } from '../fakes/chat-port.ts';

export const ALEX = 'alexw@example.com'; // Company Admin, Member of prod-eu
export const PRADEEP = 'pradeepg@example.com'; // Company Admin
export const MEGAN = 'meganb@example.com'; // Infra Admin of prod-eu, Member of dev-eu, security contact
export const ADELE = 'adelev@example.com'; // Member of prod-eu
export const LEE = 'leeg@example.com'; // Infra Admin of dev-eu and hybrid-ap
export const DIEGO = 'diegos@example.com'; // Infra Admin of onprem-1, Member of prod-eu, security contact
export const ISAIAH = 'isaiahl@example.com'; // Infra Admin of sentry-us
export const GRADY = 'gradya@example.com'; // Member of dev-eu
export const NESTOR = 'nestorw@example.com'; // pending

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Moves every license far out, so the scheduler's license notices stay out of tests about other things. */
export const farLicenses = (d: StoreData) => {
  for (const s of d.companies[0]?.subscriptions ?? [])
    for (const i of s.infrastructures) i.licenseExpiresOn = '2030-01-01';
};

export type World = {
  app: TestApp;
  slack: FakePort;
  teams: FakePort;
  /** One delivery pass (scheduler, then claim, send, record), as the worker runs it. */
  deliver(): Promise<number>;
  /** Every message both chats were asked to send, in order. */
  sent(): FakePort['sent'];
};

export function world(opts: { licenses?: boolean; extra?: (d: StoreData) => void } = {}): World {
  const app = memoryApp((d) => {
    if (!opts.licenses) farLicenses(d);
    opts.extra?.(d);
  });
  const slack = fakePort('slack');
  const teams = fakePort('teams');
  return {
    app,
    slack,
    teams,
    deliver: () => runOnce({ store: app.store, clock: app.clock, ports: [slack, teams], log: () => {} }),
    sent: () => [...slack.sent, ...teams.sent],
  };
}

/** Text as people read it: member names without their email, no emphasis marks. */
export const words = (t: Text) =>
  t.map((s) => (s.kind === 'member' ? s.name : s.kind === 'time' ? plainSpan(s) : s.text)).join('');

export function viewWords(v: View | undefined): string {
  if (!v) throw new Error('no message there');
  const out: string[] = v.title ? [v.title] : [];
  for (const b of v.blocks)
    if (b.kind === 'text') out.push(words(b.text));
    else if (b.kind === 'fields')
      for (const [label, value] of b.fields) out.push(`${label}: ${words(value)}`);
    else if (b.kind === 'table') for (const r of b.rows) out.push(r.map(words).join(' | '));
    else if (b.kind === 'actions') out.push(b.actions.map((a) => `[${a.label}]`).join(' '));
  return out.join('\n');
}

export const actionsOf = (v: View): Action[] =>
  v.blocks.flatMap((b) => (b.kind === 'actions' ? b.actions : []));

/** The command behind the button labelled `label` (by prefix) in `v`. */
export function button(v: View | undefined, label: string): CommandRef {
  if (!v) throw new Error(`no message with a "${label}" button`);
  const a = actionsOf(v).find((x) => x.label.startsWith(label));
  if (!a) throw new Error(`no "${label}" button in:\n${viewWords(v)}`);
  return a.command;
}

export const company = async (app: TestApp) => {
  const c = (await app.data()).companies[0];
  if (!c) throw new Error('no demo company');
  return c;
};
export const member = async (app: TestApp, email: string) =>
  (await company(app)).members.find((m) => m.email === email);
export const requestOf = async (app: TestApp, id: string) =>
  (await company(app)).requests.find((r) => r.id === id);

type Said = Awaited<ReturnType<TestApp['say']>>;
export const kind = (r: Said) => (r.outcome.result.ok ? 'ok' : r.outcome.result.failure.kind);
