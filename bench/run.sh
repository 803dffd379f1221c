#!/usr/bin/env bash
# Restore and capture benchmark: tdm beside the stock tools, on the same data, in one run.
#
#   bench/run.sh [--tdm PATH] [--scales "0.8 4"] [--runs 5] [--threads 2]
#
# On a private embedded server (its first initialisation, a restart and a first start from the
# cached datadir are timed too), for each scale it generates the Laravel-like reference data
# (bench/generate.sql; 0.8 is ~10 MB of mariadb-dump output, 4 is ~50 MB), then times every
# capture and every restore method --runs times, taking turns so that a burst of load
# elsewhere hits all methods alike, and prints a Markdown table: median, ratio to the stock
# tool (`mariadb < dump` for restores, `mariadb-dump --single-transaction` for captures),
# CHECKSUM TABLE and SHOW CREATE TABLE of every restored table against the source, and tdm's
# peak RSS. See bench/README.md.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tdm=${TDM:-$here/../build/dev/src/tdm}
scales="0.8 4"
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
for tool in mariadb mariadb-dump mydumper myloader /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install mariadb-client mydumper time)" >&2; exit 2; }
done

work=$(mktemp -d /tmp/tdm-bench.XXXXXX)
server=$work/srv
socket=$server/mysqld.sock
trap 'for dir in "$server" "$work"/fresh*; do "$tdm" server stop --dir "$dir" >/dev/null 2>&1 || true; done; rm -rf "$work"' EXIT

. "$here/lib.sh"

# ---- The embedded server: first initialisation, then restarts on the initialised datadir,
# then first starts on fresh directories, which copy the datadir the first start cached. The
# cache is private and empty, so the first start is a real mariadb-install-db.
export TDM_CACHE_DIR=$work/cache
start=$EPOCHREALTIME
"$tdm" server start --dir "$server" >/dev/null 2>&1
first_start=$(elapsed "$start")
for i in $(seq "$runs"); do
  "$tdm" server stop --dir "$server" >/dev/null 2>&1
  start=$EPOCHREALTIME
  "$tdm" server start --dir "$server" >/dev/null 2>&1
  elapsed "$start"
done | median >"$work/restart"
for i in $(seq "$runs"); do
  start=$EPOCHREALTIME
  "$tdm" server start --dir "$work/fresh$i" >/dev/null 2>&1
  elapsed "$start"
  "$tdm" server stop --dir "$work/fresh$i" >/dev/null 2>&1
  rm -rf "$work/fresh$i"
done | median >"$work/cached_start"

# ---- Methods. Each is a setup (untimed) and a command (timed); `$src`, `$tgt` and the
# directories are set per scale and method before they are evaluated.
# tdm as a method runs it. Timed runs start it directly, like the stock tools (GNU time's own
# fork and exec would add ~2 ms to tdm's times alone); the extra round after them runs it under
# /usr/bin/time for its peak RSS (kB), appended to $rss_file.
tdm_run() {
  if [ -n "${rss_file:-}" ]; then
    /usr/bin/time -f %M -a -o "$rss_file" "$tdm" "$@" >/dev/null 2>"${tdm_err:-$work/tdm.err}"
  else
    "$tdm" "$@" >/dev/null 2>"${tdm_err:-$work/tdm.err}"
  fi || { cat "${tdm_err:-$work/tdm.err}" >&2; exit 1; }
}
dump_file() { echo "$work/dump.sql"; }
server_copy_sql() {
  echo "SET foreign_key_checks = 0;"
  sql -N -e "SELECT TABLE_NAME FROM information_schema.TABLES
             WHERE TABLE_SCHEMA = '$src' AND TABLE_TYPE = 'BASE TABLE'" |
    while read -r table; do
      echo "CREATE TABLE \`$tgt\`.\`$table\` LIKE \`$src\`.\`$table\`;"
      echo "INSERT INTO \`$tgt\`.\`$table\` SELECT * FROM \`$src\`.\`$table\`;"
    done
}
empty_target() { sql -e "DROP DATABASE IF EXISTS \`$tgt\`; CREATE DATABASE \`$tgt\`"; }
no_target() { sql -e "DROP DATABASE IF EXISTS \`$tgt\`"; }
# The target as a fixture setup or a slot refill meets it: it holds the data of an earlier
# restore, which the timed command has to get rid of. The absent-target group leaves it so; a
# method's first existing-target round fills it (untimed) when it is not.
filled_target() {
  local tables
  tables=$(sql -N -e "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$tgt'")
  [ "$tables" -gt 0 ] || { empty_target; sql "$tgt" <"$work/dump.sql"; }
}

capture_methods=(dump mydumper tdm)
declare -A label setup command target
label[c_dump]="mariadb-dump --single-transaction"
setup[c_dump]=":"
command[c_dump]='mariadb-dump --no-defaults --socket=$socket -uroot --single-transaction --routines --triggers --events $src >$work/dump.sql'
label[c_mydumper]="mydumper -t $threads"
setup[c_mydumper]='rm -rf $work/myd'
command[c_mydumper]='mydumper -S $socket -u root -B $src -t $threads --trx-consistency-only -G -E -R -o $work/myd >/dev/null 2>&1'
label[c_tdm]="tdm snapshot create (portable payload)"
# Every capture's payload name goes to $work/payload_names (read untimed, before the next
# capture replaces it): the source does not change, so every capture must name one payload.
note_payload_name() {
  local payload
  for payload in "$work"/snap/*.tdm; do
    if [ -e "$payload" ]; then basename "$payload" >>"$work/payload_names"; fi
  done
}
setup[c_tdm]='note_payload_name; rm -rf $work/snap'
command[c_tdm]='tdm_run snapshot create --name bench --dir $work/snap --server-dir $server --database $src'

# The tablespace cache is built by the first restore of a payload on a server (tdm_first
# removes it first, so every one of its runs builds it) and imported by every later one
# (tdm_cached runs after tdm_first in each round, so the cache is there).
restore_methods=(dump myloader copy tdm_rows tdm_first tdm_cached)
label[r_dump]="mariadb < dump file"
setup[r_dump]=empty_target
command[r_dump]='sql $tgt <$work/dump.sql'
label[r_myloader]="myloader -t $threads"
setup[r_myloader]=empty_target
command[r_myloader]='myloader -S $socket -u root -d $work/myd -B $tgt -t $threads -o >/dev/null 2>&1'
label[r_copy]="server-side CREATE LIKE + INSERT SELECT"
setup[r_copy]='empty_target; server_copy_sql >$work/copy.sql'
command[r_copy]='sql <$work/copy.sql'
label[r_tdm_rows]="tdm snapshot restore --rows-only (logical, as on an external server)"
setup[r_tdm_rows]=no_target
command[r_tdm_rows]='tdm_run snapshot restore --rows-only --name bench --dir $work/snap --server-dir $server --database $tgt'
label[r_tdm_first]="tdm snapshot restore, first on this server (rows, then builds the cache)"
setup[r_tdm_first]='no_target; rm -rf $work/snap/*.tablespaces'
command[r_tdm_first]='tdm_run snapshot restore --name bench --dir $work/snap --server-dir $server --database $tgt'
label[r_tdm_cached]="tdm snapshot restore (tablespace cache)"
setup[r_tdm_cached]=no_target
command[r_tdm_cached]='tdm_run snapshot restore --name bench --dir $work/snap --server-dir $server --database $tgt'

# The same restores into an existing target (see filled_target): what `tdm bootstrap` pays
# when the fixture database is there from an earlier run, and what a slot refill pays.
existing_methods=(dump myloader tdm_rows tdm_cached tdm_spare)
label[e_dump]="mariadb < dump file"
label[e_myloader]="myloader -t $threads (-o: overwrite)"
label[e_tdm_rows]="tdm snapshot restore --rows-only"
label[e_tdm_cached]="tdm snapshot restore (tablespace cache)"
for method in "${existing_methods[@]}"; do
  setup[e_$method]=filled_target
  command[e_$method]=${command[r_$method]:-}
done
# The spare swap: the untimed setup runs `tdm snapshot spare`, the work a swap leaves for later
# (drop the old contents it moved to <target>__trash, restore <target>__spare again), timed on
# its own into $work/refill.<scale>; the timed command renames the spare's tables into the
# target and recreates its views, routines and events. A swap that falls back is counted.
refill_spare() {
  local start=$EPOCHREALTIME
  "$tdm" snapshot spare --name bench --dir "$work/snap" --server-dir "$server" --database "$tgt" \
    >/dev/null 2>"$work/spare.err" || { cat "$work/spare.err" >&2; exit 1; }
  elapsed "$start" >>"$work/refill"
}
# The last swap's log, read untimed: one line in $work/fallbacks for a swap that fell back.
note_fallback() {
  if [ -f "$work/swap.err" ] && grep -q "spare not used" "$work/swap.err"; then
    cat "$work/swap.err" >&2
    echo x >>"$work/fallbacks"
  fi
  rm -f "$work/swap.err"
}
label[e_tdm_spare]="tdm snapshot restore --spare (swap in the pre-restored spare: the critical part)"
setup[e_tdm_spare]='note_fallback; filled_target; refill_spare'
command[e_tdm_spare]='tdm_err=$work/swap.err tdm_run snapshot restore --spare --name bench --dir $work/snap --server-dir $server --database $tgt'

# time_group PREFIX METHOD...: $runs rounds, each method once per round; times in $work/t.*.
# Then one untimed round of the tdm methods, in the same order, for their peak RSS.
time_group() {
  local prefix=$1 round method start
  shift
  for round in $(seq "$runs"); do
    say "scale $scale: ${prefix%_} round $round/$runs"
    for method in "$@"; do
      tgt=${src%_test}_${method}_test
      eval "${setup[$prefix$method]}"
      start=$EPOCHREALTIME
      eval "${command[$prefix$method]}"
      elapsed "$start" >>"$work/t.$prefix$method"
    done
  done
  say "scale $scale: ${prefix%_} peak RSS of tdm"
  for method in "$@"; do
    [[ ${command[$prefix$method]} == *tdm_run* ]] || continue
    tgt=${src%_test}_${method}_test
    rss_file=$work/rss.$prefix$method
    eval "${setup[$prefix$method]}"
    eval "${command[$prefix$method]}"
    rss_file=
  done
}

# ---- Checks of a restored database against its source.
base_tables() {
  sql -N -e "SELECT TABLE_NAME FROM information_schema.TABLES
             WHERE TABLE_SCHEMA = '$1' AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME"
}
table_checksum() { sql -N -e "CHECKSUM TABLE \`$1\`.\`$2\`" | cut -f2; }
table_create() { sql -N -e "SHOW CREATE TABLE \`$1\`.\`$2\`" 2>/dev/null | cut -f2-; }
# "5/5 equal" or "4/5 equal (tasks differs)", for CHECKSUM TABLE or SHOW CREATE TABLE.
compare_tables() {  # SOURCE TARGET FUNCTION
  local table total=0 equal=0 differ=""
  for table in $(base_tables "$1"); do
    total=$((total + 1))
    if [ "$($3 "$1" "$table")" = "$($3 "$2" "$table")" ]; then
      equal=$((equal + 1))
    else
      differ="$differ $table"
    fi
  done
  echo "$equal/$total equal${differ:+ (DIFFERS:$differ)}"
}

cat <<EOF
## tdm benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')

- machine: $(nproc) cores, $(free -h | awk '/^Mem:/ { print $2 }') RAM, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)
- server: $(sql -N -e 'SELECT VERSION()') with tdm's embedded settings (binary log: $(sql -N -e 'SELECT IF(@@log_bin, CONCAT("on, ", @@binlog_format), "off")')); tdm $("$tdm" --version); $(mydumper --version | cut -d, -f1)
- command: bench/run.sh --scales "$scales" --runs $runs --threads $threads
- embedded server: first start (initialises the datadir) $(printf '%.2f' "$first_start") s; first start on a fresh directory with the cached datadir, median of $runs: $(printf '%.2f' "$(cat "$work/cached_start")") s; start with an initialised datadir, median of $runs: $(printf '%.2f' "$(cat "$work/restart")") s

| scale | data | group | method | median s | min s | ratio | CHECKSUM TABLE | SHOW CREATE TABLE | tdm peak RSS |
|---|---|---|---|---:|---:|---:|---|---|---:|
EOF

for scale in $scales; do
  src=bench_s${scale//./_}_test
  say "scale $scale: generating $src"
  generate_data "$src" "$scale"
  rows=$(sql -N -e "SELECT SUM(TABLE_ROWS) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$src'")
  innodb=$(sql -N -e "SELECT SUM(DATA_LENGTH + INDEX_LENGTH) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$src'")

  rm -rf "$work/snap"  # the last scale's snapshot: not a capture of this source
  time_group c_ "${capture_methods[@]}"
  note_payload_name
  dump_bytes=$(stat -c %s "$work/dump.sql")
  data="$(mb "$dump_bytes") MB dump, $(mb "$innodb") MB InnoDB, ~$rows rows"
  time_group r_ "${restore_methods[@]}"
  time_group e_ "${existing_methods[@]}"
  note_fallback

  for group in c r e; do
    base=$(median <"$work/t.${group}_dump")
    case $group in
      c) methods=("${capture_methods[@]}") name=capture ;;
      r) methods=("${restore_methods[@]}") name="restore, absent target" ;;
      e) methods=("${existing_methods[@]}") name="restore, existing target (a fixture setup pays this)" ;;
    esac
    for method in "${methods[@]}"; do
      key=${group}_$method
      seconds=$(median <"$work/t.$key")
      fastest=$(sort -g "$work/t.$key" | head -1)
      checks="- | -"
      if [ "$group" != c ]; then
        tgt=${src%_test}_${method}_test
        checks="$(compare_tables "$src" "$tgt" table_checksum) | $(compare_tables "$src" "$tgt" table_create)"
      fi
      rss=-
      [ -s "$work/rss.$key" ] && rss="$(sort -n "$work/rss.$key" | tail -1 | awk '{ printf "%.1f MB", $1 / 1024 }')"
      printf '| %s | %s | %s | %s | %.3f | %.3f | %s | %s | %s |\n' "$scale" "$data" "$name" \
        "${label[$key]}" "$seconds" "$fastest" "$(ratio "$base" "$seconds")" "$checks" "$rss"
    done
  done
  [ -s "$work/refill" ] && echo "- scale $scale: off the critical path of --spare, \`tdm snapshot spare\` (drop the old contents, restore the spare through the tablespace cache): median $(printf '%.3f' "$(median <"$work/refill")") s; swaps that fell back: $(cat "$work/fallbacks" 2>/dev/null | wc -l)" >>"$work/notes"
  rm -f "$work/refill" "$work/fallbacks"
  for method in tdm_spare; do
    tgt=${src%_test}_${method}_test
    sql -e "DROP DATABASE IF EXISTS \`${tgt}__spare\`; DROP DATABASE IF EXISTS \`${tgt}__trash\`"
  done
  echo "- scale $scale: tdm's $(wc -l <"$work/payload_names") captures of the unchanged source named" \
    "$(sort -u "$work/payload_names" | wc -l) payload(s)" >>"$work/notes"
  rm -f "$work/payload_names"
  echo "- scale $scale: tdm payload $(mb "$(stat -c %s "$work"/snap/*.tdm)") MB, its tablespace cache" \
    "$(du -sm "$work"/snap/*.tablespaces | cut -f1) MB; mydumper files $(du -sm "$work/myd" | cut -f1) MB" >>"$work/notes"
  rm -f "$work"/t.* "$work"/rss.*
  for method in "${restore_methods[@]}" "${existing_methods[@]}"; do sql -e "DROP DATABASE IF EXISTS \`${src%_test}_${method}_test\`"; done
  sql -e "DROP DATABASE \`$src\`"
done
echo
cat "$work/notes"
echo
echo "ratio: the stock tool's median / this method's median (higher is faster). Median and fastest of $runs runs; methods take turns each round."
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
