/**
 * The Effect protocol of Faultline's errors without Effect's runtime in the Promise entries.
 *
 * Every error is a value Effect can run: `yield* error` in `Effect.gen`, returning it from
 * `flatMap`, `Effect.isEffect(error)`. Effect runs such a value by asking it for its exit, and only
 * Effect can build an exit; so the one function that does (`Exit.fail`) is looked up when an error
 * is first run, not imported: `@faultline/core/effect` registers it when imported (every Effect
 * entry of ours imports it), and on runtimes with `process.getBuiltinModule` (Node, Deno, Bun) it is
 * required from the `effect` package the user installed. The Promise entries (`@faultline/core`,
 * `@faultline/fetch`) therefore ship none of Effect's modules.
 *
 * @internal
 */

/** Effect 4's protocol keys: plain strings, stable across its minor versions. */
const EffectTypeId = "~effect/Effect";
const identifier = `${EffectTypeId}/identifier`;
const evaluate = `${EffectTypeId}/evaluate`;

type Fail = (error: unknown) => unknown;

const registry = Symbol.for("@faultline/core/effect-fail");
const store = globalThis as { [registry]?: Fail };

/** Called by `@faultline/core/effect` with Effect's `Exit.fail`. */
export const registerEffectFail = (fail: Fail): void => {
  store[registry] ??= fail;
};

const lookUp = (): Fail => {
  const known = store[registry];
  if (known !== undefined) return known;
  const getBuiltin = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
    ?.getBuiltinModule;
  if (typeof getBuiltin === "function") {
    try {
      const { createRequire } = getBuiltin("node:module") as {
        createRequire: (from: string) => (id: string) => { fail: Fail };
      };
      const { fail } = createRequire(import.meta.url)("effect/Exit");
      registerEffectFail(fail);
      return fail;
    } catch {
      // fall through to the message below
    }
  }
  throw new Error(
    'Faultline errors run as Effects once Effect is known: add `import "@faultline/core/effect"` to your app\'s entry',
  );
};

const variance = { _A: (a: unknown) => a, _E: (e: unknown) => e, _R: (r: unknown) => r };

/** The base of every error class: an `Error` that Effect runs as a failure with itself. */
export class YieldableError extends globalThis.Error {
  get [EffectTypeId]() {
    return variance;
  }
  get [identifier]() {
    return "YieldableError";
  }
  [evaluate](): unknown {
    return lookUp()(this);
  }
  /** `yield*` support: yields the error once, as Effect's single-shot generators do. */
  *[Symbol.iterator](): Generator<unknown, unknown, unknown> {
    return yield this;
  }
  /** `util.inspect` shows what `toJSON` gives (redacted, no stack), as Effect's errors do. */
  [Symbol.for("nodejs.util.inspect.custom")](): unknown {
    const self = this as { toJSON?: () => unknown };
    return typeof self.toJSON === "function" ? self.toJSON() : this;
  }
  pipe(...fns: ReadonlyArray<(a: unknown) => unknown>): unknown {
    let out: unknown = this;
    for (const fn of fns) out = fn(out);
    return out;
  }
}
