/** One HTTP call of a case, with the answer read whole and a description for failure messages. */

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body, or undefined when it is not JSON. */
  readonly json: unknown;
}

/** A deployed Lambda may start cold (seconds in a VPC); nothing the cases call should take longer. */
const TIMEOUT_MS = 30_000;

export async function send(
  method: string,
  url: string,
  headers: Readonly<Record<string, string>> = {},
  body?: string,
): Promise<Reply> {
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new Error(`${method} ${url} failed: ${(error as Error).message}${cause ? ` (${cause})` : ""}`);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** `403 {"message":"Forbidden"}`, shortened: what a failure message shows of an answer. */
export function describe(reply: Reply): string {
  const body = reply.text.length > 300 ? `${reply.text.slice(0, 300)}...` : reply.text;
  return `${reply.status} ${body}`.trim();
}

export function messageOf(reply: Reply): unknown {
  const json = reply.json;
  return json !== null && typeof json === "object" && !Array.isArray(json)
    ? (json as Record<string, unknown>).message
    : undefined;
}
