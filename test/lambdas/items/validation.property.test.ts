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
      for (const validate of [validateItemCreate, validateItemUpdate]) {
        try {
          validate(body);
        } catch (error) {
          expect(error).toBeInstanceOf(BadRequestError);
          expect((error as Error).message.length).toBeGreaterThan(0);
        }
      }
    }),
    { numRuns: 500 },
  );
});
