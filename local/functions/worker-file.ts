/**
 * The JavaScript file a worker thread runs: a function's (`worker.ts` here) or the REST body validator's. From
 * the transpiled gateway (dist/local/...) that is the sibling `.js` file; when the gateway runs from TypeScript
 * (the tests), the `.ts` file is built once with esbuild into a cache file.
 */

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const cached = new Map<string, string>();

/** The function worker's file. */
export function workerFile(): string {
  return workerScript(__dirname, "worker");
}

/** The runnable file of the worker source `<dir>/<name>.ts`. */
export function workerScript(dir: string, name: string): string {
  const key = join(dir, name);
  const known = cached.get(key);
  if (known) return known;
  const compiled = `${key}.js`;
  if (existsSync(compiled)) {
    cached.set(key, compiled);
    return compiled;
  }
  const source = `${key}.ts`;
  const { buildSync } = require("esbuild") as typeof import("esbuild");
  const result = buildSync({
    entryPoints: [source],
    bundle: true,
    write: false,
    platform: "node",
    format: "cjs",
    target: "node20",
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  const hash = createHash("sha256").update(code).digest("hex").slice(0, 16);
  const cacheDir = join(tmpdir(), "apigw-local");
  mkdirSync(cacheDir, { recursive: true });
  const file = join(cacheDir, `${name}-${hash}.js`);
  if (!existsSync(file) || readFileSync(file).length !== code.length) {
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, code);
    renameSync(temporary, file);
  }
  cached.set(key, file);
  return file;
}
