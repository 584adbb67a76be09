/**
 * The list cursor: the last key of a page as base64url JSON. Opaque to clients; decoded strictly, because
 * it goes back to DynamoDB as ExclusiveStartKey.
 */
import { BadRequestError } from "../shared/errors";
import { type ItemKey, isItemId } from "./item";

export function encodeCursor(key: ItemKey): string {
  return Buffer.from(JSON.stringify({ id: key.id }), "utf8").toString("base64url");
}

function parseKey(cursor: string): unknown {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  try {
    return JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

export function decodeCursor(cursor: string): ItemKey {
  const key = parseKey(cursor);
  const valid =
    typeof key === "object" &&
    key !== null &&
    Object.keys(key).join() === "id" &&
    isItemId((key as ItemKey).id);
  if (!valid) throw new BadRequestError("invalid cursor: pass the cursor of the previous page unchanged");
  return { id: (key as ItemKey).id };
}
