#!/usr/bin/env bash
# The stack a manual run of .github/workflows/terraform.yml names, checked before anything is planned or
# applied: a stack id the app synthesizes, or exit 1 naming the ones it has (scripts/pipeline.sh would only
# report an unknown id as a stack gone from the output, and succeed doing nothing).
#
#   scripts/dispatch-stack.sh <stack>
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1

stack="${1:-}"
if ! [[ "$stack" =~ ^[a-z0-9][a-z0-9-]*$ ]]; then
  echo "\"$stack\" is not a stack id: give one as stacks/all-stacks.ts names it, e.g. http-api" >&2
  exit 1
fi
npm run --silent synth >/dev/null
if [ ! -f "cdktf.out/stacks/$stack/cdk.tf.json" ]; then
  known="$(find cdktf.out/stacks -mindepth 2 -maxdepth 2 -name cdk.tf.json | awk -F/ '{ print $3 }' | sort | paste -sd, - | sed 's/,/, /g')"
  echo "the app has no stack \"$stack\"; it synthesizes: ${known:-none}" >&2
  exit 1
fi
echo "stack $stack"
