#!/usr/bin/env bash
# Install edukg with its test extra into .venv (created if missing), make sure Debian's
# chromium is there for the browser test (and Raptor's rapper for the interop test, best
# effort), and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e '.[test]'
bash scripts/ensure_chromium.sh
bash scripts/ensure_rapper.sh
"$VENV/bin/python" -m pytest -q "$@"
