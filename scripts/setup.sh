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

# A virtual environment holding exactly the pinned requirements file: rebuilt when the file changes.
pinned_venv() { # DIR REQUIREMENTS WHAT
  local dir=$1 requirements=$2 what=$3 want
  want=$(sha256sum "$requirements" | cut -d' ' -f1)
  if [ ! -x "$dir/bin/python" ] || [ "$(cat "$dir/.requirements.sha256" 2>/dev/null)" != "$want" ]; then
    echo "setup: installing the pinned $what into $dir"
    python3 -m venv "$dir" || fail "could not create the Python virtual environment $dir (python3 -m venv)"
    "$dir/bin/pip" install --quiet --disable-pip-version-check -r "$requirements" \
      || fail "could not install $what and its pinned dependencies ($requirements) into $dir"
    echo "$want" > "$dir/.requirements.sha256"
  fi
}

command -v python3 >/dev/null || fail "python3 is required for the AWS contract tests (moto server)"
# The contract suite's moto server and cfn-lint, pinned in requirements-dev.txt.
venv=.venv
pinned_venv "$venv" requirements-dev.txt "Python test tools (moto[server], cfn-lint)"
[ -x "$venv/bin/moto_server" ] || fail "moto_server is missing from $venv: delete $venv and run npm test again"
# checkov, in its own venv: its pinned dependencies clash with moto's.
pinned_venv .venv-checkov requirements-checkov.txt checkov
[ -x .venv-checkov/bin/checkov ] || fail "checkov is missing from .venv-checkov: delete it and run npm test again"
[ -x "$venv/bin/cfn-lint" ] || fail "cfn-lint is missing from $venv: delete $venv and run npm test again"
# parliament (the IAM policy linter), in its own venv too.
pinned_venv .venv-parliament requirements-parliament.txt parliament
.venv-parliament/bin/python -c 'import parliament' 2>/dev/null \
  || fail "parliament is missing from .venv-parliament: delete it and run npm test again"

# Headless Chromium for the HTML review's browser test (playwright-core drives the machine's Chromium).
if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing Debian's chromium for the browser tests"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
      || fail "could not install chromium with apt-get (needed by the HTML review's browser test)"
  else
    fail "chromium is missing: install it (apt-get install chromium) for the HTML review's browser test"
  fi
fi
chromium --version >/dev/null 2>&1 || fail "chromium is installed but does not run (chromium --version)"

echo "setup: ok (node ${node_version}, $(chromium --version 2>/dev/null | head -1), $("$venv/bin/python" -c 'import moto; print("moto " + moto.__version__)'))"
