# The merged report of tdm_add_playwright_tests, with the real tdm, MariaDB and Playwright (specs
# that open no browser).
#
#   cmake -DTDM_EXECUTABLE=<tdm> -DTDM_MODULE=<TDMFixtures.cmake>
#         -DNODE_MODULES=<a node_modules with @playwright/test> -P playwright_report.cmake
#
# - `ctest`: a spec that fails and one that passes both end up in the one junit.xml and the HTML
#   report, and the merge test passes (a failing spec is its own test's failure).
# - `ctest -R <one spec>` pulls the report's start and merge in; the report then holds only that
#   spec: the start emptied what the earlier run left.
# - a config without the blob reporter: the merge test fails, naming the spec and the fix.
cmake_minimum_required(VERSION 3.25)
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")
if(NOT IS_DIRECTORY "${NODE_MODULES}/@playwright/test")
  message(FATAL_ERROR "run this script with -DNODE_MODULES=<node_modules with @playwright/test>")
endif()

tdm_test_workdir(work "pwreport")
set(src "${work}/src")
set(bin "${work}/build")
tdm_test_server_dir("${bin}/tdm-server")

file(WRITE "${src}/sql/001.sql" "CREATE TABLE t (id INT PRIMARY KEY);\n")
foreach(dir IN ITEMS with-blob without-blob)
  file(MAKE_DIRECTORY "${src}/${dir}")
  file(CREATE_LINK "${NODE_MODULES}" "${src}/${dir}/node_modules" SYMBOLIC)
  file(WRITE "${src}/${dir}/specs/passes.spec.js" "const { test, expect } = require('@playwright/test');
test('one is one', () => { expect(1).toBe(1); });\n")
  file(WRITE "${src}/${dir}/specs/sub/fails.spec.js" "const { test, expect } = require('@playwright/test');
test('one is two', () => { expect(1).toBe(2); });\n")
endforeach()
file(WRITE "${src}/with-blob/playwright.config.js"
     "module.exports = { testDir: 'specs', reporter: [['line'], ['blob']] };\n")
file(WRITE "${src}/without-blob/playwright.config.js"
     "module.exports = { testDir: 'specs', reporter: [['line']] };\n")
file(WRITE "${src}/CMakeLists.txt" "
cmake_minimum_required(VERSION 3.25)
project(pwreport NONE)
include(\"${TDM_MODULE}\")
enable_testing()
tdm_add_snapshot(demo SQL_DIRS sql VERSION 1.0.0)
tdm_add_playwright_tests(good FIXTURE demo CONFIG with-blob/playwright.config.js)
tdm_add_playwright_tests(noblob FIXTURE demo CONFIG without-blob/playwright.config.js LABELS noblob)
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

# junit_suites(<var>): the testsuite names of the merged junit.xml of `good`.
function(junit_suites out_var)
  set(junit "${bin}/e2e-report/good/junit.xml")
  if(NOT EXISTS "${junit}" OR NOT EXISTS "${bin}/e2e-report/good/html/index.html")
    tdm_test_fail("no merged report in ${bin}/e2e-report/good (junit.xml, html/index.html)")
  endif()
  file(READ "${junit}" text)
  string(REGEX MATCHALL "<testsuite name=\"[^\"]*\"" suites "${text}")
  list(TRANSFORM suites REPLACE "^<testsuite name=\"(.*)\"$" "\\1")
  list(SORT suites)
  set(${out_var} "${suites}" PARENT_SCOPE)
endfunction()

tdm_test_run("configure" COMMAND "${CMAKE_COMMAND}" -S "${src}" -B "${bin}" -G Ninja
             "-DTDM_EXECUTABLE=${TDM_EXECUTABLE}")

tdm_test_run("ctest -L e2e" EXPECT_FAILURE OUTPUT out WORKING_DIRECTORY "${bin}"
             COMMAND "${CMAKE_CTEST_COMMAND}" -L e2e --output-on-failure)
ctest_results(results "${out}")
list(SORT results)
tdm_test_expect_eq("tests run by ctest -L e2e" "${results}"
  "demo.cleanup=Passed;demo.setup=Passed;good.passes=Passed;good.report-start=Passed;good.report=Passed;good.sub.fails=Failed;tdm.server-start=Passed;tdm.server-stop=Passed")
junit_suites(suites)
tdm_test_expect_eq("the merged junit.xml" "${suites}" "passes.spec.js;sub/fails.spec.js")

tdm_test_run("ctest -R good.passes" OUTPUT out WORKING_DIRECTORY "${bin}"
             COMMAND "${CMAKE_CTEST_COMMAND}" -R "^good\\.passes$" --output-on-failure)
ctest_results(results "${out}")
list(SORT results)
tdm_test_expect_eq("tests run by ctest -R good.passes" "${results}"
  "demo.cleanup=Passed;demo.setup=Passed;good.passes=Passed;good.report-start=Passed;good.report=Passed;tdm.server-start=Passed;tdm.server-stop=Passed")
junit_suites(suites)
tdm_test_expect_eq("the merged junit.xml of one spec" "${suites}" "passes.spec.js")

tdm_test_run("ctest -L noblob" EXPECT_FAILURE OUTPUT out WORKING_DIRECTORY "${bin}"
             COMMAND "${CMAKE_CTEST_COMMAND}" -L noblob --output-on-failure)
ctest_results(results "${out}")
list(SORT results)
tdm_test_expect_eq("tests run by ctest -L noblob" "${results}"
  "demo.cleanup=Passed;demo.setup=Passed;noblob.passes=Passed;noblob.report-start=Passed;noblob.report=Failed;noblob.sub.fails=Failed;tdm.server-start=Passed;tdm.server-stop=Passed")
string(REGEX REPLACE "[ \n]+" " " flat "${out}")
if(NOT flat MATCHES "tdm: noblob: the test noblob.passes ran but left no blob report .* fix: add \\['blob'\\] to the reporters of ${src}/without-blob/playwright.config.js")
  tdm_test_fail("noblob.report does not name the spec without a blob report and the fix")
endif()

tdm_test_done()
message(STATUS "playwright_report: one report per suite, checked")
