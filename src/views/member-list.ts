// People as one line of member spans, "Ana Lima (ana@…), Raj Rao (raj@…)", for answers that name who to ask.
import { memberRef, plain, type Span } from './view.ts';

export const memberList = (
  people: ReadonlyArray<{ name: string; email: string }>,
  none = 'nobody yet',
): Span[] =>
  people.length
    ? people.flatMap((p, i) => (i ? [plain(', '), memberRef(p)] : [memberRef(p)]))
    : [plain(none)];
