// Cards as Teams gets them: rows of at most five buttons, a refresh for read-only views, the form carried for its errors.
import { describe, expect, it } from 'vitest';
import { cardFor, formAgain, REFRESH_VERB, readPress } from '../../adapters/teams/cards.ts';
import { MAX_ACTIONS_PER_SET, renderCard } from '../../adapters/teams/render/card.ts';
import { decodePress, encodeAction } from '../../src/views/action-codec.ts';
import { type CommandRef, type FormSpec, textBlock, view } from '../../src/views/view.ts';

const cmd = (name: string, args: Record<string, string> = {}): CommandRef => ({ name, args });

const FORM: FormSpec = {
  submit: cmd('invite'),
  title: 'Add team member',
  submitLabel: 'Invite',
  fields: [
    { kind: 'text', name: 'email', label: 'Email', required: true },
    { kind: 'checkbox', name: 'lifetime', label: 'LifeTime', initial: false },
    {
      kind: 'select',
      name: 'role:prod-eu',
      label: 'prod-eu',
      initial: 'none',
      options: [
        { value: 'none', label: 'No access' },
        { value: 'member', label: 'Member' },
      ],
    },
  ],
};

type Exec = { type: string; verb: string; data: Record<string, unknown> };
const executes = (n: unknown): Exec[] =>
  Array.isArray(n)
    ? n.flatMap(executes)
    : typeof n === 'object' && n !== null
      ? [...((n as Exec).type === 'Action.Execute' ? [n as Exec] : []), ...Object.values(n).flatMap(executes)]
      : [];

describe('the renderer', () => {
  it(`puts at most ${MAX_ACTIONS_PER_SET} buttons in one action set (hosts show no more)`, () => {
    const actions = Array.from({ length: 12 }, (_, i) => ({
      label: `B${i}`,
      command: cmd('resend', { n: `${i}` }),
    }));
    const card = renderCard(view([{ kind: 'actions', actions }]));
    expect(card.body.map((e) => (e.type === 'ActionSet' ? e.actions.length : 0))).toEqual([5, 5, 2]);
    expect(executes(card).map((a) => a.verb)).toEqual(actions.map((_, i) => `portal:resend:${i + 1}`));
  });

  it('carries the command that drew the view in every button, so a stale card can be redrawn', () => {
    const source = cmd('slots', { infra: 'prod-eu' });
    const card = renderCard({
      ...view([{ kind: 'actions', actions: [{ label: 'Release dev', command: cmd('slot release') }] }]),
      source,
    });
    expect(executes(card).map((a) => decodePress(a.data.portal))).toEqual([
      { ref: cmd('slot release'), source },
    ]);
  });
});

describe('cardFor', () => {
  it('a view drawn by a read-only command refreshes itself by running it again', () => {
    const source = cmd('who admins', { infra: 'prod-eu' });
    expect(cardFor({ ...view([textBlock('x')]), source }).refresh).toEqual({
      action: { type: 'Action.Execute', verb: REFRESH_VERB, data: { portal: encodeAction(source) } },
    });
    expect(cardFor(view([textBlock('x')])).refresh).toBeUndefined();
  });

  it("a form's submit button carries the form; the press reads its inputs through it", () => {
    const card = cardFor(view([{ kind: 'form', form: { ...FORM, errors: { email: 'old error' } } }]));
    const [submit] = executes(card);
    expect(submit?.data._form).toEqual(FORM);
    const press = readPress({
      ...submit?.data,
      email: 'ana@example.com',
      lifetime: 'true',
      'company-admin': 'true',
    });
    expect(press.form).toEqual(FORM);
    expect(press.submission).toEqual({
      ref: cmd('invite', { email: 'ana@example.com', lifetime: 'true' }),
      inputs: { email: 'ana@example.com', lifetime: 'true' },
    });
  });

  it('a forged form is no form: the press is read as any other', () => {
    const press = readPress({
      portal: encodeAction(cmd('invite')),
      _form: { fields: 'all of them' },
      email: 'a@b.c',
    });
    expect(press.form).toBeUndefined();
    expect(press.submission?.inputs).toEqual({ email: 'a@b.c' });
  });

  it('the form again keeps what was typed and shows the error by its field', () => {
    const again = formAgain(
      FORM,
      { email: 'nope', lifetime: 'true', 'role:prod-eu': 'member' },
      { email: 'is not an email' },
    );
    const block = again.blocks[0];
    if (block?.kind !== 'form') throw new Error('expected a form');
    expect(block.form.errors).toEqual({ email: 'is not an email' });
    expect(
      block.form.fields.map((f) =>
        f.kind === 'checkbox' ? f.initial : f.kind === 'text' ? f.initial : f.initial,
      ),
    ).toEqual(['nope', true, 'member']);
  });
});
