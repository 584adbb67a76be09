/** A Lambda zip unpacked once into a folder named by its content hash (shared by every start and process). */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, normalize } from "node:path";
import { unzipSync } from "fflate";

export interface UnpackedArtifact {
  readonly dir: string;
  /** Base64 SHA-256 of the zip: compare with Terraform's `source_code_hash`. */
  readonly sha256Base64: string;
}

export function unpackArtifact(
  zipPath: string,
  cacheDir = join(tmpdir(), "apigw-local", "code"),
): UnpackedArtifact {
  const zip = readFileSync(zipPath);
  const digest = createHash("sha256").update(zip).digest();
  const dir = join(cacheDir, digest.toString("hex").slice(0, 32));
  const sha256Base64 = digest.toString("base64");
  if (existsSync(join(dir, ".complete"))) return { dir, sha256Base64 };
  const staging = `${dir}.${process.pid}.${Date.now()}.tmp`;
  mkdirSync(staging, { recursive: true });
  for (const [name, data] of Object.entries(unzipSync(zip))) {
    if (name.endsWith("/")) continue;
    const target = normalize(join(staging, name));
    if (!target.startsWith(staging))
      throw new Error(`zip ${zipPath} has an entry outside its folder: ${name}`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, data);
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
