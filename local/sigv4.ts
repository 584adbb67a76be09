/**
 * SigV4 (for the `execute-api` service unless told otherwise) with the SDK's own signer (@smithy/signature-v4): signing requests (the
 * console's "Sign with SigV4", tests) and the hash the signer needs, also used to check signatures (iam.ts).
 */
import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";

type Data = string | ArrayBuffer | ArrayBufferView;

function toBytes(data: Data): string | Uint8Array {
  if (typeof data === "string") return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** SHA-256 (and HMAC-SHA-256 with a secret) in the shape the signer wants. */
export class Sha256 {
  private readonly hash;
  constructor(secret?: Data) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", toBytes(secret));
  }
  update(data: Data): void {
    this.hash.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

export interface SigningOptions {
  /** @default "execute-api" */
  readonly service?: string;
  /** @default "GET" */
  readonly method?: string;
  /** @default "local" */
  readonly accessKey?: string;
  /** @default "local" */
  readonly secret?: string;
  /** @default "us-east-1" */
  readonly region?: string;
  /** Signing time in epoch ms. @default now */
  readonly at?: number;
  /** Headers to sign besides `host`. */
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

/**
 * The headers of a signed request to `url` (host, x-amz-date, x-amz-content-sha256, authorization...), as
 * `curl --aws-sigv4 "aws:amz:us-east-1:execute-api" --user local:local` or the AWS SDK send them.
 */
export async function sigv4Headers(
  url: string,
  options: SigningOptions = {},
): Promise<Record<string, string>> {
  const target = new URL(url);
  const signer = new SignatureV4({
    service: options.service ?? "execute-api",
    region: options.region ?? "us-east-1",
    credentials: { accessKeyId: options.accessKey ?? "local", secretAccessKey: options.secret ?? "local" },
    sha256: Sha256,
  });
  const signed = await signer.sign(
    {
      method: options.method ?? "GET",
      protocol: target.protocol,
      hostname: target.hostname,
      port: Number(target.port),
      path: target.pathname,
      query: Object.fromEntries(target.searchParams),
      headers: { ...(options.headers ?? {}), host: target.host },
      body: options.body,
    },
    { signingDate: new Date(options.at ?? Date.now()) },
  );
  return signed.headers as Record<string, string>;
}
