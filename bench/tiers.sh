#!/usr/bin/env bash
# Per tier of the demo app (e2e/app): seed, capture, first restore (rows loaded, tablespace
# cache built), cached restore (tablespaces imported) and a test's reset, against the loading
# targets of each tier. Prints a Markdown table; progress goes to stderr. Not part of CI.
#
#   bench/tiers.sh [--tdm PATH] [--tiers "minimal realistic"]
#
# Needs the demo app's npm packages (tools/install-deps e2e). Everything runs on a private
# embedded server in a temporary directory, removed at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tdm="$root/build/dev/src/tdm"
tiers="minimal realistic"
while [ $# -gt 0 ]; do
  case $1 in
    --tdm) tdm=$2; shift 2 ;;
    --tiers) tiers=$2; shift 2 ;;
    *) echo "usage: bench/tiers.sh [--tdm PATH] [--tiers \"minimal realistic performance\"]" >&2; exit 2 ;;
  esac
done
[ -x "$tdm" ] || { echo "bench: no tdm at $tdm; build it or pass --tdm" >&2; exit 2; }
app="$root/e2e/app"
[ -d "$app/node_modules" ] || { echo "bench: run tools/install-deps e2e first" >&2; exit 2; }

work=$(mktemp -d)
server="$work/server"
trap '"$tdm" server stop --dir "$server" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
"$tdm" server start --dir "$server" >/dev/null 2>&1

# The loading targets: restoring a tier must be at least 20x faster than these.
declare -A target=([minimal]=20 [realistic]=90 [performance]=600)
fixture=(--name app --version 1.0.0 --dir "$work/snapshots" --server-dir "$server"
         --database app_bench_test)
inputs=(--inputs migrations seeds factories lib knexfile.js package-lock.json --base "$app")

now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc -l | xargs printf '%.2f'; }

echo "| tier | rows | payload | seed s | capture s | first restore s | cached restore s | reset s | target s | bar (target/20) s | restore vs target |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for tier in $tiers; do
  echo "bench: tier $tier" >&2
  log="$work/$tier.log"
  (cd "$app" && "$tdm" snapshot build "${fixture[@]}" "${inputs[@]}" \
     --tiers minimal realistic performance --tier "$tier" --working-directory "$app" \
     -- npm run seed) >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
  seed=$(sed -n 's/.*TDM_TIER='"$tier"') in \([0-9.]*\) s.*/\1/p' "$log")
  meta=$(ls "$work"/snapshots/app-"$tier"-*.meta.json)
  capture=$(node -e "const m=require('$meta'); console.log(m.durationSeconds.toFixed(2))")
  rows=$(node -e "const m=require('$meta'); console.log(m.tables.reduce((s,t)=>s+t.rows,0))")
  size=$(node -e "const m=require('$meta'); console.log((m.fileSizeBytes/1048576).toFixed(1)+' MB')")
  rm -rf "$work"/snapshots/app-"$tier"-*.tablespaces
  restore=(snapshot restore "${fixture[@]}" --tier "$tier")
  start=$(now); "$tdm" "${restore[@]}" >/dev/null 2>&1; first=$(since "$start")
  start=$(now); "$tdm" "${restore[@]}" >/dev/null 2>&1; cached=$(since "$start")
  # A test's reset: setup, one test that changes a row, then the next test's start undoes it.
  state="$work/$tier.fixture.json"
  TDM_TIER=$tier "$tdm" bootstrap "${fixture[@]}" "${inputs[@]}" --tiers minimal realistic performance \
    --fixture-file "$state" --working-directory "$app" -- npm run seed >/dev/null 2>&1
  "$tdm" run --fixture-file "$state" --server-dir "$server" -- sh -c \
    'mariadb --socket="$TDM_DB_SOCKET" -uroot "$TDM_DATABASE" -e "UPDATE users SET name = CONCAT(name, \"!\") LIMIT 1"' \
    >/dev/null 2>&1
  start=$(now); "$tdm" run --fixture-file "$state" --server-dir "$server" -- true >/dev/null 2>&1
  reset=$(since "$start")
  bar=$(echo "${target[$tier]} / 20" | bc -l | xargs printf '%.1f')
  ratio=$(echo "${target[$tier]} / $cached" | bc -l | xargs printf '%.0fx')
  echo "| $tier | $rows | $size | $seed | $capture | $first | $cached | $reset | ${target[$tier]} | $bar | $ratio faster |"
done
