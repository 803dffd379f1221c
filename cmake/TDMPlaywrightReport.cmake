# The merged report of one tdm_add_playwright_tests() call: run as a script by the tests that
# call adds, not included.
#
#   cmake -DTDM_REPORT_SETTINGS=<file> -DTDM_REPORT_STEP=start -P TDMPlaywrightReport.cmake
#   cmake -DTDM_REPORT_SETTINGS=<file> -DTDM_REPORT_STEP=merge -P TDMPlaywrightReport.cmake
#
# The settings file, written by tdm_add_playwright_tests() at configure time, sets:
#   report_name   the name given to tdm_add_playwright_tests()
#   report_dir    the report's directory: blobs/, html/ and junit.xml below it
#   results_dir   where `tdm run` records each test's result (<test>.passed / .failed, the
#                 test name in lower case with every other character than a letter or a digit
#                 as `_`); the fixture's setup empties it, so a result there means the test
#                 ran in this CTest run
#   config        the Playwright configuration the spec tests use
#   playwright    the command that runs Playwright (a list)
#   tests         the spec tests; spec_<test> is the absolute path of each one's spec file
#
# start: empties the report directory, so that only this run's blob reports are merged and no
#        earlier report is taken for this run's.
# merge: merges the blob reports into html/ and junit.xml with `playwright merge-reports`,
#        then checks that junit.xml has a testsuite for the spec file of every test that ran.
cmake_minimum_required(VERSION 3.25)

if(NOT DEFINED TDM_REPORT_SETTINGS OR NOT TDM_REPORT_STEP MATCHES "^(start|merge)$")
  message(FATAL_ERROR "run this script with -DTDM_REPORT_SETTINGS=<file> "
                      "-DTDM_REPORT_STEP=start|merge")
endif()
include("${TDM_REPORT_SETTINGS}")

if(TDM_REPORT_STEP STREQUAL "start")
  file(REMOVE_RECURSE "${report_dir}")
  file(MAKE_DIRECTORY "${report_dir}/blobs")
  return()
endif()

# Which tests ran in this CTest run, and which of those left a blob report.
set(ran "")
set(with_blob "")
foreach(test IN LISTS tests)
  string(TOLOWER "${test}" base)
  string(REGEX REPLACE "[^a-z0-9]" "_" base "${base}")
  if(EXISTS "${results_dir}/${base}.passed" OR EXISTS "${results_dir}/${base}.failed")
    list(APPEND ran "${test}")
    if(EXISTS "${report_dir}/blobs/${test}.zip")
      list(APPEND with_blob "${test}")
    else()
      message(FATAL_ERROR "tdm: ${report_name}: the test ${test} ran but left no blob report "
        "(${report_dir}/blobs/${test}.zip), so the merged report would lack "
        "${spec_${test}}; fix: add ['blob'] to the reporters of ${config}")
    endif()
  endif()
endforeach()
if(NOT ran)
  message(STATUS "tdm: ${report_name}: no spec test ran, so there is no report to merge")
  return()
endif()

set(ENV{PLAYWRIGHT_HTML_OUTPUT_DIR} "${report_dir}/html")
set(ENV{PLAYWRIGHT_HTML_OPEN} "never")
set(ENV{PLAYWRIGHT_JUNIT_OUTPUT_NAME} "${report_dir}/junit.xml")
execute_process(
  COMMAND ${playwright} merge-reports --reporter html,junit "${report_dir}/blobs"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT EXISTS "${report_dir}/junit.xml"
   OR NOT EXISTS "${report_dir}/html/index.html")
  message(FATAL_ERROR "tdm: ${report_name}: 'playwright merge-reports' of ${report_dir}/blobs "
    "exited with ${rc} and wrote no html/index.html or junit.xml: ${out}")
endif()

# merge-reports unpacks the blob reports beside them; the zip files are all that need staying.
file(GLOB unpacked LIST_DIRECTORIES true "${report_dir}/blobs/*")
list(FILTER unpacked EXCLUDE REGEX "\\.zip$")
if(unpacked)
  file(REMOVE_RECURSE ${unpacked})
endif()

# A testsuite is named after its spec file, relative to the config's testDir.
file(READ "${report_dir}/junit.xml" junit)
string(REGEX MATCHALL "<testsuite name=\"[^\"]*\"" suites "${junit}")
list(TRANSFORM suites REPLACE "^<testsuite name=\"(.*)\"$" "\\1")
foreach(test IN LISTS with_blob)
  set(found FALSE)
  foreach(suite IN LISTS suites)
    string(LENGTH "/${suite}" suffix_length)
    string(LENGTH "${spec_${test}}" length)
    if(length GREATER_EQUAL suffix_length)
      math(EXPR from "${length} - ${suffix_length}")
      string(SUBSTRING "${spec_${test}}" ${from} -1 suffix)
      if(suffix STREQUAL "/${suite}")
        set(found TRUE)
        break()
      endif()
    endif()
  endforeach()
  if(NOT found)
    message(FATAL_ERROR "tdm: ${report_name}: the merged report lacks ${spec_${test}}, although "
      "the test ${test} left its blob report: none of its tests loaded; fix: run "
      "'ctest -R ${test} --output-on-failure' and correct what Playwright reports")
  endif()
endforeach()
list(LENGTH with_blob count)
message(STATUS "tdm: ${report_name}: ${count} spec file(s) in ${report_dir}/html/index.html "
               "(npx playwright show-report ${report_dir}/html) and ${report_dir}/junit.xml")
