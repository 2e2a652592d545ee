// One console conversation: turns typed lines into app inputs and remembers the last view's buttons.
import type { App, Identity, Input } from '../../src/app/app.ts';
import { escapeControls, type RenderedText, renderText } from '../../src/views/render-text.ts';
import type { CommandRef, ExportFile } from '../../src/views/view.ts';

const PRESS = /^(?:press\s+)?(\d+)$/i;

export class ConsoleSession {
  private last: RenderedText | undefined;
  /** A destructive button pressed but not yet confirmed: the next line decides. */
  private pending: CommandRef | undefined;
  private done = false;

  private readonly app: Pick<App, 'handle'>;
  private readonly identity: Identity;
  private readonly write: (s: string) => void;
  private readonly width: number | undefined;
  private readonly save: ((file: ExportFile) => Promise<string>) | undefined;

  constructor(opts: {
    app: Pick<App, 'handle'>;
    identity: Identity;
    /** Receives what to print, each answer followed by a blank line; tests can omit it. */
    write?: (s: string) => void;
    /** The terminal's width, for tables; defaults to the renderer's. */
    width?: number;
    /** Writes an exported file and returns its path; without it, exports are refused as unsaved. */
    save?: (file: ExportFile) => Promise<string>;
  }) {
    this.app = opts.app;
    this.identity = opts.identity;
    this.write = opts.write ?? (() => {});
    this.width = opts.width;
    this.save = opts.save;
  }

  /** True once the user typed quit or exit. */
  get ended(): boolean {
    return this.done;
  }

  /** Handles one typed line and returns what it printed (without the trailing blank line). */
  async handleLine(line: string): Promise<string> {
    const out = await this.answer(line.trim());
    if (out !== '') this.write(`${out}\n\n`);
    return out;
  }

  private async answer(line: string): Promise<string> {
    if (this.pending !== undefined) {
      const ref = this.pending;
      this.pending = undefined;
      if (/^y(es)?$/i.test(line)) return this.send({ kind: 'command', ref });
      return 'Cancelled: nothing was done.';
    }
    if (line === '') return '';
    if (line === 'quit' || line === 'exit') {
      this.done = true;
      return '';
    }
    const press = PRESS.exec(line);
    if (press?.[1] !== undefined) return this.press(press[1]);
    return this.send({ kind: 'text', text: line });
  }

  private async press(digits: string): Promise<string> {
    const n = Number(digits);
    const buttons = this.last?.buttons ?? [];
    const ref = buttons[n - 1];
    if (ref === undefined || n < 1) {
      return buttons.length === 0
        ? `There is no button ${digits}: the last answer has no buttons.`
        : `There is no button ${digits}: the last answer has buttons 1 to ${buttons.length}.`;
    }
    const question = this.last?.confirms[n - 1];
    if (question !== undefined) {
      // The chats show a confirmation dialog for destructive actions; the console asks in text.
      this.pending = ref;
      return `${escapeControls(question)}\nType yes to go ahead; anything else cancels.`;
    }
    return this.send({ kind: 'command', ref });
  }

  /** Says where the file went, or that it went nowhere: an export is never claimed unsaved. */
  private async saved(file: ExportFile): Promise<string> {
    if (!this.save) return `${file.name} was not saved: this console has no folder for files.`;
    try {
      return `Saved to ${escapeControls(await this.save(file))} (readable only by you).`;
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return `✗ ${file.name} was not saved: ${escapeControls(why)}. Nothing was written; check the data folder and try again.`;
    }
  }

  private async send(input: Input): Promise<string> {
    try {
      const reply = await this.app.handle(this.identity, input);
      this.last = renderText(reply.view, { width: this.width });
      return reply.file ? `${this.last.text}\n\n${await this.saved(reply.file)}` : this.last.text;
    } catch (err) {
      // The app answers failures as views; a throw is a bug, but one bad line should not end the session.
      return `✗ Something went wrong: ${escapeControls(err instanceof Error ? err.message : String(err))}`;
    }
  }
}
