// The floor of a cdktf synth: one stack, one provider, one resource, deep imports. Compare the real app to it.
const { App, TerraformStack } = require("cdktf");
const { AwsProvider } = require("@cdktf/provider-aws/lib/provider");
const { CloudwatchLogGroup } = require("@cdktf/provider-aws/lib/cloudwatch-log-group");

const app = new App({ outdir: process.env.CDKTF_OUTDIR });
const stack = new TerraformStack(app, "floor");
new AwsProvider(stack, "aws", { region: "us-east-1" });
new CloudwatchLogGroup(stack, "logs", { name: "floor", retentionInDays: 365 });
app.synth();
