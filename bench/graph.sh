#!/usr/bin/env bash
# Build-graph and hashing figures: `tdm hash` over 1,000 input files of 10 kB, and
# a `cmake --build --target snapshot` with those inputs when nothing changed (no-op) and when
# one input was touched but not changed (tdm hash runs, the hash stays, nothing else runs).
#
#   bench/graph.sh [--tdm PATH] [--runs 30]
#
# Needs hyperfine and Ninja. The first build starts a private embedded server and captures an
# empty database (the seed command is `true`); every timed build afterwards must not touch it.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tdm=${TDM:-$here/../build/dev/src/tdm}
runs=30
while [ $# -gt 0 ]; do
  case "$1" in
    --tdm) tdm=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "graph: unknown argument '$1' (see the header of $0)" >&2; exit 2 ;;
  esac
done
tdm=$(realpath "$tdm")
for tool in hyperfine ninja cmake; do
  command -v "$tool" >/dev/null || { echo "graph: $tool is missing" >&2; exit 2; }
done

work=$(mktemp -d /tmp/tdm-graph.XXXXXX)
trap '"$tdm" server stop --dir "$work/build/tdm-server" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
mkdir -p "$work/src/database/migrations"
# 1,000 files of 10 kB of SQL-like text, different from each other.
awk 'BEGIN {
  split("select insert table users orders id name created_at email json value index key", w, " ")
  srand(5)
  for (f = 0; f < 1000; f++) {
    path = sprintf("'"$work"'/src/database/migrations/%04d_migration.sql", f)
    line = ""
    while (length(line) < 10239) line = line w[int(rand() * 13) + 1] " "
    print substr(line, 1, 10239) > path
    close(path)
  }
}'
cat >"$work/src/CMakeLists.txt" <<EOF
cmake_minimum_required(VERSION 3.25)
project(graph NONE)
include("$here/../cmake/TDMFixtures.cmake")
tdm_add_snapshot(app INPUTS database/migrations SEED_COMMAND true)
EOF
cmake -S "$work/src" -B "$work/build" -G Ninja -DTDM_EXECUTABLE="$tdm" >/dev/null
cmake --build "$work/build" --target snapshot >/dev/null 2>&1

touched=$work/src/database/migrations/0500_migration.sql
hyperfine -N --warmup 3 --runs "$runs" --style basic \
  -n "tdm hash, 1,000 files of 10 kB" \
  "$tdm hash --inputs database/migrations --base $work/src" \
  -n "tdm hash as the build rule runs it (--output, --depfile)" \
  "$tdm hash --inputs database/migrations --base $work/src --output $work/h --depfile $work/h.d" \
  -n "no-op: cmake --build --target snapshot" \
  "cmake --build $work/build --target snapshot" \
  -n "no-op: ninja snapshot" \
  "ninja -C $work/build snapshot"
hyperfine -N --warmup 2 --runs "$runs" --style basic --prepare "touch $touched" \
  -n "one input touched, content unchanged: ninja snapshot" "ninja -C $work/build snapshot"
hyperfine -N --warmup 2 --runs "$runs" --style basic \
  -n "cmake -E true (the cost of one cmake process, for reference)" "cmake -E true"
echo
echo "Ninja's own accounting of a no-op build (tdm's part: stat of the 1,000 inputs, depfile load):"
ninja -C "$work/build" -d stats snapshot | sed -n '/metric/,/^$/p'
echo "A touched input, explained (the snapshot rule must not run after the hash's restat):"
touch "$touched"
ninja -C "$work/build" -v snapshot | grep -v '^ninja: Entering' | cut -c1-160
