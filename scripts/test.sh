#!/usr/bin/env bash
# `npm test`: type-check, every vitest test (unit, spec, interaction, swarm, scenarios, and the
# browser test when Chromium is installed), then the plain summary line from the JSON report.
set -u
cd "$(dirname "$0")/.."
export NO_COLOR=1
status=0
./node_modules/.bin/tsc -p . || status=1
./node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json=.vitest-report.json "$@" || status=1
node scripts/summary.mjs .vitest-report.json || status=1
exit $status
