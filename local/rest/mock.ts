/**
 * MOCK integrations (used for REST CORS preflights): the request template's `statusCode` selects the
 * integration response (by `selection_pattern`, else the default one); its `method.response.header.*`
 * parameters become headers (`'literal'` values) and its template the body.
 */
import { mediaType } from "../events/body";
import { parameterValue, renderTemplate, type TemplateContext } from "./gateway-responses";
import type { RestIntegration } from "./model";

export interface MockResponse {
  readonly status: number;
  readonly headers: string[];
  readonly body: string;
}

export function mockResponse(
  integration: RestIntegration,
  contentType: string | undefined,
  values: TemplateContext,
): MockResponse {
  const type = mediaType(contentType) || "application/json";
  const template =
    integration.requestTemplates[type] ?? integration.requestTemplates["application/json"] ?? "";
  let status = 200;
  try {
    const parsed = JSON.parse(renderTemplate(template, values)) as { statusCode?: unknown };
    if (typeof parsed.statusCode === "number") status = parsed.statusCode;
  } catch {
    // No template or not JSON: 200.
  }
  const text = String(status);
  const selected =
    integration.responses.find(
      (response) =>
        response.selectionPattern !== undefined && new RegExp(`^${response.selectionPattern}$`).test(text),
    ) ??
    integration.responses.find((response) => response.statusCode === text) ??
    integration.responses.find((response) => response.selectionPattern === undefined);
  if (!selected) return { status, headers: ["Content-Type", "application/json"], body: "" };
  const headers: string[] = [];
  for (const [name, expression] of Object.entries(selected.parameters)) {
    const header = /^method\.response\.header\.(.+)$/.exec(name)?.[1];
    if (!header) continue;
    const value = parameterValue(expression, values);
    if (value !== undefined) headers.push(header, value);
  }
  const responseTemplate =
    selected.templates["application/json"] ?? Object.values(selected.templates)[0] ?? "";
  if (!headers.some((_, index) => index % 2 === 0 && headers[index].toLowerCase() === "content-type"))
    headers.push("Content-Type", "application/json");
  return {
    status: Number(selected.statusCode) || status,
    headers,
    body: renderTemplate(responseTemplate, values),
  };
}
