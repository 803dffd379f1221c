#!/usr/bin/env bash
# Capture spike: how fast could a snapshot be ready to restore on this machine? Measured before
# building anything, beside the stock dump, in one run.
#
#   bench/capture-spike.sh [--tdm PATH] [--scales "0.8 4"] [--runs 5] [--eager-flush]
#
# On a private embedded server, for each scale it generates the reference data
# (bench/generate.sql) and times, taking turns each round:
#   1. `mariadb-dump --single-transaction` into a file (the stock capture, ratio 1.0x);
#   2. `tdm snapshot create` (the portable payload, what tdm captures today);
#   3. physical copies: one session runs `FLUSH TABLES <every table> FOR EXPORT` (consistent
#      across the tables: they are held read-locked together), copies every `.ibd`/`.cfg`
#      with `cp --sparse=always` into a directory, reads every `SHOW CREATE TABLE`, and
#      `UNLOCK TABLES`: what a tablespace cache entry built straight from the seeded database
#      would cost, i.e. a snapshot ready to restore on this server, without the portable payload;
#   4. `SELECT * ... INTO OUTFILE` of every table, the tables split over two connections, then
#      every file read through `sha256sum`: the server writing the rows as text files itself
#      (the payload's format, near enough), which would spare the client reading and escaping
#      them on a server that shares the client's file system.
# It prints a Markdown table: the first run (right after the data was generated, as a capture
# runs right after seeding: the export flushes the pages the seed dirtied), median and fastest
# of the runs, the ratio to mariadb-dump's median, and the size written (apparent size: the
# copies are sparse), and how long generating the data took. Beside them, each method's CPU per
# run (means: the client side, i.e. the commands and every process they start, from bash's
# `times`; the server's from /proc/<pid>/stat, in ticks of 10 ms) and the best ratio that CPU
# allows on this machine's cores: mariadb-dump's median over the method's CPU spread evenly on
# every core, which no method that needs that CPU can beat however well it overlaps its work.
# --eager-flush lets the server's page cleaner write dirty pages all the while the data is
# generated (innodb_max_dirty_pages_pct_lwm near 0, a high innodb_io_capacity), so that the
# export right after has less to flush.
# See bench/README.md.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tdm=${TDM:-$here/../build/dev/src/tdm}
scales="0.8 4"
runs=5
eager_flush=0
while [ $# -gt 0 ]; do
  case "$1" in
    --tdm) tdm=$2; shift 2 ;;
    --scales) scales=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --eager-flush) eager_flush=1; shift ;;
    *) echo "bench: unknown argument '$1' (see the header of $0)" >&2; exit 2 ;;
  esac
done
[ -x "$tdm" ] || { echo "bench: no tdm at $tdm; build it (cmake --build --preset dev) or pass --tdm" >&2; exit 2; }
command -v mariadb-dump >/dev/null || { echo "bench: mariadb-dump is missing" >&2; exit 2; }

work=$(mktemp -d /tmp/tdm-capture-spike.XXXXXX)
server=$work/srv
socket=$server/mysqld.sock
datadir=$server/data
trap '"$tdm" server stop --dir "$server" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
# shellcheck source=bench/lib.sh
. "$here/lib.sh"

export TDM_CACHE_DIR=$work/cache
"$tdm" server start --dir "$server" >/dev/null
database=spike_source_test
server_pid=$(cat "$(sql -N -e 'SELECT @@pid_file')")
cores=$(nproc)
if [ "$eager_flush" = 1 ]; then
  sql -e "SET GLOBAL innodb_max_dirty_pages_pct_lwm = 0.001, innodb_adaptive_flushing_lwm = 0,
          innodb_io_capacity = 20000, innodb_io_capacity_max = 40000"
fi

# Each method in two parts: prepare_<method> (untimed) and run_<method> (timed).
prepare_dump() { :; }
run_dump() {
  mariadb-dump --no-defaults --socket="$socket" -uroot --single-transaction "$database" >"$work/dump.sql"
}

prepare_tdm() { rm -rf "$work/snap"; }
run_tdm() {
  "$tdm" snapshot create --name spike --version 1.0.0 --dir "$work/snap" --server-dir "$server" \
    --database "$database" >/dev/null 2>&1
}

prepare_physical() {
  rm -rf "$work/copies" && mkdir "$work/copies"
  local tables
  tables=$(sql -N -e "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$database' AND TABLE_TYPE = 'BASE TABLE'")
  physical_list=$(printf '%s\n' $tables | sed "s/.*/\`$database\`.\`&\`/" | paste -sd, -)
  physical_creates=$(printf 'SHOW CREATE TABLE `%s`; ' $tables)
}
run_physical() {
  # The client would read "/*" in a path as a comment: the copy runs in the directory.
  sql "$database" -e "FLUSH TABLES $physical_list FOR EXPORT; system cd $datadir/$database && cp --sparse=always *.ibd *.cfg $work/copies; $physical_creates UNLOCK TABLES;" >"$work/copies/creates.txt"
}

prepare_outfile() { rm -rf "$work/outfile" && mkdir "$work/outfile" && chmod 777 "$work/outfile"; }
run_outfile() {
  local half
  for half in 1 0; do
    printf '%s\n' $outfile_tables | awk -v h="$half" 'NR % 2 == h' |
      while read -r table; do
        echo "SELECT * FROM \`$table\` INTO OUTFILE '$work/outfile/$table.txt';"
      done | sql "$database" &
  done
  wait
  cat "$work/outfile"/*.txt | sha256sum >/dev/null
}

# The server's CPU ticks (user + system), read without starting a process.
server_ticks() {
  local -a stat
  read -r -a stat <"/proc/$server_pid/stat"
  echo $((stat[13] + stat[14]))
}
# measure METHOD: one timed run; appends its wall time to METHOD.t, and its client and server
# CPU seconds to METHOD.cpu. `times` (a builtin: no process of its own) gives the CPU of this
# shell's finished children, so the awk that does the arithmetic runs outside the window.
measure() {
  local method=$1 start end ticks_before ticks_after
  "prepare_$method"
  ticks_before=$(server_ticks)
  times >"$work/times.before"
  start=$EPOCHREALTIME
  "run_$method"
  end=$EPOCHREALTIME
  times >"$work/times.after"
  ticks_after=$(server_ticks)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f\n", b - a }' >>"$work/$method.t"
  { children_seconds "$work/times.before"; children_seconds "$work/times.after"; } |
    paste -sd' ' | awk -v s=$((ticks_after - ticks_before)) '{ printf "%.4f %.2f\n", $2 - $1, s / 100 }' \
    >>"$work/$method.cpu"
}
# The children's user + system seconds from `times` output ("0m1.234s 0m0.567s" on line 2).
children_seconds() {
  sed -n 2p "$1" | tr 'ms' '  ' | awk '{ print $1 * 60 + $2 + $3 * 60 + $4 }'
}

echo "## Capture spike (\`bench/capture-spike.sh\`), $(date -u '+%Y-%m-%d %H:%M') UTC"
echo
echo "- server: $(sql -N -e 'SELECT VERSION()'); tdm $("$tdm" --version | awk '{print $NF}')"
echo "- command: bench/capture-spike.sh --scales \"$scales\" --runs $runs$([ "$eager_flush" = 1 ] && echo " --eager-flush")"
echo "- load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
declare -A generated
echo "| scale | data | method | first s | median s | min s | ratio | written MB | client CPU s | server CPU s | ratio at most ($cores cores) |"
echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for scale in $scales; do
  say "generating the data (scale $scale)"
  generate_start=$EPOCHREALTIME
  generate_data "$database" "$scale"
  generated["$scale"]=$(elapsed "$generate_start")
  # Biggest first, so that each connection gets every other one.
  outfile_tables=$(sql -N -e "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$database' AND TABLE_TYPE = 'BASE TABLE' ORDER BY DATA_LENGTH DESC")
  methods="dump tdm physical outfile"
  for method in $methods; do : >"$work/$method.t"; : >"$work/$method.cpu"; done
  for ((run = 1; run <= runs; run++)); do
    for method in $methods; do measure "$method"; done
  done
  dump_median=$(median <"$work/dump.t")
  innodb=$(du -sb "$datadir/$database" | cut -f1)
  data="$(mb "$(stat -c %s "$work/dump.sql")") MB dump, $(mb "$innodb") MB InnoDB"
  row() {
    local label=$1 method=$2 bytes=$3 file=$work/$2.t cpu
    cpu=$(awk -v d="$dump_median" -v n="$cores" '{ c += $1; s += $2 } END {
      printf "%.3f | %.3f | %.1fx", c / NR, s / NR, d / ((c + s) / NR / n) }' "$work/$method.cpu")
    echo "| $scale | $data | $label | $(head -1 "$file") | $(median <"$file") | $(sort -g "$file" | head -1) | $(ratio "$dump_median" "$(median <"$file")") | $(mb "$bytes") | $cpu |"
  }
  row "mariadb-dump --single-transaction" dump "$(stat -c %s "$work/dump.sql")"
  row "tdm snapshot create (portable payload)" tdm "$(du -sb "$work/snap" | cut -f1)"
  row "FLUSH TABLES … FOR EXPORT + copy .ibd/.cfg (ready to restore here)" physical "$(du -sb "$work/copies" | cut -f1)"
  row "SELECT … INTO OUTFILE on two connections, files hashed" outfile "$(du -sb "$work/outfile" | cut -f1)"
done
echo
for scale in $scales; do echo "- scale $scale: the data generated in ${generated[$scale]} s"; done
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
