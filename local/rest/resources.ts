/**
 * REST resource matching (gateway-behavior §6.2): the path after `/{stage}` against the resource tree,
 * case-sensitive, a trailing slash ignored; at each level a literal child first, then `{param}`, then
 * `{proxy+}` (one or more segments, the rest of the path). `/{proxy+}` does not match `/`.
 */
import type { RestResource } from "./model";

export interface ResourceMatch {
  readonly resource: RestResource;
  readonly pathParameters: Record<string, string>;
}

interface Node {
  readonly resource: RestResource;
  readonly literal: Map<string, Node>;
  param: { name: string; node: Node } | undefined;
  greedy: { name: string; node: Node } | undefined;
}

export class ResourceTree {
  private readonly root: Node;

  constructor(root: RestResource, resources: readonly RestResource[]) {
    const nodes = new Map<string, Node>();
    const node = (resource: RestResource): Node => {
      let found = nodes.get(resource.id);
      if (!found) {
        found = { resource, literal: new Map(), param: undefined, greedy: undefined };
        nodes.set(resource.id, found);
      }
      return found;
    };
    this.root = node(root);
    for (const resource of resources) {
      if (resource.parentId === undefined) continue;
      const parent = resources.find((candidate) => candidate.id === resource.parentId);
      if (!parent) continue;
      const child = node(resource);
      const parentNode = node(parent);
      const greedy = /^\{([^{}]+)\+\}$/.exec(resource.pathPart);
      const param = /^\{([^{}]+)\}$/.exec(resource.pathPart);
      if (greedy) parentNode.greedy = { name: greedy[1], node: child };
      else if (param) parentNode.param = { name: param[1], node: child };
      else parentNode.literal.set(resource.pathPart, child);
    }
  }

  /** The resource for `path` (without the stage), or undefined. */
  match(path: string): ResourceMatch | undefined {
    let trimmed = path.startsWith("/") ? path.slice(1) : path;
    if (trimmed.endsWith("/")) trimmed = trimmed.slice(0, -1);
    const segments = trimmed === "" ? [] : trimmed.split("/");
    const parameters: Record<string, string> = {};
    const found = this.walk(this.root, segments, 0, parameters);
    return found ? { resource: found.resource, pathParameters: parameters } : undefined;
  }

  private walk(
    node: Node,
    segments: readonly string[],
    index: number,
    parameters: Record<string, string>,
  ): Node | undefined {
    if (index === segments.length) return node;
    const segment = segments[index];
    const literal = node.literal.get(segment);
    if (literal) {
      const found = this.walk(literal, segments, index + 1, parameters);
      if (found) return found;
    }
    if (node.param && segment !== "") {
      const found = this.walk(node.param.node, segments, index + 1, parameters);
      if (found) {
        parameters[node.param.name] = segment;
        return found;
      }
    }
    if (node.greedy) {
      parameters[node.greedy.name] = segments.slice(index).join("/");
      return node.greedy.node;
    }
    return undefined;
  }
}
