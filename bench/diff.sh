#!/usr/bin/env bash
# Diff benchmark: how long `tdm diff` of two snapshots of the same size takes beside restoring
# one of them, on the reference data of bench/generate.sql.
#
#   bench/diff.sh [--tdm PATH] [--scale 4] [--runs 3]
#
# Captures the generated database (scale 4 is ~50 MB of mariadb-dump output), changes 1% of
# the tasks and adds and removes some audit log rows, captures again, then times, taking turns,
# `tdm diff A B` (text report to /dev/null) and `tdm snapshot restore --rows-only` (the logical
# restore, what any server gets) and prints the medians.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tdm=${TDM:-$here/../build/dev/src/tdm}
scale=4
runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --tdm) tdm=$2; shift 2 ;;
    --scale) scale=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "bench: unknown argument '$1' (see the header of $0)" >&2; exit 2 ;;
  esac
done
[ -x "$tdm" ] || { echo "bench: no tdm at $tdm; build it (cmake --build --preset dev) or pass --tdm" >&2; exit 2; }
command -v mariadb >/dev/null || { echo "bench: mariadb is missing (apt-get install mariadb-client)" >&2; exit 2; }

work=$(mktemp -d /tmp/tdm-bench-diff.XXXXXX)
server=$work/srv
socket=$server/mysqld.sock
trap '"$tdm" server stop --dir "$server" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
say() { echo "bench: $*" >&2; }
sql() { mariadb --no-defaults --socket="$socket" -uroot "$@"; }
elapsed() { awk -v a="$EPOCHREALTIME" -v b="$1" 'BEGIN { printf "%.4f\n", a - b }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

"$tdm" server start --dir "$server" >/dev/null 2>&1
src=bench_diff_test
say "generating scale $scale"
sql -e "CREATE DATABASE $src"
sql "$src" -e "SET @scale = $scale; SOURCE $here/generate.sql;"
snapshot() {  # VERSION: captures $src, prints its id
  "$tdm" snapshot create --name bench --version "$1" --dir "$work/snap" --server-dir "$server" \
    --database "$src" | xargs basename | sed 's/\.[0-9a-f]*\.tdm$//'
}
a=$(snapshot 1)
sql "$src" -e "UPDATE tasks SET title = CONCAT(title, ' (edited)') WHERE id % 100 = 0;
               DELETE FROM audit_logs WHERE id % 500 = 0;
               INSERT INTO audit_logs (user_id, event, payload, created_at)
                 SELECT user_id, event, payload, created_at FROM audit_logs WHERE id % 1000 = 1"
b=$(snapshot 2)
payload_mb=$(du -m "$work"/snap/"$a".*.tdm | cut -f1)

for round in $(seq "$runs"); do
  say "round $round/$runs"
  start=$EPOCHREALTIME
  status=0
  "$tdm" diff "$a" "$b" --dir "$work/snap" --output /dev/null 2>/dev/null || status=$?
  [ "$status" = 1 ] || { echo "bench: tdm diff exited $status, expected 1" >&2; exit 1; }
  elapsed "$start" >>"$work/t.diff"
  sql -e "DROP DATABASE IF EXISTS bench_restored_test"
  start=$EPOCHREALTIME
  "$tdm" snapshot restore --rows-only --name bench --version 1 --dir "$work/snap" \
    --server-dir "$server" --database bench_restored_test >/dev/null 2>&1
  elapsed "$start" >>"$work/t.restore"
done
"$tdm" diff "$a" "$b" --dir "$work/snap" 2>/dev/null | head -1 || true

echo "| payload | tdm diff A B (median of $runs) | tdm snapshot restore --rows-only (median) |"
echo "|---|---|---|"
echo "| $payload_mb MB | $(median <"$work/t.diff") s | $(median <"$work/t.restore") s |"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
