/**
 * `npm start -- --watch --stack http-api` (or a fork's first stack serving GET /hello), run as a user runs it, in a copy of the project (its sources are
 * edited): only the served stack is synthesized, and into dist/cdktf.out (cdktf.out is left alone); a save of a
 * handler is served after one reload line; a save that breaks the build keeps the last good version serving
 * and says so; the folder watcher sees saves made by renaming a temporary file over the original (as many
 * editors save), again and again.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isIgnoredChange, watchSources } from "../../local/watch";
import { STACK_IDS } from "../support/app-stacks";
import { describeEachStack, httpStyleStackIds } from "./support/app-served";
import { call, eventually } from "./support/gateway";
import { copyProject } from "./support/project-copy";

/** Saves like an editor that writes a temporary file and renames it over the original. */
function saveByRename(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

describe("the folder watcher", () => {
  test("sees saves by rename, again and again, and in folders created later; ignores editors' side files and what lies behind a link", async () => {
    const dir = join(tmpdir(), `apigw-watch-unit-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, "a"), { recursive: true });
    writeFileSync(join(dir, "a", "f.ts"), "1");
    writeFileSync(join(dir, "single.ts"), "1");
    const seen: string[][] = [];
    const watching = watchSources({
      paths: [join(dir, "a"), join(dir, "single.ts")],
      rebuild: async (changed) => {
        seen.push(changed.map((file) => file.slice(dir.length + 1)));
      },
    });
    const settle = async (count: number) => {
      await eventually(() => seen.length >= count);
      await watching.idle();
    };
    try {
      for (const [index, text] of ["2", "3", "4"].entries()) {
        saveByRename(join(dir, "a", "f.ts"), text);
        await settle(index + 1);
      }
      expect(seen).toEqual([["a/f.ts"], ["a/f.ts"], ["a/f.ts"]]);
      mkdirSync(join(dir, "a", "new"));
      await settle(4);
      writeFileSync(join(dir, "a", "new", "g.ts"), "1");
      await settle(5);
      saveByRename(join(dir, "single.ts"), "2");
      writeFileSync(join(dir, "other.ts"), "not watched");
      await settle(6);
      expect(seen.slice(4)).toEqual([["a/new/g.ts"], ["single.ts"]]);
      // A link to a folder outside is a change itself, but what happens behind it is not watched.
      mkdirSync(join(dir, "outside"));
      symlinkSync(join(dir, "outside"), join(dir, "a", "link"), "dir");
      await settle(7);
      writeFileSync(join(dir, "outside", "h.ts"), "1");
      saveByRename(join(dir, "single.ts"), "3");
      await settle(8);
      expect(seen.slice(6)).toEqual([["a/link"], ["single.ts"]]);
    } finally {
      watching.close();
      rmSync(dir, { recursive: true, force: true });
    }
    for (const side of [".f.ts.swp", "f.ts~", "4913", ".#f.ts", "f.ts.tmp", "node_modules/x/y.ts"])
      expect(isIgnoredChange(`/p/lambdas/${side}`)).toBe(true);
    expect(isIgnoredChange("/p/lambdas/hello/index.ts")).toBe(false);
  });
});

// Served: the first registered stack with the route table's GET /hello (http-api in the app as it ships).
describeEachStack("npm start -- --watch", httpStyleStackIds().slice(0, 1), (stack) => {
  let child: ChildProcess | undefined;
  let output = "";
  afterAll(() => child?.kill("SIGKILL"));

  const waitFor = async (pattern: RegExp, from: number, timeoutMs: number): Promise<RegExpExecArray> => {
    let match: RegExpExecArray | null = null;
    await eventually(() => {
      match = pattern.exec(output.slice(from));
      return match !== null;
    }, timeoutMs).catch(() => {
      throw new Error(`no ${pattern} in the output:\n${output}`);
    });
    return match as unknown as RegExpExecArray;
  };

  test("synthesizes only the served stack, serves each save after one reload line, keeps the last good version", async () => {
    const project = copyProject("watch");

    // The app builds the stacks it is asked for, and refuses a name it does not know.
    const unknown = spawnSync(process.execPath, ["scripts/app.js", "--stack", "http-apy"], {
      cwd: project,
      encoding: "utf8",
    });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain(
      `--stack "http-apy": the app has no such stack; its stacks: ${STACK_IDS.join(", ")}`,
    );

    child = spawn(
      process.execPath,
      ["scripts/start.js", "--watch", "--stack", stack, "--port", "0", "--quiet"],
      { cwd: project, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CHECKPOINT_DISABLE: "1" } },
    );
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    await waitFor(/^ready /m, 0, 120_000);
    const api = (
      await waitFor(new RegExp(`^${stack}\\s+\\S+\\s+\\S+\\s+(http:\\/\\/\\S+)$`, "m"), 0, 1_000)
    )[1];
    expect(readdirSync(join(project, "dist", "cdktf.out", "stacks"))).toEqual([stack]);
    expect(existsSync(join(project, "cdktf.out"))).toBe(false);
    expect((await call(`${api}/hello?name=Ada`)).json.message).toBe("Hello, Ada!");

    const handler = join(project, "lambdas", "hello", "index.ts");
    const original = readFileSync(handler, "utf8");
    const greet = async () => (await call(`${api}/hello?name=Ada`)).json?.message;
    for (const greeting of ["Howdy", "Hi"]) {
      const from = output.length;
      saveByRename(handler, original.replace(/Hello, (\$\{name\})!/, `${greeting}, $1!`));
      const line = await waitFor(/^reloaded in (\d+\.\d\d) s: (.*)$/m, from, 60_000);
      expect(line[2]).toBe(`new code for apigw-dev-${stack}-hello (${stack})`);
      expect(await greet()).toBe(`${greeting}, Ada!`);
    }

    let from = output.length;
    saveByRename(handler, `${original}\nexport const broken = ;\n`);
    await waitFor(
      /^reload failed after \d+\.\d\d s: the synth failed \(above\); still serving the last good version$/m,
      from,
      60_000,
    );
    expect(output.slice(from)).toContain('Unexpected ";"');
    expect(await greet()).toBe("Hi, Ada!");

    from = output.length;
    saveByRename(handler, original);
    await waitFor(
      new RegExp(`^reloaded in \\d+\\.\\d\\d s: new code for apigw-dev-${stack}-hello \\(${stack}\\)$`, "m"),
      from,
      60_000,
    );
    expect(await greet()).toBe("Hello, Ada!");

    const exit = new Promise<number | null>((resolve) => child?.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
  }, 240_000);
});
