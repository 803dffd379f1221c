# Helpers of the tests of TDMFixtures.cmake (run as `cmake -P` scripts by CTest).
#
# Each test writes a tiny project into a fresh directory outside the source tree, configures,
# builds and tests it with real generators, the real `tdm` and a private embedded MariaDB, and
# removes the directory when it passes (it is kept, and named, when the test fails).

foreach(var IN ITEMS TDM_EXECUTABLE TDM_MODULE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run this script with -D${var}=...")
  endif()
endforeach()

# The tiny projects get their connection and policy from their own CMakeLists.txt, not from
# whatever the caller's environment says.
foreach(var IN ITEMS TDM_DATABASE_URL TDM_SERVER_DIR TDM_DATABASE TDM_MODE TDM_STRICT TDM_MAX_AGE TDM_CAPTURE
                     TDM_CAPTURE_ON_SUCCESS TEST_DATA_MODE SNAPSHOT_MAX_AGE CAPTURE_SNAPSHOT
                     CAPTURE_SNAPSHOT_ON_SUCCESS TDM_ENTITIES DATABASE_URL TDM_RUN_ID)
  unset(ENV{${var}})
endforeach()

# tdm_test_workdir(<var> <label>): a new directory below $TMPDIR (/tmp), short enough for the
# embedded server's unix socket path.
function(tdm_test_workdir out_var label)
  set(tmp "$ENV{TMPDIR}")
  if(NOT tmp)
    set(tmp /tmp)
  endif()
  string(RANDOM LENGTH 8 ALPHABET abcdefghijklmnopqrstuvwxyz0123456789 suffix)
  set(dir "${tmp}/tdm-${label}-${suffix}")
  file(REMOVE_RECURSE "${dir}")
  file(MAKE_DIRECTORY "${dir}")
  set(${out_var} "${dir}" PARENT_SCOPE)
  set_property(GLOBAL PROPERTY TDM_TEST_WORKDIR "${dir}")
endfunction()

# tdm_test_fail(<message>...): stops the test, keeps its directory for a look.
function(tdm_test_fail)
  get_property(dir GLOBAL PROPERTY TDM_TEST_WORKDIR)
  get_property(server_dirs GLOBAL PROPERTY TDM_TEST_SERVER_DIRS)
  foreach(server_dir IN LISTS server_dirs)
    execute_process(COMMAND "${TDM_EXECUTABLE}" server stop --dir "${server_dir}"
                    OUTPUT_QUIET ERROR_QUIET)
  endforeach()
  string(JOIN "" text ${ARGN})
  message(FATAL_ERROR "FAILED: ${text}\n(the test's files are kept in ${dir})")
endfunction()

# tdm_test_done(): stops the servers it started and removes the test's directory.
function(tdm_test_done)
  get_property(dir GLOBAL PROPERTY TDM_TEST_WORKDIR)
  get_property(server_dirs GLOBAL PROPERTY TDM_TEST_SERVER_DIRS)
  foreach(server_dir IN LISTS server_dirs)
    execute_process(COMMAND "${TDM_EXECUTABLE}" server status --dir "${server_dir}"
                    RESULT_VARIABLE not_running OUTPUT_QUIET ERROR_QUIET)
    if(NOT not_running)
      execute_process(COMMAND "${TDM_EXECUTABLE}" server stop --dir "${server_dir}"
                      OUTPUT_QUIET ERROR_QUIET)
    endif()
  endforeach()
  if(dir AND NOT DEFINED ENV{TDM_TEST_KEEP})
    file(REMOVE_RECURSE "${dir}")
  endif()
endfunction()

# tdm_test_server_dir(<dir>): a server dir to stop when the test ends, however it ends.
function(tdm_test_server_dir dir)
  set_property(GLOBAL APPEND PROPERTY TDM_TEST_SERVER_DIRS "${dir}")
endfunction()

# tdm_test_run(<what> [EXPECT_FAILURE] [OUTPUT <var>] COMMAND <cmd>...): runs a command, echoes
# its output, and fails the test when its exit code is not the expected one.
function(tdm_test_run what)
  cmake_parse_arguments(PARSE_ARGV 1 arg "EXPECT_FAILURE" "OUTPUT;WORKING_DIRECTORY" "COMMAND")
  set(wd_args "")
  if(arg_WORKING_DIRECTORY)
    set(wd_args WORKING_DIRECTORY "${arg_WORKING_DIRECTORY}")
  endif()
  message(STATUS "[${what}] ${arg_COMMAND}")
  execute_process(COMMAND ${arg_COMMAND} ${wd_args} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                  ERROR_VARIABLE out)
  message("${out}")
  if(arg_EXPECT_FAILURE)
    if(rc EQUAL 0)
      tdm_test_fail("${what}: expected a failure, but it succeeded")
    endif()
  elseif(NOT rc EQUAL 0)
    tdm_test_fail("${what}: exit code ${rc}, expected 0")
  endif()
  if(arg_OUTPUT)
    set(${arg_OUTPUT} "${out}" PARENT_SCOPE)
  endif()
endfunction()

# tdm_test_start_external_server(<dir>): starts an embedded server in <dir> to serve as an
# external one, and points TDM_DATABASE_URL at it.
function(tdm_test_start_external_server dir)
  tdm_test_run("start the external server" OUTPUT started
               COMMAND "${TDM_EXECUTABLE}" server start --dir "${dir}")
  if(NOT started MATCHES "TDM_DATABASE_URL=([^\n]+)")
    tdm_test_fail("tdm server start printed no TDM_DATABASE_URL=...")
  endif()
  set(ENV{TDM_DATABASE_URL} "${CMAKE_MATCH_1}")
endfunction()

# tdm_test_expect_eq(<what> <actual> <expected>)
function(tdm_test_expect_eq what actual expected)
  if(NOT "${actual}" STREQUAL "${expected}")
    tdm_test_fail("${what}: got '${actual}', expected '${expected}'")
  endif()
  message(STATUS "ok: ${what} = ${expected}")
endfunction()

# tdm_test_count_lines(<var> <file>): lines in <file> (0 when it does not exist).
function(tdm_test_count_lines out_var file)
  set(count 0)
  if(EXISTS "${file}")
    file(STRINGS "${file}" lines)
    list(LENGTH lines count)
  endif()
  set(${out_var} ${count} PARENT_SCOPE)
endfunction()

# tdm_test_listing(<var> <dir>): "name size mtime" of every file below <dir>, to see whether a
# step wrote anything there.
function(tdm_test_listing out_var dir)
  set(listing "")
  if(IS_DIRECTORY "${dir}")
    file(GLOB_RECURSE files LIST_DIRECTORIES false "${dir}/*")
    list(SORT files)
    foreach(file IN LISTS files)
      file(SIZE "${file}" size)
      file(TIMESTAMP "${file}" mtime "%Y-%m-%dT%H:%M:%S.%f")
      list(APPEND listing "${file} ${size} ${mtime}")
    endforeach()
  endif()
  set(${out_var} "${listing}" PARENT_SCOPE)
endfunction()

# tdm_test_sleep_for_mtime(): file systems with coarse timestamps need a pause between a build and
# an edit for the edit to look newer.
function(tdm_test_sleep_for_mtime)
  execute_process(COMMAND "${CMAKE_COMMAND}" -E sleep 1.1)
endfunction()
