/**
 * Who starts an invocation handed to a busy instance ahead of time: the instance (when it gets to it) or the
 * gateway (taking it back for an instance that became free sooner). Each instance has two shared slots, one
 * for its current invocation and one for the invocation waiting behind it; a slot holds the id of an
 * invocation not started yet, and whoever swaps it to 0 first owns that invocation, so it runs exactly once.
 */

export type ClaimCells = Int32Array;

export function newClaimCells(): ClaimCells {
  return new Int32Array(new SharedArrayBuffer(8));
}

/** Marks invocation `id` (never 0) as handed to the instance and not started, in `slot` (0 or 1). */
export function offer(cells: ClaimCells, slot: number, id: number): void {
  Atomics.store(cells, slot, id);
}

/** True when the caller now owns invocation `id`: it was still waiting and nobody else took it. */
export function claim(cells: ClaimCells, slot: number, id: number): boolean {
  return Atomics.compareExchange(cells, slot, id, 0) === id;
}
