/**
 * What a stack's synthesized Terraform JSON creates, counted by resource type, as the Markdown table its README
 * shows (scripts/docs.js writes it from a synth with default settings; test/app/stacks.test.ts checks it is
 * fresh). Counts are never written by hand: adding a route or a setting's default changes them.
 */

/** The parts of a stack's `cdk.tf.json` this reads. */
export interface CountedJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

const total = (blocks: Readonly<Record<string, Readonly<Record<string, unknown>>>>) =>
  Object.values(blocks).reduce((sum, byName) => sum + Object.keys(byName).length, 0);

const counted = (n: number, thing: string) => `${n} ${thing}${n === 1 ? "" : "s"}`;

/** The README's resource table: one row per resource type with its count, sorted by type, and the totals. */
export function resourceCountTable(json: CountedJson): string {
  const resources = json.resource ?? {};
  const data = json.data ?? {};
  const types = Object.keys(resources).sort();
  const reads = total(data) === 0 ? "" : ` and reads ${counted(total(data), "data source")}`;
  return [
    `A synth with default settings creates ${counted(total(resources), "resource")} of ${counted(types.length, "type")}${reads}:`,
    "",
    "| resource type | count |",
    "|---|---|",
    ...types.map((type) => `| \`${type}\` | ${Object.keys(resources[type]).length} |`),
  ].join("\n");
}
