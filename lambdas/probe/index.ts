/**
 * Proof that a private REST API works after a real deploy: runs inside the VPC, calls the API through the
 * execute-api interface endpoint (private DNS) and reports what came back. Invoke it by hand:
 * `aws lambda invoke --function-name <probe_function_name> /dev/stdout`.
 *
 * Environment: `PROBE_URL` (default target, e.g. `https://<api>.execute-api.<region>.amazonaws.com/dev/hello`).
 * The event may carry `{ "path": "/items", "headers": { "x-api-key": "..." } }` to probe another route.
 */

export interface ProbeEvent {
  /** Path appended to the stage URL instead of the default target's path. */
  readonly path?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ProbeReport {
  readonly url: string;
  /** True for a 2xx answer. */
  readonly ok: boolean;
  /** HTTP status, or undefined when no answer came (DNS, network, timeout). */
  readonly status?: number;
  readonly latencyMs: number;
  /** The first 500 characters of the body. */
  readonly body?: string;
  /** Why no answer came. */
  readonly error?: string;
  /** API Gateway's request id, to find the call in the access log. */
  readonly requestId?: string;
}

const TIMEOUT_MS = 5_000;

export function targetUrl(baseUrl: string, event: ProbeEvent | undefined): string {
  const path = event?.path;
  if (path === undefined) return baseUrl;
  if (!/^\/[A-Za-z0-9._~\-/{}%]*$/.test(path))
    throw new Error(`path "${path}" is invalid: give a path like "/items"`);
  const url = new URL(baseUrl);
  const stage = url.pathname.split("/").filter((segment) => segment !== "")[0] ?? "";
  url.pathname = `/${stage}${path}`;
  return url.toString();
}

export async function probe(baseUrl: string, event?: ProbeEvent): Promise<ProbeReport> {
  const url = targetUrl(baseUrl, event);
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(url, {
      headers: { "user-agent": "apigw-stacks-probe", ...event?.headers },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = (await response.text()).slice(0, 500);
    return {
      url,
      ok: response.ok,
      status: response.status,
      latencyMs: latency(),
      body,
      requestId: response.headers.get("x-amzn-requestid") ?? undefined,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { url, ok: false, latencyMs: latency(), error: cause ?? (error as Error).message };
  }
}

export const handler = async (event?: ProbeEvent): Promise<ProbeReport> => {
  const baseUrl = process.env.PROBE_URL;
  if (!baseUrl) throw new Error("environment variable PROBE_URL is not set: the stack must pass the API URL");
  const report = await probe(baseUrl, event);
  console.log(JSON.stringify({ level: report.ok ? "info" : "warn", message: "probe", ...report }));
  return report;
};
