#!/usr/bin/env bash
# Remote snapshot stores on loopback, in one run:
#  1. a snapshot of the demo app's performance tier (~53 MB payload), seeded and uploaded to an
#     HTTP store (nginx, WebDAV) from snapshot dir A, then fetched into an empty snapshot dir B
#     and restored there, beside seeding it and beside A's local cached restore;
#  2. N concurrent cold bootstraps (empty store, empty snapshot dirs, one run id each) against
#     a file://, an http:// (nginx) and a redis:// store: how many of them seeded.
# Prints Markdown tables on stdout; progress goes to stderr. Not part of CI. See bench/README.md.
#
#   bench/remote.sh [--tdm PATH] [--runs 3] [--tier performance] [--runners 8]
#                   [--herd-tier minimal] [--stores "file http redis"] [--skip-fetch]
#
# Needs nginx and redis-server (tools/install-deps) and the demo app's npm packages
# (tools/install-deps e2e). Everything (embedded MariaDB, nginx, redis-server, snapshot dirs)
# runs from a temporary directory, removed at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tdm="$root/build/dev/src/tdm"
runs=3
tier=performance
runners=8
herd_tier=minimal
stores="file http redis"
skip_fetch=0
while [ $# -gt 0 ]; do
  case $1 in
    --tdm) tdm=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --tier) tier=$2; shift 2 ;;
    --runners) runners=$2; shift 2 ;;
    --herd-tier) herd_tier=$2; shift 2 ;;
    --stores) stores=$2; shift 2 ;;
    --skip-fetch) skip_fetch=1; shift ;;
    *) echo "bench: unknown argument '$1' (see the header of $0)" >&2; exit 2 ;;
  esac
done
[ -x "$tdm" ] || { echo "bench: no tdm at $tdm; build it or pass --tdm" >&2; exit 2; }
tdm=$(cd "$(dirname "$tdm")" && pwd)/$(basename "$tdm")
app="$root/e2e/app"
[ -d "$app/node_modules" ] || { echo "bench: run tools/install-deps e2e first" >&2; exit 2; }
for tool in /usr/sbin/nginx /usr/bin/redis-server redis-cli mariadb; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (tools/install-deps)" >&2; exit 2; }
done

work=$(mktemp -d /tmp/tdm-bench-remote.XXXXXX)
server=$work/server
socket=$server/mysqld.sock
nginx_dir=$work/nginx
redis_dir=$work/redis
cleanup() {
  "$tdm" server stop --dir "$server" >/dev/null 2>&1 || true
  "$root/tests/storage/nginx.sh" stop "$nginx_dir" >/dev/null 2>&1 || true
  "$root/tests/support/redis-test-server" stop "$redis_dir" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

say() { echo "bench: $*" >&2; }
sql() { mariadb --no-defaults --socket="$socket" -uroot "$@"; }
elapsed() { awk -v a="$EPOCHREALTIME" -v b="$1" 'BEGIN { printf "%.3f\n", a - b }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'; }
sum() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a + b }'; }
# run LOG CMD...: runs a tdm command, its output to LOG; on failure shows LOG and stops.
run() {
  local log=$1; shift
  "$@" >"$log" 2>&1 || { say "failed: $*"; cat "$log" >&2; exit 1; }
}
# timed NAME CMD...: runs CMD (its output to $work/NAME.log) and appends its wall time to
# $work/t.NAME.
timed() {
  local name=$1; shift
  local start=$EPOCHREALTIME
  run "$work/$name.log" "$@"
  elapsed "$start" >>"$work/t.$name"
}
med() { median <"$work/t.$1"; }

say "starting the embedded server and nginx"
"$tdm" server start --dir "$server" >/dev/null 2>&1
"$root/tests/storage/nginx.sh" start "$nginx_dir"
http_url="http://127.0.0.1:$(cat "$nginx_dir/port")"

inputs=(--inputs migrations seeds factories lib knexfile.js package-lock.json --base "$app")
tiers=(--tiers minimal realistic performance)

# ---- 1. Fetch and restore against seeding.
if [ "$skip_fetch" = 0 ]; then
  dir_a=$work/a/snapshots
  dir_b=$work/b/snapshots
  store=$http_url/bench
  fixture=(--name app --version 1.0.0 --tier "$tier" --server-dir "$server")
  export TDM_MODE=AUTO

  # A: seed and capture (the build rule, stores off), then upload it by hand, so that each
  # part has its own time.
  say "A: seeding and capturing the $tier tier (npm run seed)"
  start=$EPOCHREALTIME
  (cd "$app" && TDM_REMOTE_STORAGE="" run "$work/build.log" "$tdm" snapshot build \
     --name app --version 1.0.0 --dir "$dir_a" --server-dir "$server" --database app_bench_a_test \
     "${inputs[@]}" "${tiers[@]}" --tier "$tier" --working-directory "$app" -- npm run seed)
  build_s=$(elapsed "$start")
  seed_s=$(sed -n 's/.*TDM_TIER='"$tier"') in \([0-9.]*\) s.*/\1/p' "$work/build.log" | tail -n 1)
  [ -n "$seed_s" ] || { say "no seed time in the build's log:"; cat "$work/build.log" >&2; exit 1; }
  meta=$(ls "$dir_a"/app-*.meta.json)
  id=$(basename "$meta" .meta.json)
  payload_bytes=$(node -e "console.log(require('$meta').fileSizeBytes)")
  rows=$(node -e "const m=require('$meta'); console.log(m.tables.reduce((s,t)=>s+t.rows,0))")
  say "A: uploading $id"
  start=$EPOCHREALTIME
  TDM_REMOTE_STORAGE=$store run "$work/push.log" "$tdm" snapshot push --dir "$dir_a"
  push_s=$(elapsed "$start")
  # A's first restore builds its tablespace cache and, the store named, uploads those copies:
  # every later restore in A is a local cached restore.
  TDM_REMOTE_STORAGE=$store run "$work/a-first.log" "$tdm" snapshot restore "${fixture[@]}" \
    --dir "$dir_a" --database app_bench_a_test

  # Rounds: each method once per round, taking turns, so load from elsewhere hits all alike.
  for round in $(seq "$runs"); do
    say "round $round of $runs"
    for db in app_bench_b_test app_bench_c_test app_bench_r_test; do
      sql -e "DROP DATABASE IF EXISTS $db"
    done
    rm -rf "$work/b"
    # B: fetch only, then the first restore after the fetch without the store (so without the
    # shared copies: rows, then the cache built), then a cached restore; rows alone split the
    # first restore into loading and building the cache.
    TDM_REMOTE_STORAGE=$store timed pull "$tdm" snapshot pull "$id" --dir "$dir_b"
    TDM_REMOTE_STORAGE="" timed rows "$tdm" snapshot restore "${fixture[@]}" --dir "$dir_b" \
      --database app_bench_r_test --rows-only
    sql -e "DROP DATABASE IF EXISTS app_bench_b_test"
    TDM_REMOTE_STORAGE="" timed first "$tdm" snapshot restore "${fixture[@]}" --dir "$dir_b" \
      --database app_bench_b_test
    sql -e "DROP DATABASE IF EXISTS app_bench_b_test"
    TDM_REMOTE_STORAGE="" timed b_cached "$tdm" snapshot restore "${fixture[@]}" --dir "$dir_b" \
      --database app_bench_b_test
    # A: the local cached restore.
    sql -e "DROP DATABASE IF EXISTS app_bench_a_test"
    TDM_REMOTE_STORAGE="" timed a_cached "$tdm" snapshot restore "${fixture[@]}" --dir "$dir_a" \
      --database app_bench_a_test
    # B again, empty: one `tdm snapshot restore` that finds nothing locally, fetches and restores.
    rm -rf "$work/b"
    TDM_REMOTE_STORAGE=$store timed fetch_restore "$tdm" snapshot restore "${fixture[@]}" \
      --dir "$dir_b" --database app_bench_c_test
    grep -q "tdm: fetched $id from $store" "$work/fetch_restore.log" ||
      { say "the restore in an empty B did not fetch:"; cat "$work/fetch_restore.log" >&2; exit 1; }
    grep -q "tdm: fetched tablespace copies" "$work/fetch_restore.log" ||
      { say "the restore in an empty B did not fetch the tablespace copies:"
        cat "$work/fetch_restore.log" >&2; exit 1; }
  done

  pull=$(med pull); first=$(med first); rows_only=$(med rows); b_cached=$(med b_cached)
  a_cached=$(med a_cached); fetch_restore=$(med fetch_restore)
  parts=$(sum "$pull" "$first")
  cache_build=$(awk -v a="$first" -v b="$rows_only" 'BEGIN { printf "%.3f", a - b }')
  mb=$(awk -v b="$payload_bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
  echo "### Fetch and restore of the $tier tier ($rows rows, $mb MB payload) from nginx on loopback"
  echo
  echo "Medians of $runs rounds; seed, capture and upload once. Every restore into an absent database."
  echo
  echo "| step | s | seed / this | this / local cached restore |"
  echo "|---|---:|---:|---:|"
  row() { echo "| $1 | $2 | $(ratio "$seed_s" "$2") | $(ratio "$2" "$a_cached") |"; }
  row "seed: \`npm run seed\` (knex migrate + seed, TDM_TIER=$tier), in A" "$seed_s"
  row "seed + capture: \`tdm snapshot build\`, in A" "$build_s"
  row "upload: \`tdm snapshot push\` from A (into an empty store)" "$push_s"
  row "fetch only: \`tdm snapshot pull <id>\` into an empty B" "$pull"
  row "first restore after the fetch, in B, without the store's tablespace copies (rows loaded, cache built)" "$first"
  row "&nbsp;&nbsp;of which rows (\`restore --rows-only\` in B)" "$rows_only"
  row "&nbsp;&nbsp;of which building the tablespace cache (difference)" "$cache_build"
  row "fetch + first restore without the copies (the two above)" "$parts"
  row "**fetch + restore in one command**: \`tdm snapshot restore\` in an empty B (payload and tablespace copies fetched, copies imported)" "$fetch_restore"
  row "cached restore in B (after its first)" "$b_cached"
  row "local cached restore in A" "$a_cached"
  echo
  echo "Targets: fetch + restore ≥ 20x faster than seeding: $(ratio "$seed_s" "$fetch_restore")" \
       "(one command), $(ratio "$seed_s" "$parts") (pull, then restore); fetch + restore ≤ 2x" \
       "the local cached restore: $(ratio "$fetch_restore" "$a_cached") (one command)," \
       "$(ratio "$parts" "$a_cached") (pull, then restore); the fetch alone:" \
       "$(ratio "$pull" "$a_cached")."
  echo
  unset TDM_MODE
fi

# ---- 2. Concurrent cold bootstraps: how many seed.
# Every runner bootstraps the demo's $herd_tier tier with its own snapshot dir and run id (so
# its own database, <db>_<run id>) on one MariaDB server, against one store. The seed command
# appends a line to seeds.<store> before seeding: the count is that file's lines.
if [ -n "$stores" ]; then
  redis_url=""
  if [[ " $stores " == *" redis "* ]]; then
    redis_port=$((20000 + RANDOM % 20000))
    redis_password=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
    TDM_TEST_REDIS_PASSWORD=$redis_password "$root/tests/support/redis-test-server" start \
      "$redis_dir" "$redis_port" >&2
    redis_url="redis://127.0.0.1:$redis_port/bench"
  fi
  echo "### $runners concurrent cold bootstraps ($herd_tier tier of the demo app)"
  echo
  echo "One MariaDB server; each runner its own empty snapshot directory and run id; the store empty."
  echo
  echo "| store | seeds (lines the seed command wrote) | runners that fetched | runners that failed | wall s (all $runners) |"
  echo "|---|---:|---:|---:|---:|"
  for kind in $stores; do
    case $kind in
      file) url="file://$work/herd-file-store" ;;
      http) url="$http_url/herd" ;;
      redis) url=$redis_url ;;
      *) say "unknown store kind '$kind' (file, http, redis)"; exit 2 ;;
    esac
    say "$runners cold bootstraps against $kind"
    seeds=$work/seeds.$kind
    : >"$seeds"
    start=$EPOCHREALTIME
    pids=()
    for i in $(seq "$runners"); do
      (cd "$app" && TDM_REMOTE_STORAGE=$url TDM_REDIS_PASSWORD=${redis_password:-} TDM_MODE=AUTO \
         TDM_TIER=$herd_tier exec "$tdm" bootstrap --name herd --version 1.0.0 \
         --dir "$work/herd-$kind/r$i" --server-dir "$server" --database herd_test \
         --run-id "${kind}$i" "${inputs[@]}" "${tiers[@]}" --working-directory "$app" \
         -- sh -c "echo \$\$ >> '$seeds' && exec npm run seed") >"$work/herd-$kind.$i.log" 2>&1 &
      pids+=($!)
    done
    failed=0
    for pid in "${pids[@]}"; do wait "$pid" || failed=$((failed + 1)); done
    wall=$(elapsed "$start")
    fetched=$(cat "$work"/herd-"$kind".*.log | grep -c "tdm: fetched herd-" || true)
    echo "| $kind (\`${url%%://*}://\`) | $(wc -l <"$seeds") | $fetched | $failed | $wall |"
    [ "$failed" = 0 ] || for i in $(seq "$runners"); do tail -n 3 "$work/herd-$kind.$i.log" >&2; done
  done
  echo
fi
