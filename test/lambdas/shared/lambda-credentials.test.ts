/** The Lambda bundles' credential provider: the role's credentials from the environment, as Lambda sets them. */
import { defaultProvider } from "../../../lambdas/shared/lambda-credentials";

describe("the Lambda credential provider", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  test("reads the role's credentials from the environment", async () => {
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "secret",
      AWS_SESSION_TOKEN: "token",
    });
    await expect(defaultProvider()()).resolves.toMatchObject({
      accessKeyId: "AKIDEXAMPLE",
      secretAccessKey: "secret",
      sessionToken: "token",
    });
  });

  test("fails, and names the variables, when they are missing", async () => {
    for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"]) {
      delete process.env[name];
    }
    await expect(defaultProvider()()).rejects.toThrow(/environment variable credentials/);
  });
});
