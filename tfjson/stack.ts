/**
 * One stack's synthesized Terraform JSON with the lookups every reader needs: resources and data sources by
 * type, name and address, outputs, locals, variables, providers, and what a value references.
 */
import { referencesIn, soleReference } from "./expressions";
import type { Block, OutputBlock, TerraformJson } from "./types";

/** A resource (`mode: "managed"`) or data source (`mode: "data"`) of the stack. */
export interface Resource {
  readonly mode: "managed" | "data";
  /** Terraform type, e.g. `aws_lambda_function`. */
  readonly type: string;
  readonly name: string;
  /** `type.name` (`data.type.name` for a data source), the address Terraform shows in plans. */
  readonly address: string;
  readonly block: Block;
}

export interface Output extends OutputBlock {
  readonly name: string;
}

function entries(mode: Resource["mode"], blocks: TerraformJson["resource"]): Resource[] {
  return Object.entries(blocks ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, block]) => ({
      mode,
      type,
      name,
      address: `${mode === "data" ? "data." : ""}${type}.${name}`,
      block,
    })),
  );
}

export class SynthesizedStack {
  /** Managed resources, in the JSON's order. */
  readonly resources: readonly Resource[];
  readonly dataSources: readonly Resource[];
  private readonly byAddress: ReadonlyMap<string, Resource>;

  constructor(readonly json: TerraformJson) {
    this.resources = entries("managed", json.resource);
    this.dataSources = entries("data", json.data);
    this.byAddress = new Map([...this.resources, ...this.dataSources].map((r) => [r.address, r]));
  }

  /** Resources of a type, in the JSON's order. */
  ofType(type: string): Resource[] {
    return this.resources.filter((resource) => resource.type === type);
  }

  resource(type: string, name: string): Resource | undefined {
    return this.byAddress.get(`${type}.${name}`);
  }

  dataSource(type: string, name: string): Resource | undefined {
    return this.byAddress.get(`data.${type}.${name}`);
  }

  /** A resource (`aws_x.y`) or data source (`data.aws_x.y`) by address. */
  at(address: string): Resource | undefined {
    return this.byAddress.get(address);
  }

  get outputs(): Output[] {
    return Object.entries(this.json.output ?? {}).map(([name, output]) => ({ name, ...output }));
  }

  get locals(): Readonly<Record<string, unknown>> {
    return this.json.locals ?? {};
  }

  get variables(): Readonly<Record<string, { default?: unknown }>> {
    return this.json.variable ?? {};
  }

  /** The blocks of a provider (`aws`), the default one (no alias) first as written. */
  providers(name: string): Block[] {
    return (this.json.provider?.[name] ?? []).filter(
      (block): block is Block => typeof block === "object" && block !== null,
    );
  }

  /** The resource or data source a value made of exactly one reference (`${aws_x.y.arn}`) points at. */
  referenced(value: unknown): Resource | undefined {
    const reference = soleReference(value);
    return reference && (reference.kind === "resource" || reference.kind === "data")
      ? this.byAddress.get(reference.address)
      : undefined;
  }

  /** Addresses of the declared resources and data sources a value references anywhere. */
  referencesOf(value: unknown): Set<string> {
    const found = new Set<string>();
    for (const { reference } of referencesIn(value))
      if (this.byAddress.has(reference.address)) found.add(reference.address);
    return found;
  }
}
