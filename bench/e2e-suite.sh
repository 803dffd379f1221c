#!/usr/bin/env bash
# The demo's e2e suite at N times its size, timed three ways in one run:
#
#   plain   one `playwright test --workers=2` of all the specs against one restored database
#           (the fixture database, through `tdm run --shared`), as a suite runs without TDM;
#   each    `ctest -j2` through tdm_add_playwright_tests as it is by default: each spec file
#           starts its own app (webServer) and its own Chromium;
#   slot    `ctest -j2` with the slots owning their servers (APP_COMMAND ... BROWSER_SERVER):
#           the app and Chromium start once per slot.
#
#   bench/e2e-suite.sh [--copies N] [--port-base P] [--dir DIR] [--esm-loader]
#                      [--skip-plain|--skip-each|--skip-slot] [--cpu]
#
# --copies N (default 2): the demo's spec files copied N times (N=18 gives the 72-spec suite).
# The suite is generated under DIR (default build/bench-e2e): a CMake project whose app/ links
# the demo's app (e2e/app) and whose specs are the copies, configured with its own
# TDM_PLAYWRIGHT_PORT_BASE (default 5300) and its own embedded server, so it never meets the
# ports or databases of another build tree. All three runs get the demo suite's environment
# (e2e/CMakeLists.txt): PW_DISABLE_TS_ESM=1, the specs being plain JavaScript; --esm-loader
# leaves it out (Playwright's ES module loader thread in every runner and worker, as before).
# Needs a built tdm (TDM_BIN, default build/dev/src/tdm) and the demo's npm packages
# (tools/install-deps e2e).
#
# --cpu: where each run's CPU goes, from the kernel's process accounting (root and Debian's
# acct package: accton, dump-acct): how busy the cores were, and the CPU seconds of tdm, the
# Playwright runners (started by tdm run), their workers, the other Node processes (apps, the
# slots' browser servers, the report's merge), MariaDB and the rest (Chromium's processes;
# ctest and the shells take a few hundredths of it). Only processes that end during the run
# are accounted (the plain run's embedded server outlives it), and every such process on the
# machine: run it with nothing else going on.
#
# The plain run must pass to be a fair baseline (failures' timeouts would inflate it): one
# database shared by every spec, so its copies of 04-edit-project are read-only ones, which
# submit the same edit form with the project's own title and status (same pages, same
# requests, no change to the data). CTest runs the real specs. A spec's fixed cost is its
# CTest time minus the durations of its tests in its JUnit report.
set -euo pipefail

copies=2
port_base=5300
skip=""
cpu=""
suite_environment="PW_DISABLE_TS_ESM=1"
root=$(cd "$(dirname "$0")/.." && pwd)
dir="$root/build/bench-e2e"
while [ $# -gt 0 ]; do
  case "$1" in
    --copies) copies=$2; shift 2 ;;
    --port-base) port_base=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --esm-loader) suite_environment=""; shift ;;
    --skip-plain|--skip-each|--skip-slot) skip="$skip ${1#--skip-}"; shift ;;
    --cpu) cpu=1; shift ;;
    *) echo "e2e-suite.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
dir=$(realpath -m "$dir")  # the plain run reaches it from the app's directory
tdm=${TDM_BIN:-$root/build/dev/src/tdm}
app="$root/e2e/app"
[ -x "$tdm" ] || { echo "e2e-suite.sh: no tdm at $tdm: build it, or set TDM_BIN" >&2; exit 1; }
[ -d "$app/node_modules/@playwright/test" ] ||
  { echo "e2e-suite.sh: $app/node_modules lacks Playwright: run tools/install-deps e2e" >&2; exit 1; }

if [ -n "$cpu" ]; then
  command -v accton > /dev/null && command -v dump-acct > /dev/null ||
    { echo "e2e-suite.sh: --cpu needs process accounting: apt-get install acct (as root)" >&2; exit 1; }
  trap 'accton off > /dev/null 2>&1 || true' EXIT
fi

src="$dir/src"
build="$dir/build"
rm -rf "$src"
mkdir -p "$src/app/specs" "$src/app/plain-specs" "$build"

# --- The generated project: the demo's app, its specs N times.
for entry in server.js knexfile.js migrations seeds factories lib node_modules package.json \
             package-lock.json; do
  ln -s "$app/$entry" "$src/app/$entry"
done
cp "$app/playwright.config.js" "$src/app/"
cat > "$src/app/plain.config.js" <<'EOF'
import config from './playwright.config.js';
export default { ...config, testDir: 'plain-specs' };
EOF
cp "$app/specs/helpers.js" "$app/specs/seeded.js" "$src/app/specs/"
cp "$app/specs/helpers.js" "$app/specs/seeded.js" "$src/app/plain-specs/"

# 04-edit-project, read-only: the same steps, saving the title and status the project has.
read_only_edit() {
  sed -e 's/const newTitle = `${oldTitle} (renamed ${Date.now()})`;/const newTitle = oldTitle;/' \
      -e "s/selectOption('archived')/selectOption('active')/" \
      -e "s/toHaveText('archived')/toHaveText('active')/" \
      -e "s/projectRows(page, 'archived')/projectRows(page, 'active')/" "$1"
}
edit_spec="$app/specs/04-edit-project.spec.js"
if [ "$(read_only_edit "$edit_spec" | diff "$edit_spec" - | grep -c '^>')" -ne 4 ]; then
  echo "e2e-suite.sh: $edit_spec changed: update read_only_edit so its four edits still apply" >&2
  exit 1
fi
specs=("$app"/specs/*.spec.js)
for ((copy = 1; copy <= copies; copy++)); do
  tag=$(printf 'c%02d' "$copy")
  for spec in "${specs[@]}"; do
    stem=$(basename "$spec" .spec.js)
    cp "$spec" "$src/app/specs/$stem-$tag.spec.js"
    if [ "$spec" = "$edit_spec" ]; then
      read_only_edit "$spec" > "$src/app/plain-specs/$stem-$tag.spec.js"
    else
      cp "$spec" "$src/app/plain-specs/$stem-$tag.spec.js"
    fi
  done
done
spec_count=$((copies * ${#specs[@]}))

# The snapshot as the demo defines it (e2e/CMakeLists.txt), in a snapshot directory of the
# bench's own: sharing the demo's would put a snapshot under this project's version beside the
# demo's versions, where the demo's migration check would take it for an older version.
cat > "$src/CMakeLists.txt" <<EOF
cmake_minimum_required(VERSION 3.25)
project(tdm_e2e_bench NONE)
include("$root/cmake/TDMFixtures.cmake")
enable_testing()
tdm_add_snapshot(app
  INPUTS app/migrations app/seeds app/factories app/lib app/knexfile.js app/package-lock.json
  WORKING_DIRECTORY app
  VERSION 1.0.0
  TIERS minimal realistic performance
  DEFAULT_TIER minimal
  ENTITIES organizations:slug roles:name users:email
  SNAPSHOT_DIR "$dir/snapshots"
  SEED_COMMAND npm run seed)
set(suite_environment $suite_environment)
if(suite_environment)
  set(suite_environment ENVIRONMENT \${suite_environment})
endif()
tdm_add_playwright_tests(each FIXTURE app CONFIG app/playwright.config.js LABELS bench-each
  \${suite_environment})
tdm_add_playwright_tests(slot FIXTURE app CONFIG app/playwright.config.js LABELS bench-slot
  \${suite_environment}
  APP_COMMAND node server.js APP_PORT_VARIABLE PORT APP_HEALTH_PATH /health BROWSER_SERVER)
EOF
cmake -S "$src" -B "$build" -G Ninja -DTDM_EXECUTABLE="$tdm" \
  -DTDM_PLAYWRIGHT_PORT_BASE="$port_base" > "$dir/configure.log"
cmake --build "$build" --target snapshot > "$dir/snapshot.log"

now() { date +%s.%N; }

# --cpu: the run's processes accounted into <dir>/<run>.acct, and /proc/stat's busy and idle
# ticks of all cores at the start and the end; the report comes after, outside the window.
busy_idle() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat; }
accounting_on() {  # <run>
  [ -n "$cpu" ] || return 0
  : > "$dir/$1.acct"
  accton "$dir/$1.acct" > /dev/null
  cpu_start=$(busy_idle)
}
accounting_off() {
  [ -n "$cpu" ] || return 0
  cpu_end=$(busy_idle)
  accton off > /dev/null
}
accounting_report() {  # <run>
  [ -n "$cpu" ] || return 0
  python3 - "$dir/$1.acct" $cpu_start $cpu_end <<'EOF'
import collections, subprocess, sys
acct, busy0, idle0, busy1, idle1 = sys.argv[1], *map(int, sys.argv[2:])
busy, idle = busy1 - busy0, idle1 - idle0
print(f"  cores busy {100 * busy / (busy + idle):.0f} % of the run ({busy / 100:.1f} s of CPU)")
# dump-acct: command | version | user | system | elapsed | uid | gid | memory | io | pid | ppid | ...
# user and system in clock ticks of 1/100 s
records = [[field.strip() for field in line.split('|')]
           for line in subprocess.run(['dump-acct', acct], capture_output=True, text=True,
                                      check=True).stdout.splitlines()]
records = [r for r in records if len(r) > 10]
command_of = {r[9]: r[0] for r in records}
runners = {r[9] for r in records if r[0] == 'node' and command_of.get(r[10]) == 'tdm'}
kinds, counts = collections.Counter(), collections.Counter()
for r in records:
    if r[0] == 'tdm':
        kind = 'tdm'
    elif r[0] == 'node' and r[9] in runners:
        kind = 'Playwright runners'
    elif r[0] == 'node' and r[10] in runners:
        kind = 'Playwright workers'
    elif r[0] == 'node':
        kind = "other Node processes (apps, slots' browser servers, the report's merge)"
    elif r[0] == 'mariadbd':
        kind = 'MariaDB'
    else:
        kind = 'the rest (Chromium; ctest, shells)'
    kinds[kind] += (float(r[2]) + float(r[3])) / 100
    counts[kind] += 1
for kind, seconds in kinds.most_common():
    print(f"  {seconds:7.1f} s CPU  {counts[kind]:4d} processes  {kind}")
EOF
}
elapsed() { python3 -c "print(f'{$2 - $1:.1f}')"; }

# The fixed cost of each spec test of a CTest run: its time minus its tests' durations.
fixed_costs() {  # <ctest junit> <test name prefix>
  python3 - "$1" "$2" "$build/e2e-results" <<'EOF'
import statistics, sys, xml.etree.ElementTree as ET
from pathlib import Path
ctest_junit, prefix, results = sys.argv[1], sys.argv[2], Path(sys.argv[3])
costs = []
for case in ET.parse(ctest_junit).getroot().iter('testcase'):
    name = case.get('name')
    if not name.startswith(prefix + '.') or name.startswith(prefix + '.report'):
        continue
    report = results / name / 'junit.xml'
    if not report.exists():
        continue
    tests = sum(float(c.get('time', 0)) for c in ET.parse(report).getroot().iter('testcase'))
    costs.append(float(case.get('time')) - tests)
costs.sort()
if costs:
    print(f"median {statistics.median(costs):.2f} s, min {costs[0]:.2f} s, max {costs[-1]:.2f} s "
          f"over {len(costs)} spec tests")
else:
    print("no spec test results")
EOF
}

run_ctest() {  # <label>
  local start end status=0
  accounting_on "$1"
  start=$(now)
  nice -n 10 ctest --test-dir "$build" -L "bench-$1" -j2 --timeout 900 \
    --output-junit "$dir/$1.junit.xml" > "$dir/$1.log" 2>&1 || status=$?
  end=$(now)
  accounting_off
  eval "time_$1=$(elapsed "$start" "$end")"
  echo "$1: ctest -j2: $(eval echo "\$time_$1") s, exit $status: $(grep -E 'tests passed' "$dir/$1.log")"
  accounting_report "$1"
  echo "$1: fixed cost per spec file: $(fixed_costs "$dir/$1.junit.xml" "$1")"
}

run_plain() {
  local server="$build/tdm-server" start end status=0
  "$tdm" server start --dir "$server" --reuse > /dev/null
  ctest --test-dir "$build" -R '^app\.setup$' > "$dir/plain-setup.log" 2>&1
  accounting_on plain
  start=$(now)
  (cd "$src/app" && E2E_PORT=$((port_base + 999)) E2E_OUTPUT_DIR="$dir/plain-results" \
    PLAYWRIGHT_JUNIT_OUTPUT_NAME="$dir/plain-results/junit.xml" \
    PLAYWRIGHT_BLOB_OUTPUT_FILE="$dir/plain-results/blob.zip" \
    env $suite_environment nice -n 10 "$tdm" run --fixture-file "$build/tdm/app.fixture.json" --shared \
      --server-dir "$server" -- node_modules/.bin/playwright test --config plain.config.js \
      --workers=2 --reporter=line) > "$dir/plain.log" 2>&1 || status=$?
  end=$(now)
  accounting_off
  "$tdm" server stop --dir "$server" > /dev/null
  time_plain=$(elapsed "$start" "$end")
  echo "plain: playwright test --workers=2: $time_plain s, exit $status: $(grep -E '[0-9]+ (passed|failed)' "$dir/plain.log" | tr '\n' ' ')"
  accounting_report plain
}

echo "e2e suite: $spec_count spec files ($copies copies of ${#specs[@]}) in $dir, ports from $port_base, environment: ${suite_environment:-(none)}"
echo "runner floor: playwright --version: $( { /usr/bin/time -f %e "$app/node_modules/.bin/playwright" --version > /dev/null; } 2>&1 ) s"
case " $skip " in *" plain "*) ;; *) run_plain ;; esac
case " $skip " in *" each "*) ;; *) run_ctest each ;; esac
case " $skip " in *" slot "*) ;; *) run_ctest slot ;; esac
ratio() { python3 -c "print(f'{$1 / $2:.2f}x')"; }
if [ -n "${time_plain:-}" ]; then
  [ -n "${time_each:-}" ] && echo "ratio each/plain (ctest -j2, default): $(ratio "$time_each" "$time_plain")"
  [ -n "${time_slot:-}" ] && echo "ratio slot/plain (ctest -j2, slot servers): $(ratio "$time_slot" "$time_plain")"
fi
if [ -n "${time_each:-}" ] && [ -n "${time_slot:-}" ]; then
  echo "ratio each/slot: $(ratio "$time_each" "$time_slot")"
fi
