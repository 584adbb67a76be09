import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface, type Interface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { unzipSync } from "fflate";

/** Unzips a Lambda zip into a fresh temporary folder and returns the folder. */
export function unzipArtifact(zipPath: string): string {
  const dir = mkdtempSync(join(tmpdir(), "apigw-artifact-"));
  for (const [name, data] of Object.entries(unzipSync(readFileSync(zipPath)))) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), data);
  }
  return dir;
}

export type InvokeOutcome = { result: unknown; error?: undefined } | { error: string; result?: undefined };

/**
 * A Lambda artifact loaded in its own Node.js process (its own environment, like a Lambda sandbox),
 * resolved by the `handler` attribute exactly as the runtime resolves it.
 */
export class ArtifactProcess {
  private readonly child: ChildProcess;
  private readonly lines: Interface;
  private readonly pending: ((line: string) => void)[] = [];
  private stdout = "";
  private stderr = "";

  constructor(dir: string, handlerAttribute: string, env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, [join(__dirname, "artifact-runner.mjs"), dir, handlerAttribute], {
      env: { PATH: process.env.PATH ?? "", AWS_REGION: "us-east-1", ...env },
      stdio: ["pipe", "pipe", "pipe", "pipe"],
    });
    this.child.stdout?.on("data", (chunk: Buffer) => {
      this.stdout += chunk.toString();
    });
    this.child.stderr?.on("data", (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.lines = createInterface({ input: this.child.stdio[3] as Readable });
    this.lines.on("line", (line) => this.pending.shift()?.(line));
  }

  invoke(event: unknown): Promise<InvokeOutcome> {
    return new Promise((resolve, reject) => {
      const onExit = () => reject(new Error(`artifact process exited: ${this.stderr}`));
      this.child.once("exit", onExit);
      this.pending.push((line) => {
        this.child.off("exit", onExit);
        resolve(JSON.parse(line) as InvokeOutcome);
      });
      (this.child.stdin as Writable).write(`${JSON.stringify(event)}\n`);
    });
  }

  /** Everything the function logged so far (stdout and stderr). */
  get logs(): string {
    return this.stdout + this.stderr;
  }

  close(): void {
    this.child.stdin?.end();
    this.child.kill();
  }
}
