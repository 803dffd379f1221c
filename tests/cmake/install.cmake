# Install test: `cmake --install` TDM's build tree into a temporary prefix, then an outside
# project finds it with find_package(TDM CONFIG REQUIRED), builds a snapshot with the installed
# tdm (the imported TDM::tdm, not the build tree's) and runs a fixture test.
#
#   cmake -DTDM_EXECUTABLE=<tdm> -DTDM_MODULE=<TDMFixtures.cmake> -DTDM_BUILD_DIR=<build tree>
#         -P install.cmake
cmake_minimum_required(VERSION 3.25)
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")
if(NOT DEFINED TDM_BUILD_DIR)
  message(FATAL_ERROR "run this script with -DTDM_BUILD_DIR=<TDM's build tree>")
endif()

tdm_test_workdir(work "install")
set(prefix "${work}/prefix")
set(src "${work}/src")
set(bin "${work}/build")
tdm_test_server_dir("${bin}/tdm-server")

tdm_test_run("install" COMMAND "${CMAKE_COMMAND}" --install "${TDM_BUILD_DIR}" --prefix "${prefix}")
foreach(file IN ITEMS bin/tdm)
  if(NOT EXISTS "${prefix}/${file}")
    tdm_test_fail("the install tree lacks ${file}")
  endif()
endforeach()
file(GLOB_RECURSE config_files RELATIVE "${prefix}" "${prefix}/*/cmake/TDM/*.cmake")
list(SORT config_files)
message(STATUS "installed package files: ${config_files}")
foreach(name IN ITEMS TDMConfig.cmake TDMConfigVersion.cmake TDMTargets.cmake TDMFixtures.cmake)
  if(NOT config_files MATCHES "(^|;)[^;]*/cmake/TDM/${name}(;|$)")
    tdm_test_fail("the install tree lacks <libdir>/cmake/TDM/${name}")
  endif()
endforeach()

file(WRITE "${src}/sql/001.sql" "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20));
INSERT INTO t VALUES (1, 'installed');\n")
file(WRITE "${src}/CMakeLists.txt" [=[
cmake_minimum_required(VERSION 3.25)
project(outside NONE)
enable_testing()
find_package(TDM 0.1 CONFIG REQUIRED)
if(NOT TARGET TDM::tdm OR NOT COMMAND tdm_add_snapshot OR NOT COMMAND tdm_add_playwright_tests)
  message(FATAL_ERROR "find_package(TDM) gave no TDM::tdm or no tdm_add_* commands")
endif()
get_target_property(imported TDM::tdm IMPORTED)
message(STATUS "TDM_DIR=${TDM_DIR} TDM_VERSION=${TDM_VERSION} imported=${imported}")
file(GENERATE OUTPUT "${CMAKE_BINARY_DIR}/tdm-path.txt" CONTENT "$<TARGET_FILE:TDM::tdm>")
tdm_add_snapshot(demo SQL_DIRS sql VERSION 1.0.0)
tdm_add_test(check FIXTURE demo
  COMMAND sh -c [[test "$(mariadb --socket="$TDM_DB_SOCKET" --user="${TDM_DB_USER:-root}" -N -B -e "SELECT v FROM t" "$TDM_DATABASE")" = installed]])
]=])

tdm_test_run("configure the outside project" OUTPUT out
             COMMAND "${CMAKE_COMMAND}" -S "${src}" -B "${bin}" -G Ninja
                     "-DCMAKE_PREFIX_PATH=${prefix}")
if(NOT out MATCHES "TDM_DIR=${prefix}/[^ ]*cmake/TDM TDM_VERSION=[0-9.]+ imported=TRUE")
  tdm_test_fail("find_package(TDM) did not find the installed package in ${prefix}")
endif()
file(READ "${bin}/tdm-path.txt" tdm_path)
tdm_test_expect_eq("TDM::tdm" "${tdm_path}" "${prefix}/bin/tdm")

tdm_test_run("build the snapshot" COMMAND "${CMAKE_COMMAND}" --build "${bin}" --target snapshot)
file(GLOB snapshots "${src}/snapshots/*.meta.json")
if(NOT snapshots)
  tdm_test_fail("the installed tdm wrote no snapshot into ${src}/snapshots")
endif()
message(STATUS "ok: snapshot ${snapshots}")

tdm_test_run("ctest" OUTPUT out WORKING_DIRECTORY "${bin}"
             COMMAND "${CMAKE_CTEST_COMMAND}" --output-on-failure)
if(NOT out MATCHES "100% tests passed, 0 tests failed out of 5")
  tdm_test_fail("expected 5 tests (server start, setup, check, cleanup, server stop) to pass")
endif()

tdm_test_done()
message(STATUS "install: find_package(TDM) works from ${prefix}")
