/**
 * Timers that never overflow. `setTimeout` takes a signed 32-bit delay: anything above 2^31 - 1 ms
 * (about 24.8 days) fires at once on every runtime. Long waits are chunked instead.
 */

/** The longest delay `setTimeout` honours. */
export const MAX_TIMER = 2_147_483_647;

const noop = (): void => {};

/**
 * Calls `fn` after `ms` milliseconds and returns the function that cancels it. A delay above
 * {@link MAX_TIMER} is waited in chunks; `Infinity` (or NaN) never fires and arms no timer.
 */
export const schedule = (ms: number, fn: () => void): (() => void) => {
  if (!(ms < Number.POSITIVE_INFINITY)) return noop;
  let handle: ReturnType<typeof setTimeout>;
  const arm = (left: number): void => {
    handle =
      left > MAX_TIMER
        ? setTimeout(() => arm(left - MAX_TIMER), MAX_TIMER)
        : setTimeout(fn, Math.max(0, left));
  };
  arm(ms);
  return () => clearTimeout(handle);
};
