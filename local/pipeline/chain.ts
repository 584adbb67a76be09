/**
 * Runs a request through a variant's phases in order. A phase reads and fills the context; it answers by
 * setting `ctx.reply` (the chain stops there) or refuses by throwing a `GatewayError`, which the caller renders
 * into the variant's gateway response. Phases that need no I/O return nothing, so the chain awaits only the ones
 * that do.
 */
import type { PhaseContext } from "./context";

export type Phase<C extends PhaseContext> = (ctx: C) => void | Promise<void>;

export async function runPhases<C extends PhaseContext>(phases: readonly Phase<C>[], ctx: C): Promise<void> {
  for (const phase of phases) {
    const pending = phase(ctx);
    if (pending !== undefined) await pending;
    if (ctx.reply !== undefined) return;
  }
}
