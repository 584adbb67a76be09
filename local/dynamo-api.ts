/**
 * The few DynamoDB API calls the gateway itself makes to its embedded dynalite (create the declared tables,
 * sweep expired items): JSON over loopback HTTP, signed with the local credentials. The AWS SDK client did the
 * same for 11 MB more memory in the gateway's main thread; the functions still use the SDK.
 */
import { request } from "node:http";
import { sigv4Headers } from "./sigv4";

/** A DynamoDB error answer: `name` is the exception type without its namespace, as the SDK names it. */
export class DynamoApiError extends Error {
  constructor(
    readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

/** Calls `operation` (e.g. "CreateTable") with `input` and resolves with the parsed answer. */
export async function dynamoCall<T = Record<string, unknown>>(
  endpoint: string,
  region: string,
  operation: string,
  input: object,
): Promise<T> {
  const body = JSON.stringify(input);
  const headers = await sigv4Headers(endpoint, {
    service: "dynamodb",
    method: "POST",
    region,
    body,
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": `DynamoDB_20120810.${operation}`,
    },
  });
  const { status, text } = await post(endpoint, headers, body);
  let answer: Record<string, unknown>;
  try {
    answer = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    throw new DynamoApiError(
      "InvalidResponse",
      `${operation}: HTTP ${status}, not JSON: ${text.slice(0, 200)}`,
    );
  }
  if (status !== 200) {
    const type = String(answer.__type ?? "UnknownError")
      .split("#")
      .pop() as string;
    throw new DynamoApiError(type, String(answer.message ?? answer.Message ?? `HTTP ${status}`));
  }
  return answer as T;
}

function post(
  endpoint: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const call = request(endpoint, { method: "POST", headers, agent: false }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        text += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      response.on("error", reject);
    });
    call.on("error", reject);
    // dynalite is in this process: an answer slower than this means it is stuck.
    call.setTimeout(10_000, () =>
      call.destroy(new Error(`DynamoDB call to ${endpoint} timed out after 10 s`)),
    );
    call.end(body);
  });
}
