/**
 * A deployed (or locally served) stack as the acceptance cases see it: where it answers and how a legitimate
 * client proves who it is. Built from Terraform outputs and the environment (deployed.ts) or from the local
 * gateway (the tests), so the same cases run against both.
 */

/** The API variant, which decides how a client authenticates and who validates bodies. */
export type TargetKind = "http" | "rest" | "websocket";

export interface SignableRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface Target {
  readonly stackId: string;
  readonly kind: TargetKind;
  /** Base URL of the stage: `https://<api>.execute-api.<region>.amazonaws.com/<stage>`, or `wss://...`. */
  readonly url: string;
  /** A valid bearer JWT carrying every scope the route table asks for. */
  token(): Promise<string>;
  /** REST: the value of an API key in a usage plan of the stage (the most generous one). */
  apiKey?(): Promise<string>;
  /** REST: the SigV4 headers (`authorization`, `x-amz-date`, ...) of a request to an AWS_IAM route. */
  sign?(request: SignableRequest): Promise<Record<string, string>>;
}
