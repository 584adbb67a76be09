/**
 * The console's assets: `client/app.ts` (with the panels it imports) and `style.css`, bundled by esbuild on the
 * first request for the page (a gateway nobody opens in a browser never starts esbuild; the first load pays
 * about 0.1 s), named by content hash so they can be cached for good, and the HTML page that links them.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";

export interface Asset {
  readonly path: string;
  readonly contentType: string;
  readonly body: Buffer;
  readonly etag: string;
}

export interface ConsoleAssets {
  /** The page; `cache-control: no-cache` (revalidated by ETag). */
  readonly page: Asset;
  /** Hashed bundles by URL path; cached as immutable. */
  readonly files: ReadonlyMap<string, Asset>;
}

/** Where the sources live: next to this file when run from source, else under local/console of the repo. */
function sourceDir(): string {
  const candidates = [__dirname, join(__dirname, "..", "..", "..", "local", "console")];
  const found = candidates.find((dir) => existsSync(join(dir, "client", "app.ts")));
  if (!found) throw new Error(`the console sources (client/app.ts) are not in ${candidates.join(" or ")}`);
  return found;
}

function asset(path: string, contentType: string, body: Buffer): Asset {
  const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
  return { path, contentType, body, etag };
}

async function build(): Promise<ConsoleAssets> {
  const dir = sourceDir();
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    absWorkingDir: dir,
    entryPoints: [join(dir, "client", "app.ts"), join(dir, "style.css")],
    bundle: true,
    minify: true,
    format: "iife",
    target: "es2020",
    platform: "browser",
    outdir: "out",
    entryNames: "[name]-[hash]",
    write: false,
    logLevel: "silent",
    legalComments: "none",
  });
  const files = new Map<string, Asset>();
  let script = "";
  let style = "";
  for (const file of result.outputFiles) {
    const name = file.path.slice(file.path.lastIndexOf("/") + 1);
    const path = `/_local/console/${name}`;
    const isJs = name.endsWith(".js");
    files.set(
      path,
      asset(
        path,
        isJs ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8",
        Buffer.from(file.contents),
      ),
    );
    if (isJs) script = path;
    else style = path;
  }
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>apigw-stacks local console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${style}">
<script defer src="${script}"></script>
</head>
<body>
<noscript>The console needs JavaScript; <a href="/_local/stacks">/_local/stacks</a> lists the stacks as JSON.</noscript>
<div id="app" aria-live="polite">Loading the stacks…</div>
</body>
</html>
`;
  return { page: asset("/", "text/html; charset=utf-8", Buffer.from(html)), files };
}

let built: Promise<ConsoleAssets> | undefined;

/** The bundled assets, built once per process. */
export function consoleAssets(): Promise<ConsoleAssets> {
  built ??= build().catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return built;
}
