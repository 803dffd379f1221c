# Build-graph test of tdm_add_snapshot: the snapshot step runs exactly when the inputs' content
# changed, with a real generator, the real tdm and a private embedded MariaDB.
#
#   cmake -DTDM_EXECUTABLE=<tdm> -DTDM_MODULE=<TDMFixtures.cmake> -DGENERATOR=<generator>
#         -P build_graph.cmake
#
# The seed command appends a line to a counter file, so the counter is the number of seed runs.
cmake_minimum_required(VERSION 3.25)
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")
if(NOT DEFINED GENERATOR)
  message(FATAL_ERROR "run this script with -DGENERATOR=Ninja or -DGENERATOR=\"Unix Makefiles\"")
endif()

string(MAKE_C_IDENTIFIER "${GENERATOR}" label)
string(TOLOWER "${label}" label)
tdm_test_workdir(work "graph-${label}")
set(src "${work}/src")
set(bin "${work}/build")
set(counter "${work}/seed-runs.txt")
tdm_test_server_dir("${bin}/tdm-server")

file(WRITE "${src}/CMakeLists.txt" "
cmake_minimum_required(VERSION 3.25)
project(graph NONE)
include(\"${TDM_MODULE}\")
tdm_add_snapshot(demo
  INPUTS sql
  VERSION 1.0.0
  SEED_COMMAND sh \"\${CMAKE_CURRENT_SOURCE_DIR}/seed.sh\" \"${counter}\")
")
file(WRITE "${src}/seed.sh" [=[
# Counts its runs, then applies sql/*.sql through the stock client.
echo run >> "$1"
for f in sql/*.sql; do
  mariadb --socket="$TDM_DB_SOCKET" --user="${TDM_DB_USER:-root}" "$TDM_DATABASE" < "$f" || exit 1
done
]=])
file(WRITE "${src}/sql/001_schema.sql" "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20));\n")
file(WRITE "${src}/sql/002_rows.sql" "INSERT INTO t VALUES (1, 'one');\n")

set(snapshots "${src}/snapshots")
set(server_log "${bin}/tdm-server/mysqld.log")

# build(<step> <expected seed runs> [NEW_SNAPSHOT|NO_DATABASE|REUSED]): builds `snapshot` and
# checks the number of seed runs, whether a snapshot was written or the server even started,
# and (REUSED) that the build said it reused the snapshot already in the directory.
function(build step expected)
  cmake_parse_arguments(PARSE_ARGV 2 arg "NEW_SNAPSHOT;NO_DATABASE;REUSED" "" "")
  tdm_test_listing(before "${snapshots}")
  set(log_size_before -1)
  if(EXISTS "${server_log}")
    file(SIZE "${server_log}" log_size_before)
  endif()
  tdm_test_run("${step}: build snapshot" OUTPUT out
               COMMAND "${CMAKE_COMMAND}" --build "${bin}" --target snapshot)
  tdm_test_count_lines(runs "${counter}")
  tdm_test_expect_eq("${step}: seed runs" "${runs}" "${expected}")
  if(out MATCHES "Configuring done")
    tdm_test_fail("${step}: the build re-ran CMake; input changes must be found by the depfile")
  endif()
  tdm_test_listing(after "${snapshots}")
  if(arg_NEW_SNAPSHOT AND before STREQUAL after)
    tdm_test_fail("${step}: no snapshot was written to ${snapshots}")
  endif()
  if(arg_REUSED AND NOT out MATCHES "already holds these inputs [^\n]* -> reusing it")
    tdm_test_fail("${step}: the build did not say it reused the snapshot:\n${out}")
  endif()
  if(arg_REUSED)
    # A reusing build takes the directory's lock (its holder's pid is written into the lock
    # file) and writes nothing else.
    list(FILTER before EXCLUDE REGEX "/\\.tdm\\.lock ")
    list(FILTER after EXCLUDE REGEX "/\\.tdm\\.lock ")
  endif()
  if(arg_NO_DATABASE OR arg_REUSED)
    if(NOT before STREQUAL after)
      tdm_test_fail("${step}: the snapshot directory changed:\n"
                    "before: ${before}\nafter: ${after}")
    endif()
    set(log_size_after -1)
    if(EXISTS "${server_log}")
      file(SIZE "${server_log}" log_size_after)
    endif()
    if(NOT log_size_before EQUAL log_size_after)
      tdm_test_fail("${step}: the embedded server was started (its log grew)")
    endif()
  endif()
  tdm_test_sleep_for_mtime()
endfunction()

tdm_test_run("configure" COMMAND "${CMAKE_COMMAND}" -S "${src}" -B "${bin}" -G "${GENERATOR}"
             "-DTDM_EXECUTABLE=${TDM_EXECUTABLE}")

build("first build" 1 NEW_SNAPSHOT)
build("second build" 1 NO_DATABASE)

file(TOUCH "${src}/sql/001_schema.sql")
build("touch an input" 1 NO_DATABASE)

file(APPEND "${src}/sql/002_rows.sql" "INSERT INTO t VALUES (2, 'two');\n")
build("edit an input" 2 NEW_SNAPSHOT)

file(WRITE "${src}/sql/003_more.sql" "INSERT INTO t VALUES (3, 'three');\n")
build("add an input file" 3 NEW_SNAPSHOT)

# Content that comes back (a revert, a branch switched back) is a cache hit: the snapshot of
# that very hash is still in the directory, so nothing is seeded or captured.
file(REMOVE "${src}/sql/003_more.sql")
build("remove an input file (back to the edited content)" 3 REUSED)

file(WRITE "${src}/sql/002_rows.sql" "INSERT INTO t VALUES (1, 'one');\n")
build("revert the edit (back to the first content)" 3 REUSED)

file(WRITE "${src}/sql/002_rows.sql" "INSERT INTO t VALUES (1, 'uno');\n")
build("edit to new content" 4 NEW_SNAPSHOT)

tdm_test_run("re-configure" COMMAND "${CMAKE_COMMAND}" -S "${src}" -B "${bin}")
tdm_test_sleep_for_mtime()
build("build after re-configure" 4 NO_DATABASE)

# The aggregate and the per-snapshot target are the same thing here; both exist.
tdm_test_run("build snapshot-demo" COMMAND "${CMAKE_COMMAND}" --build "${bin}" --target snapshot-demo)
tdm_test_count_lines(runs "${counter}")
tdm_test_expect_eq("snapshot-demo after snapshot" "${runs}" 4)

tdm_test_done()
message(STATUS "build graph (${GENERATOR}): all steps as expected")
