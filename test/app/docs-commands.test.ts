/**
 * The docs point only at what a user has: relative links resolve to files of the repository, `npm run <x>` names
 * a script of package.json, `node <file>` a file that exists, and no doc cites files outside the repository.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const root = join(__dirname, "..", "..");
const docs = [
  "README.md",
  "local/README.md",
  ...readdirSync(join(root, "stacks"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, "stacks", entry.name, "README.md")))
    .map((entry) => `stacks/${entry.name}/README.md`),
  ...readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];
const scripts = Object.keys(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts);

test.each(docs)("%s: links, npm scripts and files it names exist", (doc) => {
  const text = readFileSync(join(root, doc), "utf8");
  const problems: string[] = [];
  for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
    if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
    const path = join(root, dirname(doc), target);
    // Inside the repository: a file beside the checkout may exist here, but a user's clone does not have it.
    if (relative(root, path).startsWith("..") || !existsSync(path)) problems.push(`link ${target}`);
  }
  for (const [, script] of text.matchAll(/npm run (?:--silent )?([a-z][\w:-]*)/g)) {
    if (!scripts.includes(script)) problems.push(`npm run ${script}`);
  }
  for (const [, file] of text.matchAll(/\bnode ((?:scripts|bench)\/[\w./-]+\.m?js)/g)) {
    if (!existsSync(join(root, file))) problems.push(`node ${file}`);
  }
  if (/cdktf output[^\n]*--json/.test(text))
    problems.push("`cdktf output --json` does not exist in cdktf 0.21");
  expect(problems).toEqual([]);
});
