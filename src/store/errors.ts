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

/**
 * The connection broke while the change was being committed, and the store could not learn whether it was
 * saved: unlike its parent's message, this one does not claim that nothing changed.
 */
export class OutcomeUnknownError extends StoreWriteError {
  constructor(options?: { cause?: unknown }) {
    super('the database connection broke during the commit', options);
    this.message =
      'The database connection broke while the change was being saved, and it could not be confirmed whether it was saved. Check before trying again.';
    this.name = 'OutcomeUnknownError';
  }
}

export class StoreClosedError extends Error {
  constructor() {
    super('The store is closed.');
    this.name = 'StoreClosedError';
  }
}

export const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
