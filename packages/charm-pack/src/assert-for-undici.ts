/**
 * What undici gets for `node:assert` in a bundle. undici calls only `assert(value, message?)`
 * (the bundle test checks its sources for any other use), and loading Node's `assert` brings its
 * assertion-error formatting, call tracker and colour support into every garm hook: about 3 ms on
 * a slow machine. A failed assertion here is the same kind of error: an `AssertionError` with the
 * code `ERR_ASSERTION`.
 */
class AssertionError extends Error {
  override readonly name = "AssertionError";
  readonly code = "ERR_ASSERTION";
}

function assert(value: unknown, message?: string | Error): asserts value {
  if (value) return;
  if (message instanceof Error) throw message;
  throw new AssertionError(message ?? "The expression evaluated to a falsy value");
}

// undici calls what `require("node:assert")` returns, so this module's export is the function.
export = assert;
