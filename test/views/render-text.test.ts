// The console's plain-text rendering: exact strings, button numbering and terminal-safe escaping.
import { describe, expect, it } from 'vitest';
import { escapeControls, renderSpans, renderText } from '../../src/views/render-text.ts';
import { code, memberRef, plain, strong, text, type View, view } from '../../src/views/view.ts';

const alex = { name: 'Alex Wilber', email: 'alexw@example.com' };
const cmd = (name: string, args: Record<string, string> = {}) => ({ name, args });

describe('renderSpans', () => {
  it('marks strong, code and members without any markup language', () => {
    expect(
      renderSpans([
        plain('Hi '),
        strong('there'),
        plain(', run '),
        code('team'),
        plain(' — '),
        memberRef(alex),
      ]),
    ).toEqual('Hi *there*, run `team` — Alex Wilber <alexw@example.com>');
  });

  it('keeps spaces around strong and code outside the marks', () => {
    expect(renderSpans([strong('You can: '), plain('see'), code(' x'), strong(' ')])).toEqual(
      '*You can:* see `x` ',
    );
  });

  it('shows a member without a name by email alone', () => {
    expect(renderSpans([memberRef({ name: '', email: 'a@example.com' })])).toEqual('a@example.com');
  });
});

describe('renderText', () => {
  it('underlines the title and separates blocks with a blank line', () => {
    const v = view(
      [
        { kind: 'text', text: text('Hello ', memberRef(alex)) },
        { kind: 'text', text: text('Bye') },
      ],
      {
        title: 'Who am I',
      },
    );
    expect(renderText(v)).toEqual({
      text: 'Who am I\n========\n\nHello Alex Wilber <alexw@example.com>\n\nBye',
      buttons: [],
      confirms: [],
    });
  });

  it('aligns fields', () => {
    const v = view([
      {
        kind: 'fields',
        fields: [
          ['Name', text('Alex Wilber')],
          ['Email', text(code('alexw@example.com'))],
          ['Note', []],
        ],
      },
    ]);
    expect(renderText(v).text).toEqual('Name:  Alex Wilber\nEmail: `alexw@example.com`\nNote:');
  });

  it('aligns table columns under a header and a separator, widening for long cells', () => {
    const v = view([
      {
        kind: 'table',
        columns: ['Name', 'Role'],
        rows: [[text('Alex Wilber'), text('admin')], [text('Bo'), text('member')], [text('Short row')]],
      },
    ]);
    expect(renderText(v).text).toEqual(
      [
        'Name         Role',
        '-----------  ------',
        'Alex Wilber  admin',
        'Bo           member',
        'Short row',
      ].join('\n'),
    );
  });

  it('falls back to one record per paragraph when the table is wider than the width', () => {
    const v = view([
      {
        kind: 'table',
        columns: ['Name', 'Email'],
        rows: [
          [text('Alex Wilber'), text('alexw@example.com')],
          [text('Bo'), text('bo@example.com')],
        ],
      },
    ]);
    expect(renderText(v, { width: 20 }).text).toEqual(
      ['Name:  Alex Wilber', 'Email: alexw@example.com', '', 'Name:  Bo', 'Email: bo@example.com'].join('\n'),
    );
    // The same table fits in the default width of 100.
    expect(renderText(v).text.split('\n')[0]).toEqual('Name         Email');
  });

  it('numbers buttons across several actions blocks and marks danger and confirmation', () => {
    const v = view([
      { kind: 'actions', actions: [{ label: 'Show team', command: cmd('team') }] },
      { kind: 'text', text: text('More:') },
      {
        kind: 'actions',
        actions: [
          { label: 'Make admin', command: cmd('promote', { email: 'a@x.io' }), style: 'primary' },
          {
            label: 'Remove',
            command: cmd('remove', { email: 'a@x.io' }),
            style: 'danger',
            confirm: 'Remove a@x.io from the portal?',
          },
          { label: 'Resend', command: cmd('resend'), confirm: 'Send again?' },
        ],
      },
    ]);
    expect(renderText(v)).toEqual({
      text: '[1] Show team\n\nMore:\n\n[2] Make admin\n[3] Remove (!) (asks to confirm)\n[4] Resend (asks to confirm)',
      buttons: [
        cmd('team'),
        cmd('promote', { email: 'a@x.io' }),
        cmd('remove', { email: 'a@x.io' }),
        cmd('resend'),
      ],
      confirms: [undefined, undefined, 'Remove a@x.io from the portal?', 'Send again?'],
    });
  });

  describe('pager', () => {
    const pager = (page: number, pages: number): View =>
      view([
        { kind: 'actions', actions: [{ label: 'Refresh', command: cmd('team') }] },
        { kind: 'pager', page, pages, command: cmd('team', { filter: 'pending' }) },
      ]);

    it('offers only Next on the first page', () => {
      expect(renderText(pager(1, 5))).toMatchObject({
        text: '[1] Refresh\n\nPage 1 of 5  [2] Next',
        buttons: [cmd('team'), cmd('team', { filter: 'pending', page: '2' })],
      });
    });

    it('offers Previous and Next in the middle, numbered after earlier buttons', () => {
      expect(renderText(pager(3, 5))).toMatchObject({
        text: '[1] Refresh\n\nPage 3 of 5  [2] Previous  [3] Next',
        buttons: [
          cmd('team'),
          cmd('team', { filter: 'pending', page: '2' }),
          cmd('team', { filter: 'pending', page: '4' }),
        ],
      });
    });

    it('offers only Previous on the last page, and nothing on a single page', () => {
      expect(renderText(pager(5, 5))).toMatchObject({
        text: '[1] Refresh\n\nPage 5 of 5  [2] Previous',
        buttons: [cmd('team'), cmd('team', { filter: 'pending', page: '4' })],
      });
      expect(renderText(pager(1, 1))).toMatchObject({
        text: '[1] Refresh\n\nPage 1 of 1',
        buttons: [cmd('team')],
      });
    });
  });

  it('renders a form with values, options, errors, the typed command and a submit button', () => {
    const v = view([
      { kind: 'actions', actions: [{ label: 'Cancel', command: cmd('team') }] },
      {
        kind: 'form',
        form: {
          submit: cmd('invite', { company: 'contoso' }),
          title: 'Invite someone',
          submitLabel: 'Invite',
          fields: [
            { kind: 'text', name: 'email', label: 'Email', required: true, initial: 'not-an-email' },
            { kind: 'text', name: 'name', label: 'Name', required: false, placeholder: 'Ana Diaz' },
            {
              kind: 'select',
              name: 'role',
              label: 'Role',
              initial: 'member',
              options: [
                { value: 'admin', label: 'Admin' },
                { value: 'member', label: 'member' },
              ],
            },
            { kind: 'checkbox', name: 'notify', label: 'Send welcome', initial: true, hint: 'by email' },
          ],
          errors: { email: 'expected an email address', _: 'fix the fields above' },
        },
      },
    ]);
    expect(renderText(v)).toEqual({
      text: [
        '[1] Cancel',
        '',
        'Invite someone',
        '  Email (required): not-an-email',
        '  ! email: expected an email address',
        '  Name: (e.g. Ana Diaz)',
        '  Role: member  [options: admin (Admin), member]',
        '  Send welcome: yes  (by email)',
        '  ! _: fix the fields above',
        'Type: invite --company contoso --email <email> --name <name> --role admin|member [--notify]',
        '[2] Invite (with the values above)',
      ].join('\n'),
      buttons: [
        cmd('team'),
        cmd('invite', { company: 'contoso', email: 'not-an-email', role: 'member', notify: 'true' }),
      ],
      confirms: [undefined, undefined],
    });
  });

  it('quotes fixed form arguments that hold spaces in the typed command', () => {
    const v = view([
      {
        kind: 'form',
        form: {
          submit: cmd('rename', { infra: 'prod eu' }),
          title: 'Rename',
          submitLabel: 'Save',
          fields: [],
        },
      },
    ]);
    expect(renderText(v).text).toEqual(
      'Rename\nType: rename --infra "prod eu"\n[1] Save (with the values above)',
    );
  });

  it('prefixes the first line by tone', () => {
    expect(renderText(view([{ kind: 'text', text: text('Not allowed') }], { tone: 'refusal' })).text).toEqual(
      '✗ Not allowed',
    );
    expect(renderText(view([], { tone: 'error', title: 'Oops' })).text).toEqual('✗ Oops\n======');
    expect(renderText(view([{ kind: 'text', text: text('Invited') }], { tone: 'success' })).text).toEqual(
      '✓ Invited',
    );
    expect(renderText(view([{ kind: 'text', text: text('Hi') }], { tone: 'info' })).text).toEqual('Hi');
  });

  it('never lets a hostile name reach the terminal raw', () => {
    const hostile = { name: 'Eve\u001b[2J\u001b[31mRED\nfake line\r\u0007', email: 'eve@x.io\u009b1m' };
    const v = view(
      [
        { kind: 'text', text: [plain('Hi '), memberRef(hostile)] },
        { kind: 'table', columns: ['Na\tme'], rows: [[[strong('x\u007fy')]]] },
        { kind: 'actions', actions: [{ label: `Remove ${hostile.name}`, command: cmd('remove') }] },
      ],
      { title: 'T\u001b]0;pwned\u0007' },
    );
    const out = renderText(v).text;
    expect(out).toEqual(
      [
        'T^[]0;pwned^G',
        '=============',
        '',
        'Hi Eve^[[2J^[[31mRED^Jfake line^M^G <eve@x.io\uFFFD1m>',
        '',
        'Na^Ime',
        '------',
        '*x^?y*',
        '',
        '[1] Remove Eve^[[2J^[[31mRED^Jfake line^M^G',
      ].join('\n'),
    );
    const raw = [...out].filter((ch) => {
      const c = ch.codePointAt(0) ?? 0;
      return (c < 0x20 && ch !== '\n') || (c >= 0x7f && c <= 0x9f);
    });
    expect(raw).toEqual([]);
  });

  it('replaces bidi overrides and line separators with U+FFFD', () => {
    expect(escapeControls('a\u202eb\u2028c\u2066d')).toEqual('a\uFFFDb\uFFFDc\uFFFDd');
  });
});
