# Install test: `cmake --install` TDM's build tree into a temporary prefix, then an outside
# project finds it with find_package(TDM CONFIG REQUIRED), builds a snapshot with the installed
# tdm (the imported TDM::tdm, not the build tree's) and runs a fixture test. With node and npm,
# it also installs the installed JavaScript helper (@tdm/fixtures) into that project with npm,
# and a test of the project reads its entity and connection through it.
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
file(GLOB_RECURSE config_files RELATIVE "${prefix}" "${prefix}/*/cmake/TDM/*.cmake"
     "${prefix}/*/cmake/TDM/*.mjs")
list(SORT config_files)
message(STATUS "installed package files: ${config_files}")
foreach(name IN ITEMS TDMConfig.cmake TDMConfigVersion.cmake TDMTargets.cmake TDMFixtures.cmake
                     TDMPlaywrightReport.cmake TDMBrowserServer.mjs)
  if(NOT config_files MATCHES "(^|;)[^;]*/cmake/TDM/${name}(;|$)")
    tdm_test_fail("the install tree lacks <libdir>/cmake/TDM/${name}")
  endif()
endforeach()

# The JavaScript helper for tests: an npm package under <datadir>/tdm/js.
file(GLOB js_package LIST_DIRECTORIES true "${prefix}/*/tdm/js/tdm-fixtures")
if(NOT js_package)
  tdm_test_fail("the install tree lacks <datadir>/tdm/js/tdm-fixtures")
endif()
foreach(name IN ITEMS package.json index.js index.d.ts README.md)
  if(NOT EXISTS "${js_package}/${name}")
    tdm_test_fail("the install tree lacks ${js_package}/${name}")
  endif()
endforeach()
find_program(node NAMES node nodejs)
find_program(npm NAMES npm)
set(expected_tests 5)
if(node AND npm)
  file(WRITE "${src}/package.json" [=[{"name": "outside", "private": true, "type": "module"}]=])
  tdm_test_run("npm install the installed @tdm/fixtures" WORKING_DIRECTORY "${src}"
               COMMAND "${npm}" install --offline --no-audit --no-fund --install-links
                       "${js_package}")
  file(WRITE "${src}/check.mjs" [=[
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { connection, entityId } from '@tdm/fixtures';

const { database, socket } = connection();
assert.match(database, /^demo_test__s[0-9]+$/);
assert.ok(fs.statSync(socket).isSocket(), `${socket} is not a socket`);
assert.equal(entityId('t', 'installed'), 1);
console.log(`@tdm/fixtures: ${database} on ${socket}`);
]=])
  set(expected_tests 6)
  set(node_arg "-DNODE=${node}")
else()
  message(STATUS "node or npm not found: the installed @tdm/fixtures is not tried")
  set(node_arg "")
endif()

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
tdm_add_snapshot(demo SQL_DIRS sql VERSION 1.0.0 ENTITIES t:v)
tdm_add_test(check FIXTURE demo
  COMMAND sh -c [[test "$(mariadb --socket="$TDM_DB_SOCKET" --user="${TDM_DB_USER:-root}" -N -B -e "SELECT v FROM t" "$TDM_DATABASE")" = installed]])
if(NODE)
  tdm_add_test(js FIXTURE demo COMMAND "${NODE}" "${CMAKE_CURRENT_SOURCE_DIR}/check.mjs")
endif()
]=])

tdm_test_run("configure the outside project" OUTPUT out
             COMMAND "${CMAKE_COMMAND}" -S "${src}" -B "${bin}" -G Ninja
                     "-DCMAKE_PREFIX_PATH=${prefix}" ${node_arg})
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
if(NOT out MATCHES "100% tests passed, 0 tests failed out of ${expected_tests}\n")
  tdm_test_fail("expected ${expected_tests} tests (server start, setup, check, [js,] cleanup, "
                "server stop) to pass")
endif()

tdm_test_done()
message(STATUS "install: find_package(TDM) works from ${prefix}")
