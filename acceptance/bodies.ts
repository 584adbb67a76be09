/**
 * Request bodies made from a route's JSON Schema (the draft-4 subset the body models use), so a fork that adds
 * a model or a field gets valid and invalid bodies without editing a case.
 */
import { bodySchemas } from "../api/items-schema";
import type { ParsedRoute } from "../api/routes";

export interface JsonSchema {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly multipleOf?: number;
  readonly minItems?: number;
  readonly items?: JsonSchema;
}

/** A value the schema accepts; strings carry `label` so items made by a run can be recognised. */
function sample(schema: JsonSchema, label: string): unknown {
  switch (schema.type) {
    case "string": {
      const min = schema.minLength ?? 0;
      const max = schema.maxLength ?? Number.POSITIVE_INFINITY;
      return label.padEnd(min, "x").slice(0, max);
    }
    case "integer":
    case "number": {
      const min = schema.minimum ?? 0;
      const value = Math.max(min, 1);
      return schema.maximum !== undefined && value > schema.maximum ? min : value;
    }
    case "boolean":
      return true;
    case "array":
      return Array.from({ length: schema.minItems ?? 0 }, (_, index) =>
        sample(schema.items ?? {}, `${label}-${index}`),
      );
    case "object":
      return sampleObject(schema, label);
    default:
      throw new Error(`cannot make a sample of schema type ${JSON.stringify(schema.type)}`);
  }
}

function sampleObject(schema: JsonSchema, label: string): Record<string, unknown> {
  const properties = schema.properties ?? {};
  return Object.fromEntries(
    (schema.required ?? []).map((name) => [name, sample(properties[name] ?? {}, label)]),
  );
}

/** A body with every required field and nothing else. */
export function validBody(schema: JsonSchema, label: string): Record<string, unknown> {
  return sampleObject(schema, label);
}

/** A body the model refuses: no fields when some are required, else one the model does not allow. */
export function invalidBody(schema: JsonSchema): Record<string, unknown> {
  if ((schema.required ?? []).length > 0) return {};
  if (schema.additionalProperties === false) return { "not-a-field": true };
  throw new Error("the model accepts any object: no invalid body to send");
}

/** The JSON Schema of the route's body model, if it takes a body. */
export function schemaOf(route: ParsedRoute): JsonSchema | undefined {
  return route.spec.body === undefined ? undefined : (bodySchemas[route.spec.body] as JsonSchema);
}
