/**
 * A real DynamoDB API on loopback (dynalite, in memory) and tables created from the synthesized
 * `aws_dynamodb_table` resources, so tests use exactly the key schema, indexes and TTL the stacks declare.
 * The implementation is the local gateway's (`local/dynamo.ts`): tests and gateway create tables one way.
 */
import { createTables, type LocalDynamo, startLocalDynamo, tablesFromTerraform } from "../../local/dynamo";
import { References } from "../../local/terraform/references";
import type { TerraformJson as LocalTerraformJson } from "../../tfjson/types";
import type { TerraformJson } from "./synth";

export { type LocalDynamo, startLocalDynamo };

export async function createTablesFromTerraform(dynamo: LocalDynamo, json: TerraformJson): Promise<string[]> {
  const tables = tablesFromTerraform(
    new References({ id: "test", dir: "", json: json as LocalTerraformJson }),
  );
  await createTables(dynamo, tables);
  return tables.map((table) => table.name);
}
