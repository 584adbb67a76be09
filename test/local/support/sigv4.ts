/** SigV4-signed requests (service execute-api) as the AWS SDK or `curl --aws-sigv4` make them. */
import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";

type Data = string | ArrayBuffer | ArrayBufferView;

function bytes(data: Data): string | Uint8Array {
  if (typeof data === "string") return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

class Sha256 {
  private readonly hash;
  constructor(secret?: Data) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: Data): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/** The headers of a signed request to `url` (host, x-amz-date, authorization...). */
export async function sigv4Headers(
  url: string,
  options: {
    method?: string;
    secret?: string;
    accessKey?: string;
    region?: string;
    at?: number;
    headers?: Record<string, string>;
  } = {},
): Promise<Record<string, string>> {
  const target = new URL(url);
  const signer = new SignatureV4({
    service: "execute-api",
    region: options.region ?? "us-east-1",
    credentials: { accessKeyId: options.accessKey ?? "local", secretAccessKey: options.secret ?? "local" },
    sha256: Sha256,
  });
  const signed = await signer.sign(
    {
      method: options.method ?? "GET",
      protocol: "http:",
      hostname: target.hostname,
      port: Number(target.port),
      path: target.pathname,
      query: Object.fromEntries(target.searchParams),
      headers: { host: target.host, ...(options.headers ?? {}) },
    },
    { signingDate: new Date(options.at ?? Date.now()) },
  );
  return signed.headers as Record<string, string>;
}
