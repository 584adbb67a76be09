/** SigV4 signing with the AWS SDK's own signer (@smithy/signature-v4), for AWS_IAM routes and API Gateway's API. */
import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import type { SignableRequest } from "./target";

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Temporary credentials (an assumed role, SSO) come with one. */
  readonly sessionToken?: string;
}

type Data = string | ArrayBuffer | ArrayBufferView;

function bytes(data: Data): string | Uint8Array {
  if (typeof data === "string") return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** SHA-256 and HMAC-SHA-256 in the shape the signer asks for. */
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

export type Signer = (request: SignableRequest) => Promise<Record<string, string>>;

/** Signs requests for `service` in `region`; the result holds the request's headers plus the signature's. */
export function signer(credentials: AwsCredentials, region: string, service = "execute-api"): Signer {
  const sigv4 = new SignatureV4({ service, region, credentials, sha256: Sha256 });
  return async (request) => {
    const url = new URL(request.url);
    const signed = await sigv4.sign({
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port === "" ? undefined : Number(url.port),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...request.headers, host: url.host },
      body: request.body,
    });
    return signed.headers as Record<string, string>;
  };
}
