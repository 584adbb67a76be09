import {
  BadRequestError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from "../../../lambdas/shared/errors";
import { normalizeEvent } from "../../../lambdas/shared/http";
import { readJsonBody } from "../../../lambdas/shared/json-body";
import { httpEvent } from "../fixtures/events";

const post = (body: unknown, headers: Record<string, string> = {}) =>
  normalizeEvent(httpEvent({ method: "POST", resource: "/items", body, headers }));

describe("readJsonBody", () => {
  test.each([
    ["application/json"],
    ["application/json; charset=utf-8"],
    ["Application/JSON"],
    ["application/merge-patch+json"],
  ])("accepts content type %p", (contentType) => {
    expect(readJsonBody(post('{"a":1}', { "content-type": contentType }), 100)).toEqual({ a: 1 });
  });

  test("accepts a body without content type", () => {
    expect(readJsonBody(post("[1]"), 100)).toEqual([1]);
  });

  test.each([["text/plain"], ["application/x-www-form-urlencoded"], ["application/jsonp"]])(
    "refuses content type %p with 415",
    (contentType) => {
      const act = () => readJsonBody(post("{}", { "content-type": contentType }), 100);
      expect(act).toThrow(UnsupportedMediaTypeError);
      expect(act).toThrow(`content-type must be application/json (got "${contentType}")`);
    },
  );

  test("a missing body is a 400", () => {
    expect(() => readJsonBody(post(undefined), 100)).toThrow(
      new BadRequestError("request body is required: a JSON object"),
    );
  });

  test("the size limit counts UTF-8 bytes, not characters", () => {
    const body = JSON.stringify("é".repeat(10)); // 12 characters, 22 bytes
    expect(() => readJsonBody(post(body), 21)).toThrow(PayloadTooLargeError);
    expect(() => readJsonBody(post(body), 21)).toThrow("request body is 22 bytes; the limit is 21 bytes");
    expect(readJsonBody(post(body), 22)).toBe("é".repeat(10));
  });

  test.each([["{"], ["{'a':1}"], ["NaN"], ['{"a":1,}'], ["\ufeff{}"]])(
    "malformed JSON %p is a 400",
    (body) => {
      expect(() => readJsonBody(post(body), 100)).toThrow(/^body is not valid JSON: /);
    },
  );

  test.each([["utf-16"], ['"UTF-16LE"'], ["iso-8859-1"]])("a declared charset %p is a 415", (charset) => {
    const act = () =>
      readJsonBody(post("{}", { "content-type": `application/json; charset=${charset}` }), 100);
    expect(act).toThrow(UnsupportedMediaTypeError);
    expect(act).toThrow(/^the body must be UTF-8 JSON \(got charset "/);
  });

  test.each([["utf-8"], ['"UTF-8"'], ["utf8"]])("charset %p is UTF-8", (charset) => {
    const headers = { "content-type": `application/json; charset=${charset}` };
    expect(readJsonBody(post('{"a":"é"}', headers), 100)).toEqual({ a: "é" });
  });

  test("a base64 body whose bytes are not UTF-8 is a 400; valid UTF-8 in base64 is read", () => {
    const invalid = Buffer.from([0x22, 0xc3, 0x28, 0x22]); // a lead byte without its continuation
    expect(() => readJsonBody(post(invalid), 100)).toThrow(
      new BadRequestError("the body is not valid UTF-8"),
    );
    expect(readJsonBody(post(Buffer.from('"Zoë"')), 100)).toBe("Zoë");
  });

  test("a lone surrogate escape is refused: it is not Unicode text", () => {
    expect(() => readJsonBody(post('{"name":"\\ud800"}'), 100)).toThrow(/unpaired UTF-16 surrogate/);
    expect(() => readJsonBody(post('{"\\udfff":1}'), 100)).toThrow(/unpaired UTF-16 surrogate/);
    expect(readJsonBody(post('{"name":"\\ud83d\\ude00"}'), 100)).toEqual({ name: "😀" });
  });
});
