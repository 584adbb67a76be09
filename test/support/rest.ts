/** Reading REST API resources out of a synthesized stack by meaning (route keys), not by logical ids. */
import { referencedName, resourcesOf, type TerraformJson } from "./synth";

export type Block = Record<string, unknown>;

/** The resource path (`/items/{id}`) of an `aws_api_gateway_resource`, walking up its parents. */
export function resourcePath(json: TerraformJson, resourceRef: unknown): string {
  const ref = String(resourceRef);
  if (/\.root_resource_id\}$/.test(ref)) return "";
  const resource = json.resource.aws_api_gateway_resource?.[referencedName(ref)];
  if (!resource) throw new Error(`not a resource reference: ${ref}`);
  return `${resourcePath(json, resource.parent_id)}/${String(resource.path_part)}`;
}

/** Every method by route key (`GET /items/{id}`), OPTIONS included. */
export function methodsByRoute(json: TerraformJson): Map<string, Block> {
  const result = new Map<string, Block>();
  for (const method of resourcesOf(json, "aws_api_gateway_method")) {
    result.set(`${String(method.http_method)} ${resourcePath(json, method.resource_id)}`, method);
  }
  return result;
}

/** The integration of a route key. */
export function integrationOf(json: TerraformJson, routeKey: string): Block {
  const [verb, path] = routeKey.split(" ");
  const found = resourcesOf(json, "aws_api_gateway_integration").find((integration) => {
    const method = json.resource.aws_api_gateway_method[referencedName(integration.http_method)];
    return method?.http_method === verb && resourcePath(json, integration.resource_id) === path;
  });
  if (!found) throw new Error(`no integration for ${routeKey}`);
  return found;
}

/** The redeployment trigger expression of the one deployment. */
export function redeploymentTrigger(json: TerraformJson): string {
  const deployments = resourcesOf(json, "aws_api_gateway_deployment");
  if (deployments.length !== 1) throw new Error(`expected one deployment, found ${deployments.length}`);
  return String((deployments[0].triggers as { redeployment: string }).redeployment);
}

/** The synth-time configuration hash inside the trigger expression. */
export function configurationHashOf(json: TerraformJson): string {
  const match = /jsonencode\(\["([0-9a-f]{40})"/.exec(redeploymentTrigger(json));
  if (!match) throw new Error(`no configuration hash in ${redeploymentTrigger(json)}`);
  return match[1];
}

/** The `${type.name.attr}` reference to a block's attribute, from the block itself. */
export function referenceTo(json: TerraformJson, type: string, block: Block, attribute: string): string {
  const entry = Object.entries(json.resource[type] ?? {}).find(([, candidate]) => candidate === block);
  if (!entry) throw new Error(`block not found among ${type}`);
  return `\${${type}.${entry[0]}.${attribute}}`;
}
