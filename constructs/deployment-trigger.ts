import { createHash } from "node:crypto";
import {
  DefaultTokenResolver,
  Fn,
  Lazy,
  StringConcat,
  type TerraformResource,
  Token,
  Tokenization,
} from "cdktf";
import type { IConstruct } from "constructs";

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/**
 * SHA-1 of the synthesized configuration of `elements` (their Terraform JSON, references as `${type.name.attr}`
 * strings, construct metadata and `depends_on` left out, blocks in code unit order of their addresses), computed
 * when the stack synthesizes. It changes exactly when one of the elements' configuration changes, and is the
 * same on every synth of the same code, on any machine.
 */
export function configurationHash(scope: IConstruct, elements: readonly TerraformResource[]): string {
  const blocks: Record<string, unknown> = {};
  for (const element of elements) {
    const resolved = Tokenization.resolve(element.toTerraform(), { scope, resolver: RESOLVER }) as {
      resource: Record<string, Record<string, Record<string, unknown>>>;
    };
    for (const [type, byName] of Object.entries(resolved.resource)) {
      for (const [logicalName, block] of Object.entries(byName)) {
        const { "//": _metadata, depends_on: _dependsOn, ...attributes } = block;
        blocks[`${type}.${logicalName}`] = attributes;
      }
    }
  }
  // Keys in UTF-16 code unit order: the same on every machine (localeCompare follows the machine's locale,
  // Lithuanian sorts "y" before "j", and its first call loads ICU collation data, 30 ms of every synth).
  const sorted = Object.fromEntries(Object.entries(blocks).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return createHash("sha1").update(JSON.stringify(sorted)).digest("hex");
}

/**
 * The `redeployment` trigger of an `aws_api_gateway_deployment`:
 * `sha1(jsonencode([<configuration hash>, <ids of the elements>]))`. The configuration hash (see above) makes
 * every change of a route, method, integration, authorizer, model, validator, gateway response or resource
 * policy redeploy, and nothing else; the ids add what Terraform alone knows: a replaced resource (new id).
 */
export function redeploymentTrigger(scope: IConstruct, elements: readonly TerraformResource[]): string {
  // Inside a Terraform expression a token is inserted verbatim, so the literal carries its own quotes.
  // cdktf resolves a stack more than once per synth (prepare, then write); the configuration is final by then,
  // so the hash is computed once.
  let computed: string | undefined;
  const hash = Lazy.stringValue({
    produce: () => {
      computed ??= JSON.stringify(configurationHash(scope, elements));
      return computed;
    },
  });
  const ids = elements.map((element) => Token.asString(element.interpolationForAttribute("id")));
  return Fn.sha1(Fn.jsonencode([hash, ...ids]));
}
