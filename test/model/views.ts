// What reads show and who notices reach, by DESIGN.md's table: cases, phone numbers, the outbox, the receivers.
import type { MCommand } from './commands.ts';
import { actorKind, type Expectation, type Shows, selfOf, unchanged } from './model.ts';
import { type Actor, isActiveCA, isActiveIA, type MState, member } from './state.ts';
import { type CommandKind, lookup } from './table.ts';

const answer = (s: MState, cmd: CommandKind, a: Actor, scopes: string[], shows: Shows): Expectation => {
  const { outcome, why } = lookup(cmd, actorKind(s, a, scopes), 'other');
  return outcome === 'allow' ? { ...unchanged(s, outcome, why), shows } : unchanged(s, outcome, why);
};

export function viewExpect(
  s: MState,
  a: Actor,
  c: Extract<MCommand, { c: 'view' | 'notify' | 'link-guest' | 'settings-off' | 'review-start' }>,
): Expectation {
  const me = selfOf(a);
  if (c.c === 'review-start') {
    // An access review of X: Company Admins, or X's Infra Admins; of the company: Company Admins. One open at a time.
    if (c.infra !== undefined && !s.infras.includes(c.infra))
      return unchanged(s, 'refuse', `${c.infra} is not an infrastructure`);
    const e = c.infra
      ? answer(s, 'infra-admin-work', a, [c.infra], {})
      : answer(s, 'company-admin-work', a, [], {});
    return e.outcome === 'allow' ? { ...e, outcome: 'either' } : e;
  }
  if (c.c === 'link-guest' || c.c === 'settings-off') {
    // Whether it then works depends on what the model does not hold (links, channels): only who may is pinned.
    const e = answer(s, 'company-admin-work', a, [], {});
    return e.outcome === 'allow' ? { ...e, outcome: 'either' } : e;
  }
  const m = member(s, me);
  if (c.infra !== undefined && !s.infras.includes(c.infra))
    return unchanged(s, 'refuse', `${c.infra} is not an infrastructure`);
  const active = s.members.filter((x) => x.status === 'active');
  if (c.c === 'notify') {
    const to =
      c.type === 'security'
        ? active.filter((x) => x.security)
        : active.filter((x) => isActiveIA(x, c.infra ?? '') || (c.type === 'disruptive' && isActiveCA(x)));
    const e = answer(s, 'company-admin-work', a, [], { recipients: to.map((x) => x.email).sort() });
    // Nobody to tell: the notice is refused as it stands, and nothing is queued.
    return e.outcome === 'allow' && !to.length ? unchanged(s, 'refuse', 'nobody receives it') : e;
  }
  switch (c.what) {
    case 'cases': {
      // Own cases (opened or copied), and every case of the infrastructures one is Infra Admin of.
      const sees = (k: MState['cases'][number]) =>
        k.openedBy === me || k.cc.includes(me) || (m?.status === 'active' && isActiveIA(m, k.infra));
      const hide = s.cases.filter((k) => !sees(k)).map((k) => k.id);
      return answer(s, 'view-cases', a, [], { hide });
    }
    case 'security-contacts':
      return answer(s, 'browse', a, [], {
        phones: !!m && m.status === 'active' && (m.companyAdmin || Object.values(m.roles).includes('admin')),
      });
    case 'notifications':
      return answer(s, 'browse', a, [], { companyNotices: isActiveCA(m) });
    case 'slots':
    case 'license':
      return answer(s, 'infra-admin-work', a, [c.infra ?? ''], {});
    case 'audit':
      return c.infra
        ? answer(s, 'infra-admin-work', a, [c.infra], {})
        : answer(s, 'company-admin-work', a, [], {});
    case 'audit-verify':
      return answer(s, 'company-admin-work', a, [], {});
  }
}
