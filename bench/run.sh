#!/usr/bin/env bash
# Restore and capture benchmark: tdm beside the stock tools, on the same data, in one run.
#
#   bench/run.sh [--tdm PATH] [--scales "1 5"] [--runs 5] [--threads 2]
#
# For each scale it generates the Laravel-like reference data (bench/generate.sql; scale 1 is
# ~50k rows), then times capture and restore with each method (median of --runs), checks every
# restored table with CHECKSUM TABLE against the source, and prints one table with each
# method's ratio to `mariadb < mariadb-dump file`. Everything runs on a private embedded server.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tdm=${TDM:-$here/../build/dev/src/tdm}
scales="1 5"
runs=5
threads=2
while [ $# -gt 0 ]; do
  case "$1" in
    --tdm) tdm=$2; shift 2 ;;
    --scales) scales=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) echo "bench: unknown argument '$1' (see the header of $0)" >&2; exit 2 ;;
  esac
done
[ -x "$tdm" ] || { echo "bench: no tdm at $tdm; build it (cmake --build --preset dev) or pass --tdm" >&2; exit 2; }

work=$(mktemp -d /tmp/tdm-bench.XXXXXX)
server=$work/srv
socket=$server/mysqld.sock
trap '"$tdm" server stop --dir "$server" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
"$tdm" server start --dir "$server" >/dev/null
sql() { mariadb --no-defaults --socket="$socket" -uroot "$@"; }

now() { date +%s.%N; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# time_runs SETUP COMMAND: runs SETUP untimed then COMMAND timed, $runs times; prints the median.
time_runs() {
  local setup=$1 command=$2 i start
  for i in $(seq "$runs"); do
    eval "$setup"
    start=$(now)
    eval "$command"
    awk -v a="$(now)" -v b="$start" 'BEGIN { printf "%.4f\n", a - b }'
  done | median
}
checksums() {
  sql -N -e "SELECT GROUP_CONCAT(TABLE_NAME ORDER BY TABLE_NAME) FROM information_schema.TABLES
             WHERE TABLE_SCHEMA = '$1' AND TABLE_TYPE = 'BASE TABLE'" |
    tr ',' '\n' | while read -r table; do
      sql -N -e "CHECKSUM TABLE \`$1\`.\`$table\`" | awk '{ print $2 }'
    done
}
verdict() { [ "$(checksums "$1")" = "$(checksums "$2")" ] && echo equal || echo DIFFERENT; }
recreate() { sql -e "DROP DATABASE IF EXISTS \`$1\`; CREATE DATABASE \`$1\`"; }

printf '%-6s %-8s %-34s %10s %8s  %s\n' scale size method "median s" ratio checksum
for scale in $scales; do
  source_db=bench_s${scale}_test
  target=bench_s${scale}_restore_test
  recreate "$source_db"
  sql "$source_db" -e "SET @scale = $scale; SOURCE $here/generate.sql;"
  size=$(sql -N -e "SELECT CONCAT(ROUND(SUM(DATA_LENGTH + INDEX_LENGTH) / 1048576), 'MB')
                    FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$source_db'")
  row() { printf '%-6s %-8s %-34s %10.3f %8s  %s\n' "$scale" "$size" "$1" "$2" "$3" "$4"; }
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

  dump=$work/dump.sql
  dump_capture=$(time_runs ":" "mariadb-dump --no-defaults --socket=$socket -uroot --single-transaction --routines --triggers --events $source_db > $dump")
  dump_restore=$(time_runs "recreate $target" "sql $target < $dump")
  dump_check=$(verdict "$source_db" "$target")

  if command -v mydumper >/dev/null; then
    mydumper_capture=$(time_runs "rm -rf $work/myd" "mydumper --socket $socket -u root -B $source_db -t $threads -o $work/myd >/dev/null 2>&1")
    myloader_restore=$(time_runs "recreate $target" "myloader --socket $socket -u root -d $work/myd -B $target -t $threads -o >/dev/null 2>&1")
    myloader_check=$(verdict "$source_db" "$target")
  fi

  snapshots=$work/snapshots
  tdm_capture=$(time_runs "rm -rf $snapshots" "$tdm snapshot create --name bench --dir $snapshots --server-dir $server --database $source_db >/dev/null 2>&1")
  tdm_restore=$(time_runs ":" "$tdm snapshot restore --name bench --dir $snapshots --server-dir $server --database $target >/dev/null 2>&1")
  tdm_check=$(verdict "$source_db" "$target")

  row "restore: mariadb < mariadb-dump file" "$dump_restore" "1.0" "$dump_check"
  [ -n "${myloader_restore:-}" ] && row "restore: myloader -t $threads" "$myloader_restore" "$(ratio "$dump_restore" "$myloader_restore")x" "$myloader_check"
  row "restore: tdm snapshot restore" "$tdm_restore" "$(ratio "$dump_restore" "$tdm_restore")x" "$tdm_check"
  row "capture: mariadb-dump --single-tr." "$dump_capture" "1.0" "-"
  [ -n "${mydumper_capture:-}" ] && row "capture: mydumper -t $threads" "$mydumper_capture" "$(ratio "$dump_capture" "$mydumper_capture")x" "-"
  row "capture: tdm snapshot create" "$tdm_capture" "$(ratio "$dump_capture" "$tdm_capture")x" "-"
done
echo "(ratio: how many times faster than the stock tool of the same row group; median of $runs runs)"
