// The state behind the test-only breakage switch (see breakable.ts); it imports nothing so every rule may ask it.
let broken: string | null = null;

/** True only while a test has broken this rule; production never sets it (breakRule refuses outside vitest). */
export function isBroken(id: string): boolean {
  return broken === id;
}

/** Only breakable.ts calls this, after checking the rule id and that vitest is running. */
export function setBroken(id: string | null): void {
  broken = id;
}
