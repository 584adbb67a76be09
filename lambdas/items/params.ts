/** The non-body inputs of the items routes: the id in the path, list paging, the expected version. */
import { BadRequestError, PreconditionRequiredError, quote } from "../shared/errors";
import type { HttpRequest } from "../shared/http";
import { decodeCursor } from "./cursor";
import { type ItemKey, isItemId } from "./item";

export const LIST_LIMITS = { default: 20, max: 100 } as const;

export function itemIdOf(request: HttpRequest): string {
  const id = request.pathParameters.id;
  if (!isItemId(id)) {
    throw new BadRequestError(
      `id must be an item id (a lower-case UUID such as 0b7e3c1a-5f2d-4c8e-9a41-3d2f1e0c9b8a), got ${quote(id ?? "")}`,
    );
  }
  return id;
}

export interface ListQuery {
  limit: number;
  startAfter?: ItemKey;
}

export function listQueryOf(request: HttpRequest): ListQuery {
  const { limit, cursor } = request.query;
  const query: ListQuery = { limit: LIST_LIMITS.default };
  if (limit !== undefined) {
    const parsed = /^\d{1,3}$/.test(limit) ? Number(limit) : Number.NaN;
    if (!(parsed >= 1 && parsed <= LIST_LIMITS.max)) {
      throw new BadRequestError(
        `limit must be an integer from 1 to ${LIST_LIMITS.max} (got ${quote(limit)})`,
      );
    }
    query.limit = parsed;
  }
  if (cursor !== undefined) query.startAfter = decodeCursor(cursor);
  return query;
}

/** `3`, `"3"` or `W/"3"`: the forms a client may copy from the ETag we send (`"3"`). */
const versionTag = /^(?:(?:W\/)?"([1-9]\d{0,14})"|([1-9]\d{0,14}))$/;

/** The version in If-Match, undefined when the header is absent. */
export function ifMatchVersion(request: HttpRequest): number | undefined {
  const header = request.headers["if-match"];
  if (header === undefined) return undefined;
  const match = versionTag.exec(header.trim());
  if (!match) {
    throw new BadRequestError(`If-Match must be the item version you read, e.g. "3" (got ${quote(header)})`);
  }
  return Number(match[1] ?? match[2]);
}

/** The version a PUT expects the item to be at: from If-Match or the body; both must agree, one is required. */
export function expectedVersionOf(request: HttpRequest, bodyVersion: number | undefined): number {
  const headerVersion = ifMatchVersion(request);
  if (headerVersion !== undefined && bodyVersion !== undefined && headerVersion !== bodyVersion) {
    throw new BadRequestError(
      `If-Match (${headerVersion}) and body field version (${bodyVersion}) disagree; send one, or the same in both`,
    );
  }
  const expected = headerVersion ?? bodyVersion;
  if (expected === undefined) {
    throw new PreconditionRequiredError(
      'the item version is required: send the version you read as header If-Match: "<version>" or as body field "version"',
    );
  }
  return expected;
}
