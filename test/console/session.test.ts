// The console session over the real app on a temp file: typing, pressing numbered buttons, confirming.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleSession } from '../../adapters/console/session.ts';
import type { Input } from '../../src/app/app.ts';
import { asConsole, fileApp } from '../fakes/app.ts';

type FileApp = Awaited<ReturnType<typeof fileApp>>;
let app: FileApp;
let inputs: Input[];
let printed: string[];

/** A session as `email` whose app records every input it receives. */
const sessionAs = (email: string) =>
  new ConsoleSession({
    app: {
      handle: (identity, input) => {
        inputs.push(input);
        return app.handle(identity, input);
      },
    },
    identity: asConsole(email),
    write: (s) => printed.push(s),
  });

beforeEach(async () => {
  app = await fileApp();
  inputs = [];
  printed = [];
});
afterEach(() => app.cleanup());

describe('ConsoleSession', () => {
  it('sends typed lines as text and prints the rendered view followed by a blank line', async () => {
    const s = sessionAs('alexw@example.com');
    const out = await s.handleLine('  whoami ');
    expect(out).toContain('Alex Wilber <alexw@example.com>');
    expect(out.split('\n')[0]).toEqual('Who you are');
    expect(inputs).toEqual([{ kind: 'text', text: 'whoami' }]);
    expect(printed).toEqual([`${out}\n\n`]);
  });

  it('presses a button of the last view by number, or with "press N"', async () => {
    const s = sessionAs('alexw@example.com');
    // Ten "Edit" buttons (one a member on the page) come first, then the pager.
    expect(await s.handleLine('team')).toContain('Page 1 of 2  [11] Next');
    const page2 = await s.handleLine('11');
    expect(inputs[1]).toMatchObject({ kind: 'command', ref: { name: 'team', args: { page: '2' } } });
    expect(page2).toContain('Page 2 of 2');
    expect(page2).toContain('[1] Edit Pradeep Gupta');
    expect(page2).toContain('[2] Resend to Joni Sherman');
    // Numbering now follows the page-2 view: its last button is Previous.
    const back = await s.handleLine('press 5');
    expect(inputs[2]).toMatchObject({ kind: 'command', ref: { name: 'team', args: { page: '1' } } });
    expect(back).toContain('Page 1 of 2');
  });

  it('explains a number with no button behind it and sends nothing', async () => {
    const s = sessionAs('alexw@example.com');
    expect(await s.handleLine('1')).toEqual('There is no button 1: the last answer has no buttons.');
    await s.handleLine('team');
    expect(await s.handleLine('12')).toEqual('There is no button 12: the last answer has buttons 1 to 11.');
    expect(await s.handleLine('0')).toEqual('There is no button 0: the last answer has buttons 1 to 11.');
    expect(await s.handleLine('press 99999999999999999999')).toEqual(
      'There is no button 99999999999999999999: the last answer has buttons 1 to 11.',
    );
    expect(inputs).toEqual([{ kind: 'text', text: 'team' }]);
    // The failed press did not forget the view: 11 is still Next.
    expect(await s.handleLine('11')).toContain('Page 2 of 2');
  });

  it('asks before a destructive button and only acts on yes', async () => {
    const s = sessionAs('alexw@example.com');
    expect(await s.handleLine('slots prod-eu')).toContain('[1] Release dev (!) (asks to confirm)');
    expect(await s.handleLine('1')).toEqual(
      'Release the slot of dev on prod-eu? The environment stops being licensed.\n' +
        'Type yes to go ahead; anything else cancels.',
    );
    expect(await s.handleLine('no')).toEqual('Cancelled: nothing was done.');
    expect(inputs).toHaveLength(1);

    await s.handleLine('1');
    expect(await s.handleLine('yes')).toContain('Released `dev`');
    expect(inputs[1]).toEqual({
      kind: 'command',
      ref: { name: 'slot release', args: { infra: 'prod-eu', env: 'dev' } },
    });
    const data = await app.data();
    const envs = data.companies[0]?.subscriptions.flatMap((sub) =>
      sub.infrastructures.filter((i) => i.id === 'prod-eu').flatMap((i) => i.slots.map((x) => x.env)),
    );
    expect(envs).toEqual(['test', 'prod']);
  });

  it('gives an unknown email the unknown-user answer and no team data', async () => {
    const s = sessionAs('eve@evil.example');
    const out = await s.handleLine('team');
    expect(out).toContain("I don't know you yet");
    expect(out).not.toContain('Alex Wilber');
    expect(out).not.toContain('@example.com');
    expect(out).not.toContain('Page');
  });

  it('ignores empty lines and ends on quit or exit', async () => {
    const s = sessionAs('alexw@example.com');
    expect(await s.handleLine('   ')).toEqual('');
    expect(s.ended).toBe(false);
    expect(await s.handleLine('quit')).toEqual('');
    expect(s.ended).toBe(true);
    const t = sessionAs('alexw@example.com');
    await t.handleLine('exit');
    expect(t.ended).toBe(true);
    expect(inputs).toEqual([]);
    expect(printed).toEqual([]);
  });
});
