# CTest fixture tests of tdm_add_snapshot / tdm_add_test, with the real tdm and MariaDB.
#
#   cmake -DTDM_EXECUTABLE=<tdm> -DTDM_MODULE=<TDMFixtures.cmake> -DCASE=<case> -P fixture.cmake
#
# CASE fixture   (embedded server) `ctest -R check` pulls in the server start/stop, setup and
#                cleanup; the test sees the seeded rows in a database of its own; a broken seed
#                makes the setup fail with the reason and leaves the test "Not Run".
# CASE parallel  (external server, TDM_DATABASE_URL) two tests that write the same row pass under
#                `ctest -j2`: each has its own copy of the fixture database.
cmake_minimum_required(VERSION 3.25)
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")
if(NOT CASE MATCHES "^(fixture|parallel)$")
  message(FATAL_ERROR "run this script with -DCASE=fixture or -DCASE=parallel")
endif()

tdm_test_workdir(work "${CASE}")
set(src "${work}/src")
set(bin "${work}/build")
set(marks "${work}/marks")
file(MAKE_DIRECTORY "${marks}")

file(WRITE "${src}/sql/001_schema.sql" "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20));\n")
file(WRITE "${src}/sql/002_rows.sql" "INSERT INTO t VALUES (1, 'one'), (2, 'two');\n")
# check.sh <mark>: the seeded rows are there, in a database of the test's own.
file(WRITE "${src}/check.sh" [=[
q() { mariadb --socket="$TDM_DB_SOCKET" --user="${TDM_DB_USER:-root}" -N -B -e "$1" "$TDM_DATABASE"; }
echo "$TDM_DATABASE" > "$1"
case "$TDM_DATABASE" in demo_test__*) ;; *) echo "not a per-test database: $TDM_DATABASE"; exit 1;; esac
rows=$(q "SELECT GROUP_CONCAT(v ORDER BY id) FROM t") || exit 1
[ "$rows" = "one,two" ] || { echo "expected rows one,two, got '$rows'"; exit 1; }
]=])
# writer.sh <value> <mark>: writes the shared row, waits for the other writer, reads it back.
file(WRITE "${src}/writer.sh" [=[
q() { mariadb --socket="$TDM_DB_SOCKET" --user="${TDM_DB_USER:-root}" -N -B -e "$1" "$TDM_DATABASE"; }
echo "$TDM_DATABASE" > "$2"
q "UPDATE t SET v = '$1' WHERE id = 1" || exit 1
sleep 3
v=$(q "SELECT v FROM t WHERE id = 1") || exit 1
[ "$v" = "$1" ] || { echo "row 1 is '$v', expected '$1': another test wrote into this database"; exit 1; }
]=])

if(CASE STREQUAL "fixture")
  set(server_dir "${bin}/tdm-server")
  set(server_arg "")
  set(tests "
tdm_add_test(check FIXTURE demo LABELS db COMMAND sh \"\${CMAKE_CURRENT_SOURCE_DIR}/check.sh\" \"${marks}/check\")
tdm_add_test(other FIXTURE demo LABELS db COMMAND sh -c \"echo ran > '${marks}/other'\")")
else()
  set(server_dir "${work}/server")
  set(server_arg "SERVER EXTERNAL")
  set(tests "
tdm_add_test(writer-a FIXTURE demo COMMAND sh \"\${CMAKE_CURRENT_SOURCE_DIR}/writer.sh\" a \"${marks}/a\")
tdm_add_test(writer-b FIXTURE demo COMMAND sh \"\${CMAKE_CURRENT_SOURCE_DIR}/writer.sh\" b \"${marks}/b\")")
endif()
tdm_test_server_dir("${server_dir}")
file(WRITE "${src}/CMakeLists.txt" "
cmake_minimum_required(VERSION 3.25)
project(fixture NONE)
include(\"${TDM_MODULE}\")
enable_testing()
tdm_add_snapshot(demo SQL_DIRS sql VERSION 1.0.0 MAX_AGE 3d SEED_TIMEOUT 20m ${server_arg}
                 REMOTE_STORAGE \"file://${work}/remote|read-only\")
${tests}
")

# ctest_results(<var> <output>): "name=Passed|Failed|Not Run" for each test CTest reported.
function(ctest_results out_var output)
  string(REGEX MATCHALL "Test +#[0-9]+: [^ ]+ [^\n]*" lines "${output}")
  set(results "")
  foreach(line IN LISTS lines)
    if(line MATCHES "Test +#[0-9]+: ([^ ]+) .*(Passed|Failed|Not Run)")
      list(APPEND results "${CMAKE_MATCH_1}=${CMAKE_MATCH_2}")
    endif()
  endforeach()
  set(${out_var} "${results}" PARENT_SCOPE)
endfunction()

function(expect_result results test expected)
  if(NOT "${test}=${expected}" IN_LIST results)
    tdm_test_fail("test ${test}: expected ${expected}; CTest reported: ${results}")
  endif()
  message(STATUS "ok: ${test} ${expected}")
endfunction()

tdm_test_run("configure" COMMAND "${CMAKE_COMMAND}" -S "${src}" -B "${bin}" -G Ninja
             "-DTDM_EXECUTABLE=${TDM_EXECUTABLE}")

if(CASE STREQUAL "fixture")
  # config-demo shows what the setup test will use, naming the CMake argument that set it.
  tdm_test_run("build config-demo" OUTPUT out
               COMMAND "${CMAKE_COMMAND}" --build "${bin}" --target config-demo)
  foreach(line IN ITEMS "max age: 3d  (CMake tdm_add_snapshot(MAX_AGE))" "mode: AUTO  (default)"
                        "database: demo_test  (flag --database)"
                        "seed timeout: 20m  (CMake tdm_add_snapshot(SEED_TIMEOUT))"
                        "remote storage: file://${work}/remote|read-only  (CMake tdm_add_snapshot(REMOTE_STORAGE))")
    string(FIND "${out}" "${line}" at)
    if(at EQUAL -1)
      tdm_test_fail("config-demo does not say '${line}':\n${out}")
    endif()
  endforeach()

  tdm_test_run("ctest -R check" OUTPUT out WORKING_DIRECTORY "${bin}"
               COMMAND "${CMAKE_CTEST_COMMAND}" -R "^check$" --output-on-failure)
  ctest_results(results "${out}")
  tdm_test_expect_eq("tests run by ctest -R check" "${results}"
    "tdm.server-start=Passed;demo.setup=Passed;check=Passed;demo.cleanup=Passed;tdm.server-stop=Passed")
  if(EXISTS "${marks}/other")
    tdm_test_fail("ctest -R check also ran the test 'other'")
  endif()
  file(STRINGS "${marks}/check" database)
  message(STATUS "ok: check ran against its own database ${database}")

  # The cleanup dropped the per-test database.
  tdm_test_run("start the server" COMMAND "${TDM_EXECUTABLE}" server start --dir "${server_dir}")
  tdm_test_run("list databases" OUTPUT databases
    COMMAND mariadb --socket=${server_dir}/mysqld.sock --user=root -N -B
            -e "SHOW DATABASES LIKE 'demo\\_test%'")
  string(STRIP "${databases}" databases)
  tdm_test_expect_eq("databases left after cleanup" "${databases}" "demo_test")
  tdm_test_run("stop the server" COMMAND "${TDM_EXECUTABLE}" server stop --dir "${server_dir}")

  # A broken seed: the setup fails and says why, the test is not run, the cleanup still runs.
  file(WRITE "${src}/sql/003_broken.sql" "THIS IS NOT SQL;\n")
  file(REMOVE "${marks}/check")
  tdm_test_run("ctest -R check, broken seed" EXPECT_FAILURE OUTPUT out WORKING_DIRECTORY "${bin}"
               COMMAND "${CMAKE_CTEST_COMMAND}" -R "^check$" --output-on-failure)
  ctest_results(results "${out}")
  expect_result("${results}" demo.setup Failed)
  expect_result("${results}" check "Not Run")
  expect_result("${results}" demo.cleanup Passed)
  expect_result("${results}" tdm.server-stop Passed)
  if(EXISTS "${marks}/check")
    tdm_test_fail("the test ran although its fixture's setup failed")
  endif()
  if(NOT out MATCHES "003_broken\\.sql")
    tdm_test_fail("the failing setup's output does not name the SQL file that failed "
                  "(003_broken.sql)")
  endif()
  message(STATUS "ok: the failing setup names 003_broken.sql")
else()
  tdm_test_start_external_server("${server_dir}")
  string(TIMESTAMP start "%s")
  tdm_test_run("ctest -j2" OUTPUT out WORKING_DIRECTORY "${bin}"
               COMMAND "${CMAKE_CTEST_COMMAND}" -j2 --output-on-failure)
  string(TIMESTAMP end "%s")
  ctest_results(results "${out}")
  foreach(test IN ITEMS demo.setup writer-a writer-b demo.cleanup)
    expect_result("${results}" ${test} Passed)
  endforeach()
  if(results MATCHES "tdm\\.server")
    tdm_test_fail("an EXTERNAL server must not get the embedded server's tests: ${results}")
  endif()
  file(STRINGS "${marks}/a" database_a)
  file(STRINGS "${marks}/b" database_b)
  if(database_a STREQUAL database_b)
    tdm_test_fail("both writers ran against the same database ${database_a}")
  endif()
  message(STATUS "ok: writer-a used ${database_a}, writer-b used ${database_b}")
  tdm_test_run("stop the external server" COMMAND "${TDM_EXECUTABLE}" server stop --dir "${server_dir}")
endif()

tdm_test_done()
message(STATUS "${CASE}: all checks passed")
