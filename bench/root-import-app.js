// The same app as scripts/app.js, as if it imported @cdktf/provider-aws from the package root: the root
// loads every resource binding of the provider (thousands of modules) before the app's first line runs.
// biome-ignore lint/style/noRestrictedImports: this baseline measures exactly the root import.
require("@cdktf/provider-aws");
// Then the app, run as the main module: scripts/app.js runs the app only as such (a plain require() of it, as
// this file had, loads the root and synthesizes nothing).
process.argv[1] = require.resolve("../scripts/app.js");
require("node:module").runMain();
