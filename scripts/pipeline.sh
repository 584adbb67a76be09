#!/usr/bin/env bash
# Plan or apply the stacks a change touches, for any CI system (the GitHub workflow in
# .github/workflows/terraform.yml calls this too).
#
#   scripts/pipeline.sh plan  [stack ...]   terraform plan for each stack
#   scripts/pipeline.sh apply [stack ...]   terraform apply -auto-approve for each stack
#
# Without stack ids it synthesizes PIPELINE_BASE_REF (a commit; default origin/main) and HEAD, and works on
# the stacks whose synthesized output differs (synth output is deterministic, so nothing else changed).
# A removed stack is reported, never destroyed: destroying is a deliberate `npx cdktf destroy <stack>`.
#
# Needs: node and npm (after `npm ci`), terraform >= 1.10 on PATH, and the state backend's credentials:
#   HCP Terraform: APIGW_TFC_ORGANIZATION and TF_TOKEN_app_terraform_io (AWS credentials live in the
#                  workspaces, e.g. dynamic provider credentials);
#   S3:            APIGW_STATE_BUCKET and AWS credentials in the environment.
# PIPELINE_DRY_RUN=1 prints the terraform commands instead of running them.
# PIPELINE_APPLIED_FILE=<file> (absolute, or relative to the project root) receives the ids of the stacks
# `apply` applied, one a line (empty when none), for the checks that follow: the GitHub workflow runs
# `npm run test:deployed -- <stack>` for each.
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1

action="${1:-}"
shift || true
case "$action" in
  plan) terraform_args=(plan -input=false -lock-timeout=5m) ;;
  apply) terraform_args=(apply -input=false -auto-approve -lock-timeout=5m) ;;
  *) echo "usage: $0 plan|apply [stack ...]" >&2; exit 2 ;;
esac

applied_file="${PIPELINE_APPLIED_FILE:-}"
if [ -n "$applied_file" ]; then : > "$applied_file"; fi

run() {
  if [ "${PIPELINE_DRY_RUN:-}" = "1" ]; then echo "+ $*"; else "$@"; fi
}

npm run --silent synth

if [ "$#" -gt 0 ]; then
  stacks=("$@")
else
  base_ref="${PIPELINE_BASE_REF:-origin/main}"
  base_dir="$(mktemp -d)"
  trap 'git worktree remove --force "$base_dir/src" >/dev/null 2>&1 || true; rm -rf "$base_dir"' EXIT
  if git rev-parse --verify --quiet "$base_ref^{commit}" >/dev/null; then
    git worktree add --detach "$base_dir/src" "$base_ref" >/dev/null 2>&1
    if cmp -s package-lock.json "$base_dir/src/package-lock.json"; then
      ln -s "$PWD/node_modules" "$base_dir/src/node_modules"
    else
      (cd "$base_dir/src" && npm ci --no-audit --no-fund >/dev/null)
    fi
    (cd "$base_dir/src" && CDKTF_OUTDIR="$base_dir/out" node scripts/app.js >/dev/null)
  else
    echo "base $base_ref not found: every stack counts as changed" >&2
    mkdir -p "$base_dir/out"
  fi
  mapfile -t stacks < <(node scripts/changed-stacks.js "$base_dir/out" cdktf.out)
fi

if [ "${#stacks[@]}" -eq 0 ]; then
  echo "no stack changed"
  exit 0
fi

for stack in "${stacks[@]}"; do
  dir="cdktf.out/stacks/$stack"
  if [ ! -f "$dir/cdk.tf.json" ]; then
    echo "stack $stack is gone from the synth output: destroy it deliberately with 'npx cdktf destroy $stack' from the base commit" >&2
    continue
  fi
  echo "== $action $stack"
  run terraform -chdir="$dir" init -input=false
  run terraform -chdir="$dir" "${terraform_args[@]}"
  if [ "$action" = apply ] && [ -n "$applied_file" ] && [ "${PIPELINE_DRY_RUN:-}" != "1" ]; then
    echo "$stack" >> "$applied_file"
  fi
done
