/**
 * A request with exactly the headers a test names (Node adds only `Host` and `Connection`), to a path sent as
 * written: `fetch` adds headers of its own and would normalize a path like `//stage/x`.
 */
import { request } from "node:http";

export interface RawReply {
  readonly status: number;
  /** Names in the casing the server wrote, in order. */
  readonly headers: [string, string][];
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON bodies field by field.
  readonly json: any;
}

export function rawRequest(
  origin: string,
  path: string,
  headers: Readonly<Record<string, string>> = {},
  method = "GET",
): Promise<RawReply> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path, method, headers: { ...headers }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const pairs: [string, string][] = [];
          for (let index = 0; index < res.rawHeaders.length; index += 2)
            pairs.push([res.rawHeaders[index], res.rawHeaders[index + 1]]);
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: pairs, text, json });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end();
  });
}
