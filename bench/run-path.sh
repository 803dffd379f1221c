#!/usr/bin/env bash
# What a test waits for before it starts: `tdm run` from its start to the exec of the test
# command, on a clean slot, after the previous test changed rows, as CTest runs it, and after
# another client changed the slot between two tests (rows of every kind, or updates alone).
#
#   bench/run-path.sh [--tdm PATH] [--baseline PATH] [--scales "0.8 4"] [--runs 30]
#
# On a private embedded server, for each scale it seeds the reference data (bench/generate.sql)
# through `tdm bootstrap` with a fixture file, as a CTest fixture setup does, then times --runs
# rounds of each case, taking turns, and prints a Markdown table (median, p95, fastest). With
# --baseline, that tdm takes its turn beside --tdm in every round, on a slot of its own, and
# the table has a row per binary and case. See bench/README.md.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
tdm=${TDM:-$here/../build/dev/src/tdm}
baseline=
scales="0.8 4"
runs=30
while [ $# -gt 0 ]; do
  case "$1" in
    --tdm) tdm=$2; shift 2 ;;
    --baseline) baseline=$2; shift 2 ;;
    --scales) scales=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "bench: unknown argument '$1' (see the header of $0)" >&2; exit 2 ;;
  esac
done
[ -x "$tdm" ] || { echo "bench: no tdm at $tdm; build it (cmake --build --preset dev) or pass --tdm" >&2; exit 2; }
tdm=$(cd "$(dirname "$tdm")" && pwd)/$(basename "$tdm")
binaries=(new)
if [ -n "$baseline" ]; then
  [ -x "$baseline" ] || { echo "bench: no tdm at $baseline (--baseline)" >&2; exit 2; }
  baseline=$(cd "$(dirname "$baseline")" && pwd)/$(basename "$baseline")
  binaries=(new old)
fi
for tool in mariadb date; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 2; }
done

work=$(mktemp -d /tmp/tdm-bench-run-path.XXXXXX)
server=$work/srv
socket=$server/mysqld.sock
trap '"$tdm" server stop --dir "$server" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
"$tdm" server start --dir "$server" >/dev/null 2>&1

# What the previous test did before the timed run: 90 rows changed in 3 tables (updates,
# inserts that move an AUTO_INCREMENT counter, deletes), committed and so in the binary log.
change_sql="UPDATE users SET name = CONCAT(name, '!') ORDER BY id LIMIT 30;
UPDATE tasks SET title = CONCAT(title, '!') ORDER BY id LIMIT 30;
INSERT INTO audit_logs (user_id, event, payload, created_at)
  SELECT NULL, 'bench', '{}', NOW() FROM seq_1_to_20;
DELETE FROM audit_logs ORDER BY id LIMIT 10;"
# The updates alone: no AUTO_INCREMENT counter moves, so the reset runs no definition statement.
update_sql="UPDATE users SET name = CONCAT(name, '!') ORDER BY id LIMIT 30;
UPDATE tasks SET title = CONCAT(title, '!') ORDER BY id LIMIT 30;"
# One project deleted: its tasks go by ON DELETE CASCADE, which neither the binary log nor the
# user statistics see, so the reset reloads the tasks table.
cascade_sql="DELETE FROM projects ORDER BY id LIMIT 1;"

# run_tdm FIXTURE COMMAND...: `tdm run` (the binary $bin names: new, or old for --baseline) as
# CTest runs a test of the fixture; its log to $work/run.log.
run_tdm() {
  local fixture=$1
  shift
  tdm_run_line "$fixture"
  "${tdm_run[@]}" "$@" 2>"$work/run.log"
}
# tdm_run_line FIXTURE: that command line, without the test's, in the array tdm_run. A timed
# `stamp=$("${tdm_run[@]}" ...)` forks once, as the floor's `$(date ...)` does: a shell function
# or a redirection inside the substitution would fork a second shell first (~1 ms here).
tdm_run_line() {
  local binary=$tdm
  [ "$bin" = old ] && binary=$baseline
  tdm_run=("$binary" run --fixture-file "$1" --test-name bench.test --server-dir "$server" --)
}
# time_to_exec CASE: `tdm run -- date +%s%N` on the slot of $fixture, from before its start to
# the stamp, into $work/t.CASE.$bin; its log line into $work/said.CASE.$bin.
time_to_exec() {
  local start stamp
  start=$EPOCHREALTIME
  tdm_run_line "$fixture"
  { stamp=$("${tdm_run[@]}" date +%s%N); } 2>"$work/run.log"
  ms_between "$start" "$stamp" >>"$work/t.$1.$bin"
  sed -n 's/.*database [^ ]* //p' "$work/run.log" >>"$work/said.$1.$bin"
}
# Milliseconds from $1 (an $EPOCHREALTIME value) to the nanosecond stamp $2.
ms_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", (b / 1e9 - a) * 1000 }'; }
ms_since() { awk -v a="$EPOCHREALTIME" -v b="$1" 'BEGIN { printf "%.2f\n", (a - b) * 1000 }'; }

cat <<EOF2
## tdm run: from start to the test's exec, $(date -u '+%Y-%m-%d %H:%M UTC')

- machine: $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)
- server: $(sql -N -e 'SELECT VERSION()') with tdm's embedded settings; tdm $("$tdm" --version)
- command: bench/run-path.sh --scales "$scales" --runs $runs${baseline:+ --baseline <tdm before>}

| scale | data | case | median ms | p95 ms | fastest ms | what tdm reported |
|---|---|---|---:|---:|---:|---|
EOF2

for scale in $scales; do
  name=runpath_s${scale//./_}
  cp "$here/generate.sql" "$work/generate.sql"
  # Each binary gets a fixture database and slot of its own: what one leaves on a slot (its
  # records, a reloaded table's statistics) must not decide how fast the other resets it.
  declare -A db_of fixture_of
  for bin in "${binaries[@]}"; do
    db=${name}_${bin}_test
    fixture=$work/$name.$bin.fixture.json
    db_of[$bin]=$db
    fixture_of[$bin]=$fixture
    say "scale $scale: seeding $db through tdm bootstrap"
    (cd "$work" && "$tdm" bootstrap --name "$name" --version 1.0.0 --dir "$work/snapshots" \
       --inputs generate.sql --fixture-file "$fixture" --server-dir "$server" --database "$db" \
       -- sh -c 'mariadb --no-defaults --socket="$TDM_DB_SOCKET" -uroot "$TDM_DATABASE" \
                   -e "SET @scale = '"$scale"'; SOURCE generate.sql;"') >/dev/null 2>"$work/bootstrap.log" ||
      { cat "$work/bootstrap.log" >&2; exit 1; }
    # The slot's first use restores it; the second finds it as restored.
    run_tdm "$fixture" true
    run_tdm "$fixture" true
  done
  rows=$(sql -N -e "SELECT SUM(TABLE_ROWS) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$db'")
  payload=$(stat -c %s "$work"/snapshots/"$name"-*.tdm)
  data="$(mb "$payload") MB payload, ~$rows rows"

  rm -f "$work"/t.* "$work"/said.*
  for round in $(seq "$runs"); do
    say "scale $scale: round $round/$runs"
    # The floor: the same stamp taken by `date` started directly.
    start=$EPOCHREALTIME
    stamp=$(date +%s%N)
    ms_between "$start" "$stamp" >>"$work/t.floor"
    start=$EPOCHREALTIME
    /bin/true
    ms_since "$start" >>"$work/t.true"
    # With a baseline the binaries take turns going first, so that whatever either place is
    # worth falls on both alike.
    order=("${binaries[@]}")
    [ $((round % 2)) = 0 ] && [ ${#order[@]} = 2 ] && order=("${order[1]}" "${order[0]}")
    for bin in "${order[@]}"; do
      db=${db_of[$bin]}
      fixture=${fixture_of[$bin]}
      # Untimed: the test before on the slot, as in a CTest run.
      run_tdm "$fixture" /bin/true
      # A clean slot: start -> exec of the test command.
      time_to_exec clean
      # A clean slot: wall time of `tdm run -- true`.
      start=$EPOCHREALTIME
      run_tdm "$fixture" /bin/true
      ms_since "$start" >>"$work/t.wall.$bin"
      # After a test that changed rows, as CTest runs them one after the other: a reset after
      # that test (its wall time, timed too) or at the next one's start.
      start=$EPOCHREALTIME
      run_tdm "$fixture" mariadb --no-defaults --socket="$socket" -uroot "${db}__s1" -e "$change_sql"
      ms_since "$start" >>"$work/t.changer.$bin"
      time_to_exec reset
      # Another client changed the slot between two tests: the reset is on the start's path.
      sql "${db}__s1" -e "$change_sql"
      time_to_exec between
      # The same with updates alone.
      sql "${db}__s1" -e "$update_sql"
      time_to_exec updated
      # A parent row deleted, its children going by a cascade.
      sql "${db}__s1" -e "$cascade_sql"
      time_to_exec cascade
    done
  done

  row() {  # KEY LABEL
    local said="-"
    [ -s "$work/said.$1" ] &&
      said=$(sed 's/ in [0-9.]* s/ in _ s/' "$work/said.$1" | sort | uniq -c | sort -rn | head -1 |
             sed 's/^ *\([0-9]*\) /\1x: /')
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$scale" "$data" "$2" \
      "$(median <"$work/t.$1")" "$(percentile 95 <"$work/t.$1")" "$(sort -g "$work/t.$1" | head -1)" "$said"
  }
  row floor 'floor: `date +%s%N` started directly (start to its stamp)'
  row true 'wall time of `/bin/true` alone'
  for bin in "${binaries[@]}"; do
    label=
    [ -n "$baseline" ] && label="$bin: "
    row "clean.$bin" "$label"'`tdm run -- date +%s%N`, clean slot (start to the stamp)'
    row "reset.$bin" "$label"'`tdm run -- date +%s%N` after a test changed 90 rows in 3 tables (start to the stamp)'
    row "between.$bin" "$label"'`tdm run -- date +%s%N` after another client changed 90 rows in 3 tables (start to the stamp)'
    row "updated.$bin" "$label"'`tdm run -- date +%s%N` after another client updated 60 rows in 2 tables (start to the stamp)'
    row "cascade.$bin" "$label"'`tdm run -- date +%s%N` after another client deleted a project, its tasks going by a cascade (start to the stamp)'
    row "wall.$bin" "$label"'wall time of `tdm run -- /bin/true`, clean slot'
    row "changer.$bin" "$label"'wall time of the `tdm run` whose test changes the 90 rows'
  done
  for db in "${db_of[@]}"; do
    sql -e "DROP DATABASE IF EXISTS \`$db\`; DROP DATABASE IF EXISTS \`${db}__s1\`"
  done
done
echo
echo "Median, p95 (nearest rank) and fastest of $runs runs per case; cases take turns each round."
echo "\"what tdm reported\": its most frequent log line for the case (times blanked), with its count."
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
