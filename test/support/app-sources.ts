/**
 * The top-level folders and files a synth reads, found by following the relative imports of main.ts and of
 * the functions (so a folder a fork or a refactoring adds, like `api/`, counts without editing a list), plus
 * what the synth reads without importing it: the functions' sources (bundled by path), the app's runner
 * (scripts/app.js) and the settings and package files.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = join(__dirname, "..", "..");

/** Read by the synth without an import: bundled functions, the runner, settings, the package versions. */
const READ_BY_PATH = [
  "lambdas",
  "scripts",
  "cdktf.json",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
];

const IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)"(\.{1,2}\/[^"]+)"/gm;

function resolveModule(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.js`,
    join(base, "index.ts"),
    join(base, "index.js"),
  ]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

function typescriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : typescriptFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** The top-level entries of the repository (`api`, `config`, `main.ts`, ...) the synth depends on, sorted. */
export function appSourceRoots(root = ROOT): string[] {
  const seen = new Set<string>();
  const pending = [join(root, "main.ts"), ...typescriptFiles(join(root, "lambdas"))];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const target = resolveModule(file, match[1]);
      if (target && !relative(root, target).startsWith("node_modules")) pending.push(target);
    }
  }
  const tops = [...seen].map((file) => relative(root, file).split(/[\\/]/)[0]);
  return [...new Set([...tops, ...READ_BY_PATH])].sort();
}
