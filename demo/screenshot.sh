#!/bin/sh
# Regenerates docs/demo.png: starts the demo, photographs its page with headless Chromium once the page has settled
# (python -m demo.screenshot waits for it), stops the demo.
# Needs Debian's Chromium (apt-get install -y chromium). Usage: demo/screenshot.sh [output.png]
set -eu
cd "$(dirname "$0")/.."
out=${1:-docs/demo.png}
python=${PYTHON:-.venv/bin/python}
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
    echo "Chromium is missing: apt-get install -y chromium" >&2
    exit 2
fi
log=$(mktemp)
"$python" -m demo --channel meddelanden --as ringare,organisatör --at "2026-03-08 09:01" >"$log" 2>&1 &
demo=$!
cleanup() {
    kill -INT "$demo" 2>/dev/null || true
    wait "$demo" 2>/dev/null || true
    rm -f "$log"
}
trap cleanup EXIT INT TERM
url=""
for _ in $(seq 120); do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/#[A-Za-z0-9_-]*' "$log" | head -n 1 || true)
    [ -n "$url" ] && break
    kill -0 "$demo" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.5
done
[ -n "$url" ] || { echo "the demo did not start:" >&2; cat "$log" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
"$python" -m demo.screenshot "$url" "$out"
[ -s "$out" ] || { echo "Chromium wrote no screenshot" >&2; exit 1; }
echo "wrote $out"
