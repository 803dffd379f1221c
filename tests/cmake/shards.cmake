# SHARDS of tdm_add_playwright_tests: every spec test is in exactly one `shard-<k>`, the shards'
# sizes differ by one at most, and every test the specs require (the fixture's setup and
# cleanup, the embedded server's start and stop, the merged report's) carries every shard's
# label, so that `ctest -L '^shard-<k>$'` is one runner's whole slice; and ENVIRONMENT reaches
# every spec test beside the variables it always gets. Configure only, then
# CTest's own listings (ctest -N, --show-only=json-v1): no server starts, nothing runs
# (about 5 s).
#
#   cmake -DTDM_EXECUTABLE=<tdm> -DTDM_MODULE=<TDMFixtures.cmake> -P shards.cmake
cmake_minimum_required(VERSION 3.25)
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

tdm_test_workdir(work "shards")
set(src "${work}/src")
set(bin "${work}/build")
file(WRITE "${src}/sql/001.sql" "CREATE TABLE t (id INT);\n")
file(WRITE "${src}/e2e/playwright.config.js" "export default { testDir: 'specs' };\n")
# Seven spec files; in sorted order they are dealt out to shards 1, 2, 3, 1, 2, 3, 1.
set(spec_tests "")
foreach(spec IN ITEMS 01-home.spec.js 02-login.spec.js 03-users.spec.ts 04-orgs.spec.js
                      05-roles.spec.js 06-search.test.js zz/07-deep.spec.ts)
  file(WRITE "${src}/e2e/specs/${spec}" "\n")
  string(REGEX REPLACE "\\.(spec|test)\\.[jt]s$" "" stem "${spec}")
  string(REPLACE "/" "." stem "${stem}")
  list(APPEND spec_tests "suite.${stem}")
endforeach()
set(expected_shards 1 2 3 1 2 3 1)
# The fixture is defined in the top directory, the suite in a subdirectory of it.
file(WRITE "${src}/CMakeLists.txt" "
cmake_minimum_required(VERSION 3.25)
project(shards NONE)
include(\"${TDM_MODULE}\")
enable_testing()
tdm_add_snapshot(demo SQL_DIRS sql)
add_subdirectory(e2e)
")
file(WRITE "${src}/e2e/CMakeLists.txt" "
tdm_add_playwright_tests(suite FIXTURE demo CONFIG playwright.config.js SHARDS 3
  ENVIRONMENT PW_DISABLE_TS_ESM=1 \"SUITE_NOTE=two words\")
")
set(required_tests demo.setup demo.cleanup tdm.server-start tdm.server-stop suite.report-start
                   suite.report)

tdm_test_run("configure" COMMAND "${CMAKE_COMMAND}" -S "${src}" -B "${bin}" -G Ninja
             "-DTDM_EXECUTABLE=${TDM_EXECUTABLE}" -DTDM_NPX_EXECUTABLE=/bin/true)

# test_property(<var> <ctest json> <test> <property>): the list property (LABELS, ENVIRONMENT)
# CTest has for <test>.
function(test_property out_var json test wanted)
  string(JSON count LENGTH "${json}" tests)
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    string(JSON name GET "${json}" tests ${i} name)
    if(NOT name STREQUAL test)
      continue()
    endif()
    string(JSON properties LENGTH "${json}" tests ${i} properties)
    math(EXPR last_property "${properties} - 1")
    foreach(p RANGE ${last_property})
      string(JSON property GET "${json}" tests ${i} properties ${p} name)
      if(property STREQUAL wanted)
        string(JSON values GET "${json}" tests ${i} properties ${p} value)
        string(JSON labels_count LENGTH "${values}")
        math(EXPR last_label "${labels_count} - 1")
        set(labels "")
        foreach(l RANGE ${last_label})
          string(JSON label GET "${values}" ${l})
          list(APPEND labels "${label}")
        endforeach()
        set(${out_var} "${labels}" PARENT_SCOPE)
        return()
      endif()
    endforeach()
    set(${out_var} "" PARENT_SCOPE)
    return()
  endforeach()
  tdm_test_fail("CTest does not know the test ${test}")
endfunction()

# listed(<var> <label regex>): the tests `ctest -N -L <regex>` lists, as a runner would select.
function(listed out_var regex)
  tdm_test_run("ctest -N -L ${regex}" OUTPUT out WORKING_DIRECTORY "${bin}"
               COMMAND "${CMAKE_CTEST_COMMAND}" -N -L "${regex}")
  string(REGEX MATCHALL "Test +#[0-9]+: [^\n]+" lines "${out}")
  set(tests "")
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "Test +#[0-9]+: " "" test "${line}")
    list(APPEND tests "${test}")
  endforeach()
  list(SORT tests)
  set(${out_var} "${tests}" PARENT_SCOPE)
endfunction()

execute_process(COMMAND "${CMAKE_CTEST_COMMAND}" --show-only=json-v1 WORKING_DIRECTORY "${bin}"
                OUTPUT_VARIABLE json RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  tdm_test_fail("ctest --show-only=json-v1 failed")
endif()

# Each spec test: its suite's label and exactly one shard's, the one round-robin deals it.
set(size_1 0)
set(size_2 0)
set(size_3 0)
foreach(test expected IN ZIP_LISTS spec_tests expected_shards)
  test_property(labels "${json}" ${test} LABELS)
  set(shard_labels "${labels}")
  list(FILTER shard_labels INCLUDE REGEX "^shard-")
  tdm_test_expect_eq("shard labels of ${test}" "${shard_labels}" "shard-${expected}")
  list(REMOVE_ITEM labels ${shard_labels})
  tdm_test_expect_eq("other labels of ${test}" "${labels}" "e2e")
  math(EXPR size_${expected} "${size_${expected}} + 1")
  test_property(environment "${json}" ${test} ENVIRONMENT)
  list(FILTER environment EXCLUDE REGEX "^(E2E_OUTPUT_DIR|PLAYWRIGHT_JUNIT_OUTPUT_NAME|PLAYWRIGHT_BLOB_OUTPUT_FILE|E2E_PORT|NODE_COMPILE_CACHE)=.")
  tdm_test_expect_eq("ENVIRONMENT of ${test} besides its own variables" "${environment}"
                     "PW_DISABLE_TS_ESM=1;SUITE_NOTE=two words")
endforeach()
tdm_test_expect_eq("shard sizes" "${size_1} ${size_2} ${size_3}" "3 2 2")

# Each test the specs require: every shard's label (set in the directory that added it).
foreach(test IN LISTS required_tests)
  test_property(labels "${json}" ${test} LABELS)
  foreach(shard IN ITEMS 1 2 3)
    if(NOT "shard-${shard}" IN_LIST labels)
      tdm_test_fail("${test} lacks the label shard-${shard}: ${labels}")
    endif()
  endforeach()
  message(STATUS "ok: ${test} is in every shard (${labels})")
endforeach()

# A runner's slice as CTest selects it: its specs and everything they need; together the
# slices hold every spec exactly once.
set(all_listed_specs "")
foreach(shard IN ITEMS 1 2 3)
  listed(tests "^shard-${shard}$")
  set(expected "${required_tests}")
  foreach(test expected_shard IN ZIP_LISTS spec_tests expected_shards)
    if(expected_shard EQUAL shard)
      list(APPEND expected "${test}")
    endif()
  endforeach()
  list(SORT expected)
  tdm_test_expect_eq("ctest -N -L ^shard-${shard}$" "${tests}" "${expected}")
  list(FILTER tests EXCLUDE REGEX "^(demo|tdm)\\.|\\.report(-start)?$")
  list(APPEND all_listed_specs ${tests})
endforeach()
list(SORT all_listed_specs)
set(sorted_specs "${spec_tests}")
list(SORT sorted_specs)
tdm_test_expect_eq("every spec in exactly one slice" "${all_listed_specs}" "${sorted_specs}")

# Without SHARDS nothing gets a shard label.
file(WRITE "${src}/e2e/CMakeLists.txt" "
tdm_add_playwright_tests(suite FIXTURE demo CONFIG playwright.config.js)
")
tdm_test_run("configure without SHARDS" COMMAND "${CMAKE_COMMAND}" -S "${src}" -B "${bin}")
listed(tests "^shard-")
tdm_test_expect_eq("tests labelled shard-* without SHARDS" "${tests}" "")

# The fixture in a sibling directory: labelled with CMake 3.28 and later; before, CMake cannot
# reach those tests' properties, and a warning says so (CTest still pulls them in).
file(WRITE "${src}/CMakeLists.txt" "
cmake_minimum_required(VERSION 3.25)
project(shards NONE)
include(\"${TDM_MODULE}\")
enable_testing()
add_subdirectory(fixture)
add_subdirectory(e2e)
")
file(WRITE "${src}/fixture/CMakeLists.txt" "tdm_add_snapshot(demo SQL_DIRS ../sql)\n")
file(WRITE "${src}/e2e/CMakeLists.txt" "
tdm_add_playwright_tests(suite FIXTURE demo CONFIG playwright.config.js SHARDS 3
  ENVIRONMENT PW_DISABLE_TS_ESM=1 \"SUITE_NOTE=two words\")
")
file(REMOVE_RECURSE "${bin}")
tdm_test_run("configure, fixture in a sibling directory" OUTPUT out
             COMMAND "${CMAKE_COMMAND}" -S "${src}" -B "${bin}" -G Ninja
                     "-DTDM_EXECUTABLE=${TDM_EXECUTABLE}" -DTDM_NPX_EXECUTABLE=/bin/true)
execute_process(COMMAND "${CMAKE_CTEST_COMMAND}" --show-only=json-v1 WORKING_DIRECTORY "${bin}"
                OUTPUT_VARIABLE json)
test_property(labels "${json}" demo.setup LABELS)
if(CMAKE_VERSION VERSION_GREATER_EQUAL 3.28)
  tdm_test_expect_eq("labels of demo.setup in a sibling directory" "${labels}"
                     "shard-1;shard-2;shard-3")
else()
  string(REGEX REPLACE "[ \n]+" " " flat "${out}")
  if(NOT flat MATCHES "the tests demo.setup;demo.cleanup of .*/fixture do not get the shard labels")
    tdm_test_fail("no warning that demo.setup and demo.cleanup lack the shard labels:\n${out}")
  endif()
  tdm_test_expect_eq("labels of demo.setup in a sibling directory (CMake < 3.28)" "${labels}" "")
endif()

tdm_test_done()
message(STATUS "shards: all checks passed")
