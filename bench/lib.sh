# Shared by the bench scripts (source it): talking to the private embedded server, timing,
# statistics and the reference data. Expects $socket (the server's socket) to be set before
# sql or generate_data runs.

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

say() { echo "bench: $*" >&2; }
sql() { mariadb --no-defaults --socket="$socket" -uroot "$@"; }
# Seconds since $1 (an $EPOCHREALTIME value), to the 0.1 ms.
elapsed() { awk -v a="$EPOCHREALTIME" -v b="$1" 'BEGIN { printf "%.4f\n", a - b }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# percentile P: the nearest-rank P-th percentile of the numbers on stdin.
percentile() { sort -g | awk -v p="$1" '{ v[NR] = $1 } END { r = int((p * NR + 99) / 100); if (r < 1) r = 1; print v[r] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }

# generate_data DATABASE SCALE: (re)creates DATABASE with bench/generate.sql at SCALE
# (0.8: ~10 MB of mariadb-dump output, 4: ~50 MB).
generate_data() {
  sql -e "DROP DATABASE IF EXISTS \`$1\`; CREATE DATABASE \`$1\`"
  sql "$1" -e "SET @scale = $2; SOURCE $bench_dir/generate.sql;"
}
