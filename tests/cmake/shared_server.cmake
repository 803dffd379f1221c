# Two build trees (two CI runners' checkouts) of one project against one shared server, their
# CTest runs at the same time. Runner A's cleanup runs while runner B's test still works in its
# per-test database: B's databases must survive it and B's test pass.
#
#   round "run ids"  TDM_RUN_ID=a and =b: each run has its own databases (demo_test_a*, _b*),
#                    and afterwards none of either is left on the server.
#   round "no ids"   the plain names, shared: A's cleanup leaves the slot B's test holds.
#
# Budget: about 20 s (two seeds, two CTest runs per round); CTest TIMEOUT 300 like the others.
#
#   cmake -DTDM_EXECUTABLE=<tdm> -DTDM_MODULE=<TDMFixtures.cmake> -P shared_server.cmake
cmake_minimum_required(VERSION 3.25)
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

tdm_test_workdir(work "shared")
set(server_dir "${work}/server")
set(marks "${work}/marks")
tdm_test_server_dir("${server_dir}")

# hold.sh <mark> <wait for>: writes 'mine' into row 1 of its per-test database and its name
# into <mark>, waits (at most 45 s) for the file <wait for>, then fails unless its database
# still holds its rows and its fixture database (the slot's name without "__s<N>") still exists.
set(hold_script [=[
q() { mariadb --socket="$TDM_DB_SOCKET" --user="${TDM_DB_USER:-root}" -N -B -e "$1" "$TDM_DATABASE"; }
q "UPDATE t SET v = 'mine' WHERE id = 1" || exit 1
echo "$TDM_DATABASE" > "$1"
i=0
while [ ! -e "$2" ]; do
  sleep 0.1; i=$((i+1)); [ $i -gt 450 ] && { echo "gave up waiting for $2"; exit 1; }
done
rows=$(q "SELECT GROUP_CONCAT(v ORDER BY id) FROM t") || { echo "$TDM_DATABASE is gone"; exit 1; }
[ "$rows" = "mine,two" ] || { echo "expected rows mine,two in $TDM_DATABASE, got '$rows'"; exit 1; }
fixture=${TDM_DATABASE%__s*}
[ "$(q "SHOW DATABASES LIKE '$fixture'")" = "$fixture" ] || { echo "$fixture is gone"; exit 1; }
]=])

# Runner A's test ends once B's has started; B's waits until A's whole CTest run (its cleanup
# included) is over.
set(runners a b)
set(waits_for b-started a-done)
foreach(runner wait_for IN ZIP_LISTS runners waits_for)
  set(src "${work}/${runner}/src")
  file(WRITE "${src}/sql/001.sql" "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20));\n"
                                   "INSERT INTO t VALUES (1, 'one'), (2, 'two');\n")
  file(WRITE "${src}/hold.sh" "${hold_script}")
  file(WRITE "${src}/CMakeLists.txt" "
cmake_minimum_required(VERSION 3.25)
project(shared NONE)
include(\"${TDM_MODULE}\")
enable_testing()
tdm_add_snapshot(demo SQL_DIRS sql VERSION 1.0.0 SERVER EXTERNAL)
tdm_add_test(hold FIXTURE demo
  COMMAND sh \"\${CMAKE_CURRENT_SOURCE_DIR}/hold.sh\" \"${marks}/${runner}-started\" \"${marks}/${wait_for}\")
")
  tdm_test_run("configure ${runner}" COMMAND "${CMAKE_COMMAND}" -S "${src}" -B "${work}/${runner}/build"
               -G Ninja "-DTDM_EXECUTABLE=${TDM_EXECUTABLE}")
endforeach()

tdm_test_start_external_server("${server_dir}")

function(databases_on_server out_var)
  tdm_test_run("list databases" OUTPUT listed
    COMMAND mariadb --socket=${server_dir}/mysqld.sock --user=root -N -B
            -e "SHOW DATABASES LIKE 'demo\\_test%'")
  string(STRIP "${listed}" listed)
  string(REPLACE "\n" ";" listed "${listed}")
  list(SORT listed)
  set(${out_var} "${listed}" PARENT_SCOPE)
endfunction()

# both_runners(<round> <run id a> <run id b>): both CTest runs at once; each must pass whole.
function(both_runners round id_a id_b)
  file(REMOVE_RECURSE "${marks}")
  file(MAKE_DIRECTORY "${marks}")
  set(ctest "${CMAKE_CTEST_COMMAND}")
  tdm_test_run("${round}: both CTest runs at once" COMMAND sh -c "
(TDM_RUN_ID='${id_a}' '${ctest}' --test-dir '${work}/a/build' --output-on-failure >'${marks}/a.log' 2>&1
 echo $? > '${marks}/a-done') &
(TDM_RUN_ID='${id_b}' '${ctest}' --test-dir '${work}/b/build' --output-on-failure >'${marks}/b.log' 2>&1
 echo $? > '${marks}/b-done') &
wait")
  foreach(runner IN ITEMS a b)
    file(READ "${marks}/${runner}.log" log)
    file(STRINGS "${marks}/${runner}-done" code)
    message("${round}, runner ${runner}:\n${log}")
    if(NOT code EQUAL 0)
      tdm_test_fail("${round}: runner ${runner}'s CTest run failed (exit code ${code}); its log is above")
    endif()
    file(STRINGS "${marks}/${runner}-started" database)
    message(STATUS "ok: ${round}: runner ${runner} passed; its test ran on ${database}")
    set(database_${runner} "${database}" PARENT_SCOPE)
  endforeach()
endfunction()

both_runners("run ids" a b)
tdm_test_expect_eq("runner a's test database" "${database_a}" "demo_test_a__s1")
tdm_test_expect_eq("runner b's test database" "${database_b}" "demo_test_b__s1")
databases_on_server(left)
tdm_test_expect_eq("databases left after both runs with run ids" "${left}" "")

both_runners("no ids" "" "")
if(database_a STREQUAL database_b OR NOT database_a MATCHES "^demo_test__s[12]$"
   OR NOT database_b MATCHES "^demo_test__s[12]$")
  tdm_test_fail("without run ids the runners must share the plain names, on different slots: "
                "${database_a}, ${database_b}")
endif()
databases_on_server(left)
tdm_test_expect_eq("databases left after both runs without run ids" "${left}" "demo_test")

tdm_test_run("stop the shared server" COMMAND "${TDM_EXECUTABLE}" server stop --dir "${server_dir}")
tdm_test_done()
message(STATUS "shared server: all checks passed")
