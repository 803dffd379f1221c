#!/usr/bin/env bash
# Disk benchmark: what the embedded server keeps outside its live databases after many restores,
# test writes and resets.
#
#   bench/disk.sh [--tdm PATH] [--scale 2] [--cycles 50] [--every 10]
#
# On a private embedded server it generates the reference data (bench/generate.sql; scale 2 is
# ~58 MB of InnoDB data and indexes), captures it, sets up a fixture from the snapshot
# (`tdm bootstrap --mode SNAPSHOT`), then runs --cycles cycles of:
#   1. `tdm snapshot restore --rows-only` into one database (every row loaded: the path that
#      used to be written to the binary log row by row),
#   2. `tdm snapshot restore` into another (tablespace cache),
#   3. `tdm run` of a test that writes rows (inserts, updates, deletes across three tables):
#      `tdm run` resets the test's slot database first, undoing the previous cycle's writes.
# After every --every cycles it prints the sizes of the server's files outside its databases
# (binary logs, the system tablespace ibdata1 that holds the undo logs, undo tablespaces, the
# temporary tablespace ibtmp1, the tmpdir, the rest of the datadir's files) as a Markdown table
# row; the redo log is listed once, as it is a fixed preallocated file. See bench/README.md.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tdm=${TDM:-$here/../build/dev/src/tdm}
scale=2
cycles=50
every=10
while [ $# -gt 0 ]; do
  case "$1" in
    --tdm) tdm=$2; shift 2 ;;
    --scale) scale=$2; shift 2 ;;
    --cycles) cycles=$2; shift 2 ;;
    --every) every=$2; shift 2 ;;
    *) echo "bench: unknown argument '$1' (see the header of $0)" >&2; exit 2 ;;
  esac
done
[ -x "$tdm" ] || { echo "bench: no tdm at $tdm; build it (cmake --build --preset dev) or pass --tdm" >&2; exit 2; }
command -v mariadb >/dev/null || { echo "bench: mariadb (the client) is missing" >&2; exit 2; }

work=$(mktemp -d /tmp/tdm-disk.XXXXXX)
server=$work/srv
socket=$server/mysqld.sock
datadir=$server/data
tmpdir=$server/tmp
trap '"$tdm" server stop --dir "$server" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

say() { echo "bench: $*" >&2; }
sql() { mariadb --no-defaults --socket="$socket" -uroot "$@"; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
quiet() { "$@" >"$work/out" 2>&1 || { cat "$work/out" >&2; exit 1; }; }

export TDM_CACHE_DIR=$work/cache
quiet "$tdm" server start --dir "$server"
[ -S "$socket" ] && [ -d "$datadir" ] && [ -d "$tmpdir" ] ||
  { echo "bench: the server's layout is not $socket, $datadir, $tmpdir" >&2; exit 1; }

say "generating the data (scale $scale)"
sql -e "CREATE DATABASE disk_source_test"
# Not logged: the setup is not what is measured (tests' writes are, and they are logged).
{ echo "SET sql_log_bin = 0, @scale = $scale;"; cat "$here/generate.sql"; } | sql disk_source_test
snap=(--name disk --version 1.0.0 --dir "$work/snap" --server-dir "$server")
quiet "$tdm" snapshot create "${snap[@]}" --database disk_source_test
fixture=$work/disk.fixture.json
quiet "$tdm" bootstrap "${snap[@]}" --mode SNAPSHOT --database disk_fixture_test \
  --fixture-file "$fixture"
sql -e "DROP DATABASE disk_source_test"

# What a test does to its database: adds, changes and removes rows of three tables.
cat >"$work/test.sh" <<EOF
#!/bin/sh
exec mariadb --no-defaults --socket="\$TDM_DB_SOCKET" -u"\$TDM_DB_USER" "\$TDM_DATABASE" -e "
  INSERT INTO audit_logs (user_id, event, payload, created_at)
    SELECT id, 'bench.write', JSON_OBJECT('n', 1), NOW() FROM users LIMIT 2000;
  UPDATE tasks SET title = CONCAT(title, ' (edited)'), updated_at = NOW() WHERE id % 10 = 0;
  DELETE FROM audit_logs WHERE id % 50 = 0 AND event <> 'bench.write';"
EOF
chmod +x "$work/test.sh"

database_bytes() {
  find "$datadir" -mindepth 1 -maxdepth 1 -type d -exec du -sb {} + | awk '{ s += $1 } END { print s + 0 }'
}
payload=$(find "$work/snap" -maxdepth 1 -name '*.tdm' -printf '%s\n' | head -1)

# One row: the sizes of the server's files outside its databases, by kind.
sizes_row() {
  local cycle=$1
  find "$datadir" -maxdepth 1 -type f ! -name ib_logfile0 -printf '%s %f\n' >"$work/files"
  find "$tmpdir" -type f -printf '%s tmpdir/%f\n' >>"$work/files"
  awk -v cycle="$cycle" '
    function mb(b) { return sprintf("%.1f", b / 1048576) }
    { kind = "other" }
    $2 ~ /^binlog\.[0-9]+$/ { kind = "binlog"; files++ }
    $2 ~ /^ibdata/ { kind = "ibdata" }
    $2 ~ /^undo[0-9]+$/ { kind = "undo" }
    $2 ~ /^ibtmp/ { kind = "ibtmp" }
    $2 ~ /^tmpdir\// { kind = "tmpdir" }
    { size[kind] += $1; total += $1 }
    END {
      printf "| %d | %s (%d files) | %s | %s | %s | %s | %s | **%s** |\n", cycle,
        mb(size["binlog"]), files, mb(size["ibdata"]), mb(size["undo"]), mb(size["ibtmp"]),
        mb(size["tmpdir"]), mb(size["other"]), mb(total)
    }' "$work/files"
}

cat <<EOF
## tdm disk benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')

- server: $(sql -N -e 'SELECT VERSION()') with tdm's embedded settings; tdm $("$tdm" --version)
- command: bench/disk.sh --scale $scale --cycles $cycles --every $every
- data: $(mb "$(database_bytes)") MB in the datadir's database directories after setup (the fixture database, _tdm, mysql, ...); payload $(mb "$payload") MB
- redo log (ib_logfile0, preallocated, fixed size, not counted below): $(mb "$(stat -c %s "$datadir/ib_logfile0")") MB
- a cycle: \`snapshot restore --rows-only\`, \`snapshot restore\` (tablespace cache), \`tdm run\` (reset of the slot, then a test inserting 2,000 rows, updating a tenth of \`tasks\`, deleting some)

Sizes in MB of the server's files outside its databases after N cycles:

| cycles | binary logs | ibdata1 (system tablespace; undo too unless in undo tablespaces) | undo tablespaces | ibtmp1 | tmpdir | other datadir files | total |
|---|---|---|---|---|---|---|---|
EOF
sizes_row 0
start=$EPOCHREALTIME
for cycle in $(seq "$cycles"); do
  quiet "$tdm" snapshot restore "${snap[@]}" --rows-only --database disk_rows_test
  quiet "$tdm" snapshot restore "${snap[@]}" --database disk_cached_test
  quiet "$tdm" run --fixture-file "$fixture" --test-name "cycle" --server-dir "$server" -- "$work/test.sh"
  if [ $((cycle % every)) -eq 0 ]; then
    sizes_row "$cycle"
    say "$cycle/$cycles cycles"
  fi
done
echo
echo "$cycles cycles in $(awk -v a="$EPOCHREALTIME" -v b="$start" 'BEGIN { printf "%.0f", a - b }') s; database directories now $(mb "$(database_bytes)") MB."
