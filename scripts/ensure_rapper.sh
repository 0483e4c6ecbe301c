#!/bin/sh
# Make sure Raptor's rapper (Debian raptor2-utils) is installed, so that tests/test_interop.py
# also checks our Turtle and N-Triples with a second, independent parser. scripts/test.sh
# (and so .ci/run) calls it before pytest. Best effort: without root or apt-get, or if the
# install fails, it warns and that test is skipped with the reason.
set -eu

if command -v rapper >/dev/null 2>&1; then
    echo "ensure_rapper: $(command -v rapper) present"
    exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure_rapper: rapper missing and cannot install it (needs root and apt-get); its test will be skipped" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if apt-get install -y raptor2-utils || { apt-get update && apt-get install -y raptor2-utils; }; then
    echo "ensure_rapper: installed $(command -v rapper)"
else
    echo "ensure_rapper: could not install raptor2-utils; the rapper test will be skipped" >&2
fi
