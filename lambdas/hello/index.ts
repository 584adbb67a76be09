/**
 * GET /hello[?name=...]: a greeting that also reports the payload format the API delivered, so the
 * variants can be told apart. No AWS SDK here: this function is the cold-start baseline.
 */
import { BadRequestError } from "../shared/errors";
import { httpHandler } from "../shared/handler";
import { json } from "../shared/http";

const NAME_MAX_LENGTH = 64;

/** Letters (any script, with their combining marks), digits, space and - _ . ' */
const allowedName = /^[\p{L}\p{M}\p{Nd} \-_.']+$/u;
const hasLetterOrDigit = /[\p{L}\p{Nd}]/u;

/** The name to greet, or why it is refused; lengths count characters (code points), not UTF-16 units. */
function validateName(name: string): string {
  const length = [...name].length;
  if (length < 1 || length > NAME_MAX_LENGTH) {
    throw new BadRequestError(`name must be 1 to ${NAME_MAX_LENGTH} characters long (got ${length})`);
  }
  if (!allowedName.test(name)) {
    throw new BadRequestError("name may contain only letters, digits, spaces and - _ . '");
  }
  if (!hasLetterOrDigit.test(name)) {
    throw new BadRequestError("name must contain at least one letter or digit");
  }
  return name;
}

export const handler = httpHandler((request) => {
  const rawName = request.query.name;
  const name = rawName === undefined ? "world" : validateName(rawName);
  return json(200, { message: `Hello, ${name}!`, format: request.format });
});
