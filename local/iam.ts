/**
 * AWS_IAM authorization: the request must carry a SigV4 signature (service `execute-api`) made with one of
 * the configured local access keys (default `local` / `local`), checked by re-signing it with the SDK's own
 * signer (@smithy/signature-v4). Unsigned requests are refused as API Gateway refuses them.
 */
import type { IncomingMessage } from "node:http";
import { SignatureV4 } from "@smithy/signature-v4";
import { headerValue } from "./events/common";
import { splitTarget } from "./http/request";
import { Sha256 } from "./sigv4";

/** API Gateway's message when a SigV4 signature does not match. */
export const SIGNATURE_MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

export type IamCheck =
  | {
      readonly ok: true;
      readonly accessKey: string;
      readonly context: Record<string, unknown>;
      readonly identity: Record<string, string>;
    }
  | {
      readonly ok: false;
      readonly kind: "unsigned" | "unknown-key" | "bad-signature" | "expired";
      readonly reason: string;
    };

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256\s+Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]+)$/i;

function queryObject(rawQuery: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (rawQuery === "") return out;
  for (const part of rawQuery.split("&")) {
    if (part === "") continue;
    const equals = part.indexOf("=");
    const decode = (text: string) => {
      try {
        return decodeURIComponent(text);
      } catch {
        return text;
      }
    };
    const name = decode(equals === -1 ? part : part.slice(0, equals));
    const value = equals === -1 ? "" : decode(part.slice(equals + 1));
    const existing = out[name];
    out[name] =
      existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

function signingDate(value: string | undefined): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? "");
  if (!match) return undefined;
  return new Date(
    Date.UTC(
      Number(match[1]),
      Number(match[2]) - 1,
      Number(match[3]),
      Number(match[4]),
      Number(match[5]),
      Number(match[6]),
    ),
  );
}

/** One signer per key, region and service: it keeps the day's signing key, so a check re-derives nothing. */
const signers = new Map<string, SignatureV4>();

function signerFor(service: string, region: string, accessKey: string, secret: string): SignatureV4 {
  const key = `${service}\u0000${region}\u0000${accessKey}\u0000${secret}`;
  let signer = signers.get(key);
  if (!signer) {
    signer = new SignatureV4({
      service,
      region,
      credentials: { accessKeyId: accessKey, secretAccessKey: secret },
      sha256: Sha256,
      applyChecksum: false,
    });
    // Keys come from the configured credentials and the regions and services clients sign for: few.
    if (signers.size < 256) signers.set(key, signer);
  }
  return signer;
}

export async function checkIamSignature(
  req: IncomingMessage,
  body: Buffer,
  credentials: Readonly<Record<string, string>>,
  region: string,
  nowMs: number,
): Promise<IamCheck> {
  const authorization = headerValue(req.rawHeaders, "authorization");
  const parsed = authorization ? AUTHORIZATION.exec(authorization.trim()) : null;
  if (!parsed) return { ok: false, kind: "unsigned", reason: "no SigV4 Authorization header" };
  const [, accessKey, , signedRegion, service, signedHeaderList, signature] = parsed;
  const secret = credentials[accessKey];
  if (secret === undefined)
    return {
      ok: false,
      kind: "unknown-key",
      reason: `access key ${accessKey} is not a local IAM credential`,
    };
  const date = signingDate(headerValue(req.rawHeaders, "x-amz-date"));
  if (!date) return { ok: false, kind: "bad-signature", reason: "no valid X-Amz-Date header" };
  if (Math.abs(nowMs - date.getTime()) > 15 * 60_000)
    return { ok: false, kind: "expired", reason: "signature expired" };
  const signed = signedHeaderList.toLowerCase().split(";");
  const headers: Record<string, string> = {};
  for (let index = 0; index + 1 < req.rawHeaders.length; index += 2) {
    const name = req.rawHeaders[index].toLowerCase();
    if (signed.includes(name))
      headers[name] =
        headers[name] === undefined
          ? req.rawHeaders[index + 1]
          : `${headers[name]},${req.rawHeaders[index + 1]}`;
  }
  const { rawPath, rawQuery } = splitTarget(req.url ?? "/");
  const signer = signerFor(service, signedRegion, accessKey, secret);
  const host = headers.host ?? "";
  const colon = host.lastIndexOf(":");
  const resigned = await signer.sign(
    {
      method: req.method ?? "GET",
      protocol: "http:",
      hostname: colon === -1 ? host : host.slice(0, colon),
      ...(colon === -1 ? {} : { port: Number(host.slice(colon + 1)) }),
      path: rawPath,
      query: queryObject(rawQuery),
      headers,
      body: body.length > 0 ? body : undefined,
    },
    {
      signingDate: date,
      signableHeaders: new Set(signed),
      signingRegion: signedRegion,
      signingService: service,
    },
  );
  const expected = /Signature=([0-9a-f]+)/.exec(
    String(resigned.headers.authorization ?? resigned.headers.Authorization),
  )?.[1];
  if (expected !== signature) return { ok: false, kind: "bad-signature", reason: "signature mismatch" };
  const userArn = `arn:aws:iam::000000000000:user/${accessKey}`;
  return {
    ok: true,
    accessKey,
    context: {
      accessKey,
      accountId: "000000000000",
      callerId: accessKey,
      userArn,
      userId: accessKey,
      region,
      cognitoIdentity: null,
      principalOrgId: null,
    },
    identity: { accessKey, accountId: "000000000000", caller: accessKey, user: accessKey, userArn },
  };
}
