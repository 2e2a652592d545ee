// Why a transaction did not happen, as typed errors whose messages say what to do. Nothing changed in any case.

/** The change would store something the store could not read back; it was refused. */
export class InvalidChangeError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`The change was not saved: ${field}: ${problem}. Nothing was changed.`);
    this.name = 'InvalidChangeError';
  }
}

/** The change could not be made durable (disk full, I/O error, database unreachable). */
export class StoreWriteError extends Error {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`The change could not be saved (${reason}). Nothing was changed; try again.`, options);
    this.name = 'StoreWriteError';
  }
}

export class StoreClosedError extends Error {
  constructor() {
    super('The store is closed.');
    this.name = 'StoreClosedError';
  }
}

export const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
