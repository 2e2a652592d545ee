// Modal submissions: what a modal remembers (its metadata, read back untrusted) and how a refusal stays in the open modal.
import { z } from 'zod';
import type { Outcome } from '../../src/app/app.ts';
import { plainOf, type View } from '../../src/views/view.ts';
import type { FormMetadata } from './deliver.ts';
import { type FormErrorsResponse, formErrors } from './render/modal.ts';

const FormMetadataSchema = z.object({
  c: z.string().min(1).max(60),
  a: z.record(z.string(), z.string()),
  f: z.array(z.tuple([z.string().max(64), z.enum(['text', 'checkbox', 'select'])])).max(50),
  ch: z.string().optional(),
});

/** private_metadata as we wrote it, or null: anything a client hands back is untrusted. */
export function parseMetadata(raw: string): FormMetadata | null {
  try {
    const parsed = FormMetadataSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) return null;
    const { c, a, f, ch } = parsed.data;
    return { c, a, f, ...(ch ? { ch } : {}) };
  } catch {
    return null;
  }
}

/** A refusal as one line, for the small error under a modal's field. */
const viewText = (v: View) =>
  v.blocks
    .map((b) => (b.kind === 'text' ? plainOf(b.text) : ''))
    .filter((x) => x.trim() !== '')
    .join(' ');

/**
 * The ack that keeps a refused submission's modal open, with what was typed: a bad value under its own
 * field, any other refusal (a denial, a conflict) under the first field. Null when it went through, or
 * when the modal shows no field the error could sit under.
 */
export function modalRefusal(
  outcome: Outcome,
  meta: FormMetadata,
  shown: Record<string, unknown>,
): FormErrorsResponse | null {
  const r = outcome.result;
  const names = meta.f.map(([name]) => name).filter((n) => n in shown);
  const first = names[0];
  if (r.ok || first === undefined) return null;
  const f = r.failure;
  if (f.kind === 'invalid' && names.includes(f.field)) return formErrors({ [f.field]: f.problem }, names);
  return formErrors({ [first]: viewText(outcome.reply.view) }, names);
}
