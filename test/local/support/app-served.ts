/**
 * The app's registered stacks as the local gateway serves them, for tests about the app's own stacks (the
 * gateway's behavior is tested on the fixture stacks of fixture-stacks.ts). Tests generate their cases from
 * these lists, so a fork that drops a stack drops the tests about it instead of failing them.
 */

import type { TargetKind } from "../../../acceptance/target";
import { stackKind } from "../../acceptance/local-target";
import { STACK_IDS } from "../../support/app-stacks";
import { synthesizedOutdir } from "./synthesized";

/** The API variant of a registered stack, read from its synthesized Terraform. */
export function servedKind(id: string): TargetKind {
  return stackKind(synthesizedOutdir(), id);
}

/** The registered stacks that serve the route table (HTTP API and REST), in synth order. */
export function httpStyleStackIds(): string[] {
  return STACK_IDS.filter((id) => servedKind(id) !== "websocket");
}

/** The registered stacks of one variant, in synth order. */
export function stackIdsOfKind(kind: TargetKind): string[] {
  return STACK_IDS.filter((id) => servedKind(id) === kind);
}

/**
 * `tests` once per stack of `ids`, each in a `describe` named after it; when the app registers none of them
 * (a fork dropped them), one test that says so in place of the cases that have nothing to run on.
 */
export function describeEachStack(what: string, ids: readonly string[], tests: (id: string) => void): void {
  if (ids.length === 0) {
    test(`${what}: the app registers no such stack, so these checks do not apply`, () => {
      expect(ids).toEqual([]);
    });
    return;
  }
  for (const id of ids) describe(id, () => tests(id));
}
