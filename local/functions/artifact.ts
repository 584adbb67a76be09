/**
 * A Lambda zip unpacked once into a folder named by its content hash (shared by every start and process).
 *
 * A source map in the zip (`index.mjs.map`, when the stacks are synthesized with APIGW_LAMBDA_SOURCE_MAPS=true)
 * names its sources relative to the folder the bundler wrote to inside the project (`../../lambdas/hello/
 * index.ts`); unpacked elsewhere, those paths would point nowhere. With a `sourceRoot` (the project), each
 * source that is a file of the project becomes its absolute `file://` URL, and the project's own files (not
 * node_modules) are also carried in `sourcesContent`: debuggers (VS Code, Chrome DevTools) then set breakpoints
 * in the TypeScript files and show them, and `--enable-source-maps` stack traces name them.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, normalize, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { unzipSync } from "fflate";

export interface UnpackedArtifact {
  readonly dir: string;
  /** Base64 SHA-256 of the zip: compare with Terraform's `source_code_hash`. */
  readonly sha256Base64: string;
}

export interface UnpackOptions {
  /** The project folder the source maps' relative sources resolve against. @default no rewriting */
  readonly sourceRoot?: string;
  /** @default "<tmpdir>/apigw-local/code" */
  readonly cacheDir?: string;
}

export function unpackArtifact(zipPath: string, options: UnpackOptions = {}): UnpackedArtifact {
  const cacheDir = options.cacheDir ?? join(tmpdir(), "apigw-local", "code");
  const zip = readFileSync(zipPath);
  const digest = createHash("sha256").update(zip).digest();
  const sha256Base64 = digest.toString("base64");
  const names: string[] = [];
  unzipSync(zip, {
    filter: (file) => {
      names.push(file.name);
      return false;
    },
  });
  const maps = options.sourceRoot !== undefined && names.some((name) => name.endsWith(".map"));
  // Rewritten maps depend on the project folder too: another checkout gets its own copy.
  const folder = maps
    ? createHash("sha256").update(digest).update(`\0${options.sourceRoot}`).digest("hex").slice(0, 32)
    : digest.toString("hex").slice(0, 32);
  const dir = join(cacheDir, folder);
  if (existsSync(join(dir, ".complete"))) return { dir, sha256Base64 };
  const staging = `${dir}.${process.pid}.${Date.now()}.tmp`;
  mkdirSync(staging, { recursive: true });
  for (const [name, data] of Object.entries(unzipSync(zip))) {
    if (name.endsWith("/")) continue;
    const target = normalize(join(staging, name));
    if (!target.startsWith(staging))
      throw new Error(`zip ${zipPath} has an entry outside its folder: ${name}`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(
      target,
      maps && name.endsWith(".map")
        ? resolveSourceMap(Buffer.from(data).toString("utf8"), options.sourceRoot as string)
        : data,
    );
  }
  writeFileSync(join(staging, ".complete"), "");
  try {
    renameSync(staging, dir);
  } catch {
    // Another process unpacked the same zip first: use theirs.
    rmSync(staging, { recursive: true, force: true });
  }
  return { dir, sha256Base64 };
}

/**
 * The source map with each relative source that names a file of `sourceRoot` (once its leading `../` are
 * dropped: the bundler wrote inside the project) as an absolute file URL, and the content of the project's
 * own sources embedded. Sources that are not files of the project stay as written.
 */
export function resolveSourceMap(text: string, sourceRoot: string): string {
  let map: { sources?: unknown; sourcesContent?: unknown; sourceRoot?: unknown };
  try {
    map = JSON.parse(text);
  } catch {
    return text; // not JSON: leave it to the debugger to complain
  }
  if (!Array.isArray(map.sources)) return text;
  const given = Array.isArray(map.sourcesContent) ? (map.sourcesContent as unknown[]) : [];
  const contents: (string | null)[] = [];
  map.sources = map.sources.map((source: unknown, index) => {
    contents[index] = typeof given[index] === "string" ? (given[index] as string) : null;
    if (typeof source !== "string" || /^[a-z][a-z0-9+.-]*:/i.test(source) || isAbsolute(source))
      return source;
    const path = join(sourceRoot, normalize(source).replace(/^(\.\.[\\/])+/, ""));
    if (!path.startsWith(sourceRoot) || !statSync(path, { throwIfNoEntry: false })?.isFile()) return source;
    if (contents[index] === null && !path.includes(`${sep}node_modules${sep}`))
      contents[index] = readFileSync(path, "utf8");
    return pathToFileURL(path).href;
  });
  map.sourcesContent = contents;
  delete map.sourceRoot;
  return JSON.stringify(map);
}
