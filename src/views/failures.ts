// The one place failures become words, so every chat says the same thing.
import type { Failure } from '../commands/failure.ts';
import { type Block, code, memberRef, type Span, strong, text, textBlock, type View, view } from './view.ts';

const people = (list: Array<{ name: string; email: string }>): Span[] =>
  list.flatMap((p, i) => (i === 0 ? [memberRef(p)] : [{ kind: 'plain', text: ', ' } as Span, memberRef(p)]));

/** Ends a clause with a full stop unless it already ends a sentence ("did you mean prod-eu?"). */
const sentence = (s: string) => (/[.?!]$/.test(s) ? s : `${s}.`);

export function failureView(f: Failure): View {
  const blocks: Block[] = [];
  switch (f.kind) {
    case 'denied':
      blocks.push(textBlock("You can't do that: ", f.rule, '.'));
      if (f.couldInstead.length)
        blocks.push({ kind: 'text', text: text('Ask ', ...people(f.couldInstead), '.') });
      break;
    case 'invalid':
      blocks.push(textBlock(strong(f.field), `: ${sentence(f.problem)}`));
      if (f.usage) blocks.push(textBlock('Usage: ', code(f.usage)));
      break;
    case 'not-found':
      blocks.push(textBlock(`No ${f.what} `, strong(f.name), f.hint ? `: ${sentence(f.hint)}` : '.'));
      break;
    case 'conflict':
      blocks.push(typeof f.message === 'string' ? textBlock(f.message) : { kind: 'text', text: f.message });
      if (f.hint) blocks.push(textBlock(f.hint));
      break;
    case 'unknown-user':
      blocks.push(textBlock("I don't know you yet: ", f.reason, '.'));
      blocks.push(
        f.admins.length
          ? { kind: 'text', text: text('Ask a Company Admin to invite you: ', ...people(f.admins), '.') }
          : textBlock("Ask your company's Customer Portal administrators to invite you."),
      );
      break;
    case 'unknown-command':
      blocks.push(textBlock("I didn't understand ", code(f.input.slice(0, 80)), '.'));
      blocks.push(
        f.suggestion
          ? textBlock('Did you mean ', code(f.suggestion.name), '? Usage: ', code(f.suggestion.usage))
          : textBlock('Type ', code('help'), ' for the commands.'),
      );
      break;
    case 'not-saved':
      blocks.push(
        textBlock(
          'That change was not saved, because the store could not read it back: ',
          code(f.field),
          `: ${sentence(f.problem)}`,
        ),
      );
      blocks.push(textBlock('Nothing was changed. Try shorter values, or tell your administrators.'));
      break;
    case 'identity-unavailable':
      blocks.push(
        textBlock(
          "I couldn't check who you are with your chat just now, so nothing was changed. Please try again.",
        ),
      );
      break;
    case 'internal':
      blocks.push(textBlock('Something went wrong on our side, and nothing was changed. Please try again.'));
      break;
    case 'unconfirmed':
      blocks.push(
        textBlock(
          'The connection to the database broke while this was being saved, and it could not be confirmed whether it was. Check (for example with ',
          code('whoami'),
          ' or ',
          code('team'),
          ') before trying again.',
        ),
      );
      break;
    default: {
      const never: never = f;
      throw new Error(`unhandled failure ${JSON.stringify(never)}`);
    }
  }
  return view(blocks, { tone: f.kind === 'denied' || f.kind === 'unknown-user' ? 'refusal' : 'error' });
}
