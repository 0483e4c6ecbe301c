#!/usr/bin/env bash
# Install edukg into .venv (created if missing) and build the graph from seeds/ into output/.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e .
"$VENV/bin/edukg" build seeds --out output "$@"
