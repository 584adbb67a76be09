/**
 * The AWS SDK warns on every load under Node < 22 that its future releases will need 22; the gateway runs the
 * functions as nodejs22.x would, so on an older Node that warning is noise. Only that warning is dropped.
 */
let installed = false;

export function dropNodeVersionWarning(): void {
  if (installed) return;
  installed = true;
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (String(warning).startsWith("NodeVersionSupportWarning")) return;
    emitWarning(warning, ...rest);
  }) as typeof process.emitWarning;
}
