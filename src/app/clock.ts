// Time, injected: production reads the system clock; tests move a fake one forward.
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

export function fakeClock(
  start: Date | string,
): Clock & { advance(ms: number): void; set(d: Date | string): void } {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
    set: (d) => {
      t = new Date(d).getTime();
    },
  };
}
