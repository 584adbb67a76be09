// The same app as scripts/app.js, as if it imported @cdktf/provider-aws from the package root: the root
// loads every resource binding of the provider (thousands of modules) before the app's first line runs. (The app
// itself then runs as usual, from its bundle: a root import would put every binding into that bundle too.)
// biome-ignore lint/style/noRestrictedImports: this baseline measures exactly the root import.
require("@cdktf/provider-aws");
require("../scripts/app.js");
