#!/usr/bin/env sh
# Stability: the whole suite 20 times against the bundled reference engine (issue 10). Every
# requirement must pass every run; any that does not is listed with its pass ratio. Slow (minutes),
# so a script, not a CI test. Usage: scripts/stability.sh [repeats] [report-dir]
set -eu
cd "$(dirname "$0")/.."
REPEATS="${1:-20}"
REPORT_DIR="${2:-./openwop-conformance-report/stability}"
npm run build --silent
exec node dist/bin/openwop-conformance.js run --target reference --repeat "$REPEATS" --report-dir "$REPORT_DIR"
