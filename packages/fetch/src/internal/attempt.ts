/**
 * An attempt's own abort signal: one `AbortController`, aborted by one timer after the attempt's
 * limit (its timeout, or what is left of the budget) or by the caller's signal.
 *
 * fetch only ever gets this signal, never the caller's: runtimes keep their own listener on the
 * signal they are given until the request is garbage-collected (undici does), so handing them a
 * caller's long-lived signal would pile listeners on it. The link to the caller's signal is
 * `AbortSignal.any` where it exists (it puts no listener on its sources), else one listener that
 * `clear` takes off. No closures: the timer and the listener call back into this object.
 */
import { MAX_TIMER, schedule } from "./timer";

const ONCE: AddEventListenerOptions = { once: true };

type AnySignal = (signals: AbortSignal[]) => AbortSignal;

const timeoutReason = (ms: number): unknown => {
  const message = `The attempt timed out after ${ms} ms`;
  try {
    return new DOMException(message, "TimeoutError");
  } catch {
    return Object.assign(new Error(message), { name: "TimeoutError" });
  }
};

const onTimeout = (attempt: AttemptSignal): void => {
  attempt.timedOut = true;
  attempt.controller.abort(timeoutReason(Math.round(attempt.ms)));
};

export class AttemptSignal {
  /** The attempt's limit in ms (`Infinity`: only the caller's signal can end it). */
  readonly ms: number;
  readonly controller = new AbortController();
  /** The signal to hand to fetch. */
  readonly signal: AbortSignal;
  /** Set when the limit, not the caller, ended the attempt. */
  timedOut = false;
  #handle: ReturnType<typeof setTimeout> | undefined;
  #cancel: (() => void) | undefined;
  /** The caller's signal when linked by a listener (runtimes without `AbortSignal.any`). */
  #listening: AbortSignal | undefined;

  constructor(ms: number, caller: AbortSignal | undefined) {
    this.ms = ms;
    if (ms <= MAX_TIMER) this.#handle = setTimeout(onTimeout, ms, this);
    else if (ms < Number.POSITIVE_INFINITY) this.#cancel = schedule(ms, () => onTimeout(this));
    const own = this.controller.signal;
    if (caller === undefined) {
      this.signal = own;
      return;
    }
    const any = (AbortSignal as { any?: AnySignal }).any;
    if (typeof any === "function") {
      this.signal = any.call(AbortSignal, [caller, own]);
      return;
    }
    this.signal = own;
    if (caller.aborted) {
      this.controller.abort(caller.reason);
      return;
    }
    this.#listening = caller;
    caller.addEventListener("abort", this, ONCE);
  }

  /** The caller aborted (runtimes without `AbortSignal.any`): abort fetch with the caller's reason. */
  handleEvent(): void {
    this.controller.abort(this.#listening?.reason);
  }

  /** Stops the timer and unlinks the caller's signal; call it once the attempt settles. */
  clear(): void {
    if (this.#handle !== undefined) clearTimeout(this.#handle);
    else this.#cancel?.();
    if (this.#listening !== undefined) {
      this.#listening.removeEventListener("abort", this);
      this.#listening = undefined;
    }
  }
}
