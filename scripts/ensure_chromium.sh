#!/bin/sh
# Make sure Debian's chromium is installed, for the real-browser test of the HTML view
# (tests/test_view_browser.py). scripts/test.sh (and so .ci/run) calls it before pytest.
# Does nothing when /usr/bin/chromium exists. When it is missing:
#   - as root with apt-get: apt-get update && apt-get install -y chromium; a failure is fatal;
#   - otherwise it cannot install: a warning, exit 0, and the browser tests skip with the
#     reason (exit 1 instead when $CI is set: there the browser test must run).
set -eu

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    echo "ensure_chromium: $CHROMIUM present ($("$CHROMIUM" --version 2>/dev/null || echo '?'))"
    exit 0
fi

cannot() {
    echo "ensure_chromium: $CHROMIUM missing and $1; the browser tests will be skipped" >&2
    if [ -n "${CI:-}" ]; then exit 1; fi
    exit 0
}

[ "$(id -u)" -eq 0 ] || cannot "not running as root (run this script as root to install it)"
command -v apt-get >/dev/null 2>&1 || cannot "apt-get is not available"

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y chromium
# A small CJK font so screenshots show Chinese labels instead of empty boxes (best effort).
apt-get install -y fonts-wqy-microhei \
    || echo "ensure_chromium: no CJK font installed (labels may show as boxes)" >&2

if [ ! -x "$CHROMIUM" ]; then
    echo "ensure_chromium: apt-get finished but $CHROMIUM is still missing" >&2
    exit 1
fi
echo "ensure_chromium: installed $("$CHROMIUM" --version 2>/dev/null || echo chromium)"
