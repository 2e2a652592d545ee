// Random steps: commands by every kind of actor, on the people and infrastructures of the world, and time passing.
import fc from 'fast-check';
import type { MCommand, ViewKind } from '../model/commands.ts';
import type { Actor, RoleKind } from '../model/state.ts';
import type { Step } from './run.ts';
import { CONTACT, GUEST_OF, INFRAS, MEMBERS, NEWCOMERS, PEOPLE, STRANGER } from './world.ts';

/** Mostly the team (so things happen), sometimes an invitee, a contact, a stranger or a guest. */
const actor: fc.Arbitrary<Actor> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...MEMBERS).map((email) => ({ email })) },
  { weight: 2, arbitrary: fc.constantFrom(...NEWCOMERS).map((email) => ({ email })) },
  { weight: 1, arbitrary: fc.constantFrom(CONTACT, STRANGER).map((email) => ({ email })) },
  { weight: 1, arbitrary: fc.constant({ email: GUEST_OF, guest: true }) },
);
/** "SELF" stands for the actor: people acting on themselves is where escalation hides. */
const SELF = 'SELF';
const person = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PEOPLE) },
  { weight: 1, arbitrary: fc.constant(SELF) },
);
const infra = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...INFRAS) },
  { weight: 1, arbitrary: fc.constant('nope-1') },
);
const forHours = fc.option(fc.constantFrom(1, 2, 8), { nil: undefined, freq: 2 });
const kind = fc.constantFrom<RoleKind>('company-admin', 'infra-admin', 'access');
const requestId = fc.integer({ min: 1001, max: 1006 }).map((n) => `AR-${n}`);
const caseId = fc.constantFrom('CS-1003', 'CS-1005', 'CS-1006', 'CS-1007');

/** Mostly typed with --confirm, so changes happen; sometimes without, so the confirmation itself is tried. */
const confirm = fc.oneof(
  { weight: 3, arbitrary: fc.constant(true) },
  { weight: 1, arbitrary: fc.constant(false) },
);
const roleArgs = (k: RoleKind, x: string) => (k === 'company-admin' ? {} : { infra: x });

const command: fc.Arbitrary<MCommand> = fc.oneof(
  fc
    .record({
      email: person,
      companyAdmin: fc.boolean(),
      x: fc.option(infra, { nil: undefined }),
      admin: fc.boolean(),
    })
    .map(
      ({ email, companyAdmin, x, admin }): MCommand => ({
        c: 'invite',
        email,
        companyAdmin,
        ...(x ? (admin ? { infraAdmin: x } : { member: x }) : {}),
      }),
    ),
  fc.constant<MCommand>({ c: 'accept' }),
  {
    weight: 4,
    arbitrary: fc.tuple(kind, person, infra, forHours).map(
      ([k, email, x, h]): MCommand => ({
        c: 'grant',
        kind: k,
        email,
        ...roleArgs(k, x),
        ...(h && k !== 'company-admin' ? { forHours: h } : {}),
      }),
    ),
  },
  {
    weight: 3,
    arbitrary: fc.tuple(kind, person, infra, confirm).map(
      ([k, email, x, sure]): MCommand => ({
        c: 'revoke',
        kind: k,
        email,
        ...roleArgs(k, x),
        confirm: sure,
      }),
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(person, confirm)
      .map(([email, sure]): MCommand => ({ c: 'remove', email, confirm: sure })),
  },
  fc.tuple(person, confirm).map(([email, sure]): MCommand => ({ c: 'cancel-invite', email, confirm: sure })),
  fc
    .tuple(fc.boolean(), person, confirm)
    .map(([set, email, sure]): MCommand => ({ c: 'security-contact', set, email, confirm: sure })),
  {
    weight: 4,
    arbitrary: fc.tuple(kind, infra, forHours).map(
      ([k, x, h]): MCommand => ({
        c: 'request',
        kind: k,
        ...roleArgs(k, x),
        ...(h ? { forHours: h } : {}),
      }),
    ),
  },
  { weight: 4, arbitrary: requestId.map((id): MCommand => ({ c: 'approve', id })) },
  requestId.map((id): MCommand => ({ c: 'deny', id })),
  requestId.map((id): MCommand => ({ c: 'cancel-request', id })),
  infra.map((x): MCommand => ({ c: 'case-open', infra: x })),
  caseId.map((id): MCommand => ({ c: 'case-approve', id })),
  person.map((email): MCommand => ({ c: 'link-guest', email })),
  fc.constant<MCommand>({ c: 'settings-off' }),
  fc
    .option(infra, { nil: undefined })
    .map((x): MCommand => ({ c: 'review-start', ...(x ? { infra: x } : {}) })),
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom<ViewKind>(
          'cases',
          'security-contacts',
          'notifications',
          'slots',
          'license',
          'audit',
          'audit-verify',
        ),
        fc.option(infra, { nil: undefined }),
      )
      .map(([what, x]): MCommand => {
        const needs = what === 'slots' || what === 'license';
        const takes = needs || what === 'cases' || what === 'audit';
        return { c: 'view', what, ...(needs ? { infra: x ?? 'prod-eu' } : takes && x ? { infra: x } : {}) };
      }),
  },
  fc
    .tuple(
      fc.constantFrom('maintenance', 'disruptive', 'security') as fc.Arbitrary<
        'maintenance' | 'disruptive' | 'security'
      >,
      infra,
    )
    .map(([type, x]): MCommand => ({ c: 'notify', type, ...(type === 'security' ? {} : { infra: x }) })),
);

export const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({ actor, cmd: command }).map(({ actor, cmd }): Step => {
      const self = 'email' in cmd && cmd.email === SELF ? { ...cmd, email: actor.email } : cmd;
      return { kind: 'cmd', actor, cmd: self };
    }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(1, 2, 9, 30, 200).map((hours): Step => ({ kind: 'clock', hours })),
  },
);

export const sequence = (maxLength: number) => fc.array(step, { minLength: 1, maxLength, size: 'max' });
