// The same app as scripts/app.js, as if it imported @cdktf/provider-aws from the package root: the root
// loads every resource binding of the provider (thousands of modules) before the app's first line runs.
// biome-ignore lint/style/noRestrictedImports: this baseline measures exactly the root import.
require("@cdktf/provider-aws");
require("../scripts/app.js");
