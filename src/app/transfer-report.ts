// The closing lines of a store move: each company's audit chain as verified where it arrived.
import type { ChainCheck } from '../store/store.ts';

/** Prints one line per company whose chain does not verify; returns the exit code (1 when any). */
export function reportChains(verified: ReadonlyArray<{ company: string; check: ChainCheck }>): number {
  const broken = verified.filter((v) => !v.check.ok);
  for (const { company, check } of broken)
    if (!check.ok)
      process.stderr.write(
        `Audit chain of ${company} does not verify: ${check.reason} at event ${check.brokenAt} (${check.events} events read).\n`,
      );
  if (!broken.length)
    process.stdout.write(`Audit chains verified: ${verified.length} of ${verified.length}.\n`);
  return broken.length ? 1 : 0;
}
