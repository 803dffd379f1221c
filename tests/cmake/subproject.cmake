# add_subdirectory() of the TDM source tree from an outside project (as FetchContent does):
# TDM's own tests and demo suite are off, the tdm_add_* commands are there, and the rules run
# the subproject's tdm target. Configure only: building tdm again would take minutes.
#
#   cmake -DTDM_EXECUTABLE=<tdm> -DTDM_MODULE=<TDMFixtures.cmake> -DTDM_SOURCE_DIR=<repo>
#         -P subproject.cmake
cmake_minimum_required(VERSION 3.25)
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")
if(NOT DEFINED TDM_SOURCE_DIR)
  message(FATAL_ERROR "run this script with -DTDM_SOURCE_DIR=<TDM's source tree>")
endif()

tdm_test_workdir(work "subproject")
set(src "${work}/src")
set(bin "${work}/build")
file(WRITE "${src}/sql/001.sql" "CREATE TABLE t (id INT);\n")
file(WRITE "${src}/CMakeLists.txt" "
cmake_minimum_required(VERSION 3.25)
project(outside NONE)
enable_testing()
add_subdirectory(\"${TDM_SOURCE_DIR}\" _deps/tdm-build)
tdm_add_snapshot(demo SQL_DIRS sql)
tdm_add_test(check FIXTURE demo COMMAND true)
")
tdm_test_run("configure" COMMAND "${CMAKE_COMMAND}" -S "${src}" -B "${bin}" -G Ninja)
file(STRINGS "${bin}/CMakeCache.txt" cache REGEX "^TDM_BUILD_(TESTS|E2E):BOOL=")
tdm_test_expect_eq("TDM's options in a subproject" "${cache}"
                   "TDM_BUILD_E2E:BOOL=OFF;TDM_BUILD_TESTS:BOOL=OFF")
file(READ "${bin}/CTestTestfile.cmake" tests)
if(NOT tests MATCHES "demo\\.setup" OR NOT tests MATCHES "\"${bin}/_deps/tdm-build/src/tdm\" \"run\"")
  tdm_test_fail("the outside project's tests do not run the subproject's tdm:\n${tests}")
endif()
if(EXISTS "${bin}/_deps/tdm-build/e2e" OR EXISTS "${bin}/_deps/tdm-build/tests")
  tdm_test_fail("TDM's own tests or demo suite were configured in a subproject")
endif()
execute_process(COMMAND ninja -C "${bin}" -t query snapshot-demo OUTPUT_VARIABLE query)
if(NOT query MATCHES "_deps/tdm-build/src/tdm")
  tdm_test_fail("snapshot-demo does not depend on building the subproject's tdm:\n${query}")
endif()
message(STATUS "ok: snapshot-demo builds tdm first")
tdm_test_done()
