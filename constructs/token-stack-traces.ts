/**
 * cdktf records where every token was created (each Lazy, Reference and Fn call: thousands per synth) by
 * capturing a full stack trace into a plain object and formatting it to strings, used only to decorate a
 * token's resolve error. It has no switch for that, and the formatting is a tenth of a synth. V8 formats a
 * captured stack through `Error.prepareStackTrace`, so while `build` runs, traces captured into anything but
 * an Error format to "" (cdktf then keeps an empty creation stack); Errors keep V8's own format.
 * The hook is removed when `build` returns or throws, so an error escaping it is formatted by Node as usual.
 */
export function withoutTokenStackTraces<T>(build: () => T): T {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (target, callSites) => {
    if (!(target instanceof Error)) return "";
    if (previous) return previous(target, callSites);
    // V8's default: the error's toString, then one "    at <call site>" line per frame.
    return [Error.prototype.toString.call(target), ...callSites.map((site) => `    at ${site}`)].join("\n");
  };
  try {
    return build();
  } finally {
    Error.prepareStackTrace = previous;
  }
}
