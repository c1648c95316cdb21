#!/usr/bin/env bash
# Idempotent set-up that `npm test` runs first: checks (and where it can, installs) what the tests need.
# A missing prerequisite stops here with a message naming it; it never turns into a skipped test.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "setup: $*" >&2; exit 1; }

node_version=$(node -p 'process.versions.node')
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || fail "Node.js >= 20.19 is required (found ${node_version})"
[ -d node_modules ] || fail "node_modules is missing: run 'npm ci' first"
[ -f statemachines/exposed-access-key.asl.json ] || fail "statemachines/ is missing from the checkout"

echo "setup: ok (node ${node_version})"
