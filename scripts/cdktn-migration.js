// The move from cdktf to CDK Terrain (cdktn) as data and pure functions: which packages become which, how a
// copy of the repo is rewritten, and which differences between the two synth outputs are expected.
// scripts/check-cdktn.js runs them on a copy; test/app/cdktn-migration.test.ts checks them without network.

/** The packages of the move, at the versions the check proves. */
const TARGET = {
  cdktn: "0.24.0",
  "cdktn-cli": "0.24.0",
  "@cdktn/provider-aws": "25.7.0",
  // cdktn and its provider ask for constructs >=10.6.0 <10.8.0.
  constructs: "10.7.2",
};

/** cdktn-cli needs Node >= 22.19 (its engines field); on an older Node the check runs it on this one. */
const CLI_NODE = { minimum: "22.19.0", version: "22.23.5" };

/** Old package name -> new, for dependencies and module specifiers. */
const RENAMES = {
  cdktf: "cdktn",
  "cdktf-cli": "cdktn-cli",
  "@cdktf/provider-aws": "@cdktn/provider-aws",
};

/** The provider packages whose root import the linter bans. */
const PROVIDERS = ["@cdktf/provider-aws"];

/** package.json with the cdktf packages swapped for their cdktn namesakes and constructs moved along. */
function rewritePackageJson(pkg) {
  const next = structuredClone(pkg);
  for (const field of ["dependencies", "devDependencies"]) {
    const deps = next[field];
    if (!deps) continue;
    for (const [from, to] of Object.entries(RENAMES)) {
      if (!(from in deps)) continue;
      delete deps[from];
      deps[to] = TARGET[to];
    }
    if ("constructs" in deps) deps.constructs = TARGET.constructs;
    next[field] = Object.fromEntries(Object.entries(deps).sort(([a], [b]) => a.localeCompare(b)));
  }
  return next;
}

// A module specifier: a quoted name that is a renamed package or a path inside one, after `from`, `import`,
// `import(`, `require(`, `require.resolve(` or `jest.mock(`. Other strings that say "cdktf" (the `managed-by`
// tag, `cdktf.json`, `cdktf.out`) are not module specifiers and stay.
const SPECIFIER =
  /(\bfrom\s+|\bimport\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|\brequire\.resolve\s*\(\s*|\bjest\.(?:mock|requireActual)\s*\(\s*)(["'])(cdktf|@cdktf\/provider-aws)((?:\/[^"'\n]*)?)\2/g;

/** Source text with its imports of cdktf packages pointed at the cdktn ones; `count` is how many changed. */
function rewriteImports(source) {
  let count = 0;
  const text = source.replace(SPECIFIER, (_match, lead, quote, name, rest) => {
    count += 1;
    return `${lead}${quote}${RENAMES[name]}${rest}${quote}`;
  });
  return { text, count };
}

/**
 * biome.json's text with the rule that bans the provider's root import naming the renamed provider package
 * (edited as text, so its formatting stays). Throws when the rule is not there afterwards.
 */
function rewriteBiomeConfig(text) {
  let next = text;
  for (const from of PROVIDERS) next = next.split(from).join(RENAMES[from]);
  const paths = JSON.parse(next).linter?.rules?.style?.noRestrictedImports?.options?.paths ?? {};
  const missing = PROVIDERS.map((from) => RENAMES[from]).filter((to) => !(to in paths));
  if (missing.length > 0) {
    throw new Error(`biome.json: no noRestrictedImports rule for ${missing.join(", ")} after the rename`);
  }
  return next;
}

/** Every leaf where two JSON values differ: `{ path, cdktf, cdktn }`, a missing key being undefined. */
function diffJson(cdktf, cdktn, path = []) {
  const isObject = (value) => typeof value === "object" && value !== null;
  if (isObject(cdktf) && isObject(cdktn) && Array.isArray(cdktf) === Array.isArray(cdktn)) {
    const keys = [...new Set([...Object.keys(cdktf), ...Object.keys(cdktn)])];
    return keys.flatMap((key) => diffJson(cdktf[key], cdktn[key], [...path, key]));
  }
  return cdktf === cdktn ? [] : [{ path, cdktf, cdktn }];
}

/**
 * A provider source address in full: Terraform reads `aws` as `hashicorp/aws`, and an address without a
 * hostname as one on registry.terraform.io.
 */
function providerAddress(source) {
  const parts = String(source).split("/");
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `registry.terraform.io/${source}`;
  return source;
}

/**
 * The differences the move may make to a stack's cdk.tf.json, each a path and a test of the values on both
 * sides: the library version in the metadata, the AWS provider version the binding pins, and the provider's
 * source written another way for the same provider. `versions`: `cdktf` and `cdktn` (library versions),
 * `cdktfProvider` and `cdktnProvider` (AWS provider versions), `providerAddress` (the provider both bindings
 * were generated from, e.g. registry.terraform.io/hashicorp/aws).
 */
function expectedDifferences(versions) {
  return [
    {
      path: ["//", "metadata", "version"],
      allows: (cdktf, cdktn) => cdktf === versions.cdktf && cdktn === versions.cdktn,
      why: "library version in the stack's metadata",
    },
    {
      path: ["terraform", "required_providers", "aws", "version"],
      allows: (cdktf, cdktn) => cdktf === versions.cdktfProvider && cdktn === versions.cdktnProvider,
      why: "AWS provider version pinned by the binding",
    },
    {
      path: ["terraform", "required_providers", "aws", "source"],
      allows: (cdktf, cdktn) =>
        providerAddress(cdktf) === versions.providerAddress &&
        providerAddress(cdktn) === versions.providerAddress,
      why: "the same provider's source address, written in full",
    },
  ];
}

/** Splits a stack's differences into the expected ones (with their reason) and the rest. */
function classifyDifferences(differences, expected) {
  const same = (a, b) => a.length === b.length && a.every((part, i) => part === b[i]);
  const result = { expected: [], unexpected: [] };
  for (const difference of differences) {
    const rule = expected.find(
      (candidate) =>
        same(candidate.path, difference.path) && candidate.allows(difference.cdktf, difference.cdktn),
    );
    if (rule) result.expected.push({ ...difference, why: rule.why });
    else result.unexpected.push(difference);
  }
  return result;
}

/** The `managed-by` default tag of every AWS provider block of a stack's Terraform JSON. */
function managedByTags(terraform) {
  const providers = terraform.provider?.aws ?? [];
  return (Array.isArray(providers) ? providers : [providers]).flatMap((provider) =>
    (provider.default_tags ?? []).map((block) => block.tags?.["managed-by"]),
  );
}

/**
 * One stack compared: `files` are its relative file paths on each side (JSON and zips), `read(side, file)`
 * returns a file's bytes. Problems are strings; a clean stack has none.
 */
function compareStack({ cdktfFiles, cdktnFiles, read, versions }) {
  const problems = [];
  const only = (a, b) => a.filter((file) => !b.includes(file));
  for (const file of only(cdktfFiles, cdktnFiles)) problems.push(`${file}: only in the cdktf output`);
  for (const file of only(cdktnFiles, cdktfFiles)) problems.push(`${file}: only in the cdktn output`);
  let expected = [];
  let identicalFiles = 0;
  for (const file of cdktfFiles.filter((f) => cdktnFiles.includes(f))) {
    const before = read("cdktf", file);
    const after = read("cdktn", file);
    if (!file.endsWith("cdk.tf.json")) {
      if (before.equals(after)) identicalFiles += 1;
      else problems.push(`${file}: bytes differ`);
      continue;
    }
    const cdktfJson = JSON.parse(before.toString("utf8"));
    const cdktnJson = JSON.parse(after.toString("utf8"));
    const classified = classifyDifferences(diffJson(cdktfJson, cdktnJson), expectedDifferences(versions));
    expected = classified.expected;
    for (const d of classified.unexpected) {
      problems.push(`${file}: ${d.path.join(".")}: ${JSON.stringify(d.cdktf)} -> ${JSON.stringify(d.cdktn)}`);
    }
    const tags = { cdktf: managedByTags(cdktfJson), cdktn: managedByTags(cdktnJson) };
    if (tags.cdktf.length === 0 || tags.cdktf.some((tag) => tag === undefined)) {
      problems.push(`${file}: the cdktf output has an AWS provider without a managed-by default tag`);
    }
    if (JSON.stringify(tags.cdktf) !== JSON.stringify(tags.cdktn)) {
      problems.push(
        `${file}: managed-by tag ${JSON.stringify(tags.cdktf)} became ${JSON.stringify(tags.cdktn)}`,
      );
    }
  }
  return { problems, expected, identicalFiles };
}

module.exports = {
  TARGET,
  CLI_NODE,
  RENAMES,
  rewritePackageJson,
  rewriteImports,
  rewriteBiomeConfig,
  diffJson,
  providerAddress,
  expectedDifferences,
  classifyDifferences,
  managedByTags,
  compareStack,
};
