import fc from "fast-check";
import { validateItemCreate, validateItemUpdate } from "../../../lambdas/items/validation";
import { BadRequestError } from "../../../lambdas/shared/errors";
import { anyItemBody, validItemBody } from "../fixtures/items";

test("every valid generated item passes, and comes back as the same item with tags defaulted", () => {
  fc.assert(
    fc.property(validItemBody, (body) => {
      const expected = { ...body, tags: body.tags ?? [] };
      expect(validateItemCreate(body)).toEqual(expected);
      expect(validateItemUpdate(body)).toEqual(expected);
    }),
  );
});

test("any value is either accepted or refused with a BadRequestError, never another error", () => {
  fc.assert(
    fc.property(fc.oneof(anyItemBody, fc.anything()), (body) => {
      // A boolean, not expect(): jest's expect costs about 0.2 ms a call.
      return [validateItemCreate, validateItemUpdate].every((validate) => {
        try {
          validate(body);
          return true;
        } catch (error) {
          return error instanceof BadRequestError && error.message.length > 0;
        }
      });
    }),
    { numRuns: 300 },
  );
});
