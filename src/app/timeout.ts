// A deadline for a call to a chat platform: a hung request must not hold a person's answer or the outbox for ever.

export class TimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
}

/** `p`, or a TimeoutError after `ms` (the call itself may still finish later; its result is then dropped). */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} timed out after ${ms} ms`)), ms);
    timer.unref?.();
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}
