/**
 * The import graph runs one way: main.ts -> stacks/ -> constructs/ -> config/, api/ and tfjson/; lambdas/ ->
 * their own folder, lambdas/shared/ and api/; local/ -> tfjson/ and diagrams/ (the synthesized JSON, never the
 * stacks' TypeScript); diagrams/ -> tfjson/; tfjson/ -> nothing of the app. Imports are read with a regex over the sources (static and dynamic
 * imports, re-exports, require), relative ones resolved to the folder they land in.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = join(__dirname, "..", "..");
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']([^"']+)["']/g;

interface Import {
  readonly file: string;
  /** Repo-relative path of a relative import; the package name otherwise. */
  readonly target: string;
  readonly relative: boolean;
}

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => /\.[cm]?[jt]s$/.test(file) && !file.endsWith(".d.ts"))
    .map((file) => join(dir, file).split("\\").join("/"));
}

function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  return [...text.matchAll(IMPORT)].map(([, specifier]) => {
    if (!specifier.startsWith(".")) return { file, target: specifier, relative: false };
    const target = relative(ROOT, resolve(ROOT, dirname(file), specifier))
      .split("\\")
      .join("/");
    return { file, target, relative: true };
  });
}

/** Imports of the files under `dir` that `allowed` refuses, as `file -> target` lines. */
function offending(dir: string, allowed: (imported: Import) => boolean): string[] {
  return sources(dir)
    .flatMap(importsOf)
    .filter((imported) => !allowed(imported))
    .map(({ file, target }) => `${file} -> ${target}`);
}

const under = (target: string, ...folders: string[]) =>
  folders.some((folder) => target === folder || target.startsWith(`${folder}/`));

describe("import graph", () => {
  test("the regex sees imports (relative, package, type-only and re-exports)", () => {
    const targets = importsOf("stacks/http-api/stack.ts").map((imported) => imported.target);
    expect(targets).toEqual(expect.arrayContaining(["cdktf", "constructs/http-api", "api/routes"]));
    expect(importsOf("stacks/lambda-bundling.ts").map((imported) => imported.target)).toEqual([
      "constructs/bundling",
    ]);
  });

  test("api/ imports nothing but api/: no package, no other folder", () => {
    expect(offending("api", (imported) => imported.relative && under(imported.target, "api"))).toEqual([]);
  });

  test("config/ imports only config/ and Node built-ins", () => {
    expect(
      offending("config", (imported) =>
        imported.relative ? under(imported.target, "config") : imported.target.startsWith("node:"),
      ),
    ).toEqual([]);
  });

  test("tfjson/ imports only tfjson/ and Node built-ins", () => {
    expect(
      offending("tfjson", (imported) =>
        imported.relative ? under(imported.target, "tfjson") : imported.target.startsWith("node:"),
      ),
    ).toEqual([]);
  });

  test("diagrams/ import only diagrams/ and tfjson/: no package (the console bundles them for the browser)", () => {
    expect(
      offending("diagrams", (imported) => imported.relative && under(imported.target, "diagrams", "tfjson")),
    ).toEqual([]);
  });

  test("constructs/ import neither stacks/, api/ nor lambdas/: routes, functions and auth arrive as props", () => {
    expect(
      offending(
        "constructs",
        (imported) => !imported.relative || under(imported.target, "constructs", "config", "tfjson"),
      ),
    ).toEqual([]);
  });

  test("local/ imports of the app only tfjson/ and diagrams/: it serves what a fork synthesizes", () => {
    expect(
      offending(
        "local",
        (imported) => !imported.relative || under(imported.target, "local", "tfjson", "diagrams"),
      ),
    ).toEqual([]);
  });

  test("lambdas/ import their own folder, lambdas/shared/ and api/, never the app's layers or cdktf", () => {
    expect(
      offending("lambdas", (imported) => {
        if (!imported.relative) return !/^(cdktf|constructs|@cdktf\/)/.test(imported.target);
        const own = imported.file.split("/").slice(0, 2).join("/");
        return under(imported.target, own, "lambdas/shared", "api");
      }),
    ).toEqual([]);
  });

  test("stacks/ never import the app (main.ts) or a Lambda's code (handlers are entries, bundled apart)", () => {
    expect(
      offending("stacks", (imported) => !imported.relative || !under(imported.target, "main", "lambdas")),
    ).toEqual([]);
  });
});
