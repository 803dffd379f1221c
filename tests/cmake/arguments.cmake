# Argument checking of TDMFixtures.cmake: each call below must stop configuration with a message
# that names the argument and the fix; a correct call must configure and create the targets
# and tests. Needs no server (nothing is built or run).
#
#   cmake -DTDM_EXECUTABLE=<tdm> -DTDM_MODULE=<TDMFixtures.cmake> -P arguments.cmake
cmake_minimum_required(VERSION 3.25)
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

tdm_test_workdir(work "arguments")
file(WRITE "${work}/src/sql/001.sql" "CREATE TABLE t (id INT);\n")
file(WRITE "${work}/src/e2e/playwright.config.js" "export default { testDir: 'specs' };\n")
file(WRITE "${work}/src/e2e/specs/01-home.spec.js" "\n")
file(WRITE "${work}/src/e2e/specs/admin/users.spec.ts" "\n")
set(count 0)

# configure(<expected message regex | OK> <body>): configures a project whose CMakeLists.txt
# includes the module and then has <body>.
function(configure expected body)
  math(EXPR n "${count} + 1")
  set(count ${n} PARENT_SCOPE)
  set(src "${work}/src")
  file(WRITE "${src}/CMakeLists.txt" "
cmake_minimum_required(VERSION 3.25)
project(arguments NONE)
include(\"${TDM_MODULE}\")
enable_testing()
${body}
")
  file(REMOVE_RECURSE "${work}/build")
  execute_process(
    COMMAND "${CMAKE_COMMAND}" -S "${src}" -B "${work}/build" -G Ninja
            "-DTDM_EXECUTABLE=${TDM_EXECUTABLE}" -DTDM_NPX_EXECUTABLE=/bin/true
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  string(REGEX REPLACE "[ \n]+" " " flat "${out}")
  if(expected STREQUAL "OK")
    if(NOT rc EQUAL 0)
      tdm_test_fail("case ${n}: configuration failed:\n${body}\n${out}")
    endif()
  elseif(rc EQUAL 0)
    tdm_test_fail("case ${n}: configuration succeeded, expected an error matching "
                  "'${expected}':\n${body}")
  elseif(NOT flat MATCHES "${expected}")
    tdm_test_fail("case ${n}: the error does not match '${expected}':\n${body}\n${out}")
  endif()
  message(STATUS "ok: case ${n}: ${expected}")
endfunction()

set(ok_snapshot "tdm_add_snapshot(demo SQL_DIRS sql)")
file(WRITE "${work}/src/tiers/minimal/001.sql" "CREATE TABLE t (id INT);\n")
file(WRITE "${work}/src/tiers/realistic/001.sql" "CREATE TABLE t (id INT);\n")

# Tiers
configure("tdm_add_snapshot\\(demo\\): DEFAULT_TIER 'minimal' given without TIERS"
          "tdm_add_snapshot(demo SQL_DIRS sql DEFAULT_TIER minimal)")
configure("tdm_add_snapshot\\(demo\\): DEFAULT_TIER 'huge' is not one of TIERS \\(minimal;realistic\\)"
          "tdm_add_snapshot(demo SQL_DIRS sql TIERS minimal realistic DEFAULT_TIER huge)")
configure("tdm_add_snapshot\\(demo\\): TIERS entry 'min.imal' is not a tier name"
          "tdm_add_snapshot(demo SQL_DIRS sql TIERS min.imal)")
configure("tdm_add_snapshot\\(demo\\): TIERS names 'minimal' twice"
          "tdm_add_snapshot(demo SQL_DIRS sql TIERS minimal realistic minimal)")
configure("tdm_add_snapshot\\(demo\\): TIERS given without a value"
          "tdm_add_snapshot(demo SQL_DIRS sql TIERS)")
configure("SQL_DIRS entry '.*/tiers/@TIER@' contains @TIER@ but no TIERS are given"
          "tdm_add_snapshot(demo SQL_DIRS tiers/@TIER@)")
configure("SQL_DIRS entry '.*/tiers/@TIER@' is not a directory for tier 'performance' \\(looked for .*/tiers/performance\\)"
          "tdm_add_snapshot(demo SQL_DIRS tiers/@TIER@ TIERS minimal realistic performance)")
configure("the target snapshot-demo-minimal of tier 'minimal' already exists"
          "add_custom_target(snapshot-demo-minimal)\ntdm_add_snapshot(demo SQL_DIRS sql TIERS minimal)")
# A tier per target, the default one behind snapshot-demo and snapshot; the setup and config get
# the tiers and choose at test time, the build rules name theirs.
configure(OK "tdm_add_snapshot(demo SQL_DIRS tiers/@TIER@ TIERS minimal realistic DEFAULT_TIER realistic)
foreach(target IN ITEMS snapshot-demo-minimal snapshot-demo-realistic snapshot-demo snapshot config-demo)
  if(NOT TARGET \${target})
    message(FATAL_ERROR \"no target \${target}\")
  endif()
endforeach()")
file(READ "${work}/build/CTestTestfile.cmake" ctest_file)
string(FIND "${ctest_file}" "\"--tiers\" \"minimal\" \"realistic\" \"--default-tier\" \"realistic\"" at)
if(at EQUAL -1)
  tdm_test_fail("the setup does not get the tiers:\n${ctest_file}")
endif()
# What `snapshot` would run (ninja -n): the default tier's build, and no other tier's.
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${work}/build" --target snapshot -- -n -v
                OUTPUT_VARIABLE planned ERROR_VARIABLE planned)
if(NOT planned MATCHES "snapshot build [^\n]*--tiers minimal realistic --tier realistic"
   OR planned MATCHES "--tier minimal")
  tdm_test_fail("'snapshot' must build the default tier (realistic) only:\n${planned}")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${work}/build" --target snapshot-demo-minimal -- -n -v
                OUTPUT_VARIABLE planned ERROR_VARIABLE planned)
if(NOT planned MATCHES "--tier minimal" OR NOT planned MATCHES "tiers/minimal")
  tdm_test_fail("snapshot-demo-minimal must build tier minimal from tiers/minimal:\n${planned}")
endif()
message(STATUS "ok: one build target per tier, snapshot builds the default tier")

# tdm_add_snapshot
configure("tdm_add_snapshot\\(demo\\): unknown argument\\(s\\): SQL_DIR"
          "tdm_add_snapshot(demo SQL_DIR sql)")
configure("tdm_add_snapshot\\(demo\\): no seed given: add SEED_COMMAND"
          "tdm_add_snapshot(demo INPUTS sql)")
configure("tdm_add_snapshot\\(demo\\): both SEED_COMMAND and SQL_DIRS given"
          "tdm_add_snapshot(demo INPUTS sql SQL_DIRS sql SEED_COMMAND true)")
configure("tdm_add_snapshot\\(demo\\): no INPUTS given"
          "tdm_add_snapshot(demo SEED_COMMAND npm run seed)")
configure("INPUTS entry 'missing' does not exist"
          "tdm_add_snapshot(demo INPUTS sql missing SEED_COMMAND true)")
configure("tdm_add_snapshot\\(demo\\): MODE 'FAST' is not one of AUTO, DYNAMIC, SNAPSHOT"
          "tdm_add_snapshot(demo SQL_DIRS sql MODE FAST)")
configure("tdm_add_snapshot\\(demo\\): MAX_AGE '7 days' is not a duration"
          "tdm_add_snapshot(demo SQL_DIRS sql MAX_AGE \"7 days\")")
configure("tdm_add_snapshot\\(demo\\): SEED_TIMEOUT '1 hour' is not a duration of at least one second"
          "tdm_add_snapshot(demo SQL_DIRS sql SEED_TIMEOUT \"1 hour\")")
configure("tdm_add_snapshot\\(demo\\): SEED_TIMEOUT '0' is not a duration of at least one second"
          "tdm_add_snapshot(demo SQL_DIRS sql SEED_TIMEOUT 0)")
configure("tdm_add_snapshot\\(demo\\): SEED_TIMEOUT '-5m' is not a duration"
          "tdm_add_snapshot(demo SQL_DIRS sql SEED_TIMEOUT -5m)")
configure("tdm_add_snapshot\\(demo\\): SEED_TIMEOUT given without a value"
          "tdm_add_snapshot(demo SQL_DIRS sql SEED_TIMEOUT)")
configure("tdm_add_snapshot\\(demo\\): REMOTE_STORAGE entry 'ftp://cache/x' is not file:///dir"
          "tdm_add_snapshot(demo SQL_DIRS sql REMOTE_STORAGE ftp://cache/x)")
configure("tdm_add_snapshot\\(demo\\): REMOTE_STORAGE entry carries a user, password or query"
          "tdm_add_snapshot(demo SQL_DIRS sql REMOTE_STORAGE http://ci:hunter2@cache/tdm)")
configure("tdm_add_snapshot\\(demo\\): REMOTE_STORAGE given without a value"
          "tdm_add_snapshot(demo SQL_DIRS sql REMOTE_STORAGE)")
configure("tdm_add_snapshot\\(demo\\): SEED '-3' is not an integer from 0 to 9007199254740991"
          "tdm_add_snapshot(demo SQL_DIRS sql SEED -3)")
configure("tdm_add_snapshot\\(demo\\): SEED '9007199254740992' is not an integer from 0 to"
          "tdm_add_snapshot(demo SQL_DIRS sql SEED 9007199254740992)")
configure("tdm_add_snapshot\\(demo\\): SEED given without a value"
          "tdm_add_snapshot(demo SQL_DIRS sql SEED)")
file(WRITE "${work}/src/golden-file" "")
configure("tdm_add_snapshot\\(demo\\): IGNORE entry 'a.b.c' is not <table> or <table>.<column>"
          "tdm_add_snapshot(demo SQL_DIRS sql IGNORE a.b.c)")
configure("tdm_add_snapshot\\(demo\\): GOLDEN 'golden-file' is a file"
          "tdm_add_snapshot(demo SQL_DIRS sql GOLDEN golden-file)")
configure("tdm_add_snapshot\\(demo\\): SERVER 'REMOTE' is not EMBEDDED or EXTERNAL"
          "tdm_add_snapshot(demo SQL_DIRS sql SERVER REMOTE)")
configure("tdm_add_snapshot\\(demo\\): VERSION '1.0' is not a semantic version"
          "tdm_add_snapshot(demo SQL_DIRS sql VERSION 1.0)")
configure("tdm_add_snapshot\\(demo\\): ENTITIES entry 'organizations' is not <table>:<key column>"
          "tdm_add_snapshot(demo SQL_DIRS sql ENTITIES organizations)")
configure("tdm_add_snapshot\\(demo\\): DATABASE given without a value"
          "tdm_add_snapshot(demo SQL_DIRS sql DATABASE)")
configure("tdm_add_snapshot\\(demo\\): the database name '[a]+_test' is 49 characters long; tdm allows at most 48"
          "tdm_add_snapshot(demo SQL_DIRS sql DATABASE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_test)")
configure("tdm_add_snapshot\\(demo\\): RUN_ID 'CI-7' is not a run id: use at most 20 lowercase letters and digits, joined by single '_'"
          "tdm_add_snapshot(demo SQL_DIRS sql RUN_ID CI-7)")
configure("tdm_add_snapshot\\(demo\\): RUN_ID 'a__s1' is not a run id"
          "tdm_add_snapshot(demo SQL_DIRS sql RUN_ID a__s1)")
configure("tdm_add_snapshot\\(demo\\): RUN_ID '123456789012345678901' is not a run id"
          "tdm_add_snapshot(demo SQL_DIRS sql RUN_ID 123456789012345678901)")
configure("tdm_add_snapshot\\(demo\\): the database name '[a]+_test_ci_7' \\(DATABASE and RUN_ID\\) is 49 characters long; tdm allows at most 48"
          "tdm_add_snapshot(demo SQL_DIRS sql DATABASE aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_test RUN_ID ci_7)")
configure("tdm_add_snapshot\\(bad/name\\): invalid name 'bad/name'"
          "tdm_add_snapshot(bad/name SQL_DIRS sql)")
configure("a snapshot named 'demo' is already defined"
          "${ok_snapshot}\n${ok_snapshot}")
configure("tdm_add_snapshot\\(demo\\): no tdm executable: there is no TDM::tdm target"
          "set(TDM_EXECUTABLE \"\" CACHE FILEPATH \"\" FORCE)\n${ok_snapshot}")

# tdm_add_test
configure("tdm_add_test\\(t\\): FIXTURE 'nope' is not defined: call tdm_add_snapshot\\(nope"
          "tdm_add_test(t FIXTURE nope COMMAND true)")
configure("tdm_add_test\\(t\\): FIXTURE is required"
          "${ok_snapshot}\ntdm_add_test(t COMMAND true)")
configure("tdm_add_test\\(t\\): COMMAND is required"
          "${ok_snapshot}\ntdm_add_test(t FIXTURE demo)")
configure("tdm_add_test\\(t\\): unknown argument\\(s\\): LABEL"
          "${ok_snapshot}\ntdm_add_test(t FIXTURE demo LABEL x COMMAND true)")

# tdm_add_playwright_tests
configure("tdm_add_playwright_tests\\(e2e\\): CONFIG is required"
          "${ok_snapshot}\ntdm_add_playwright_tests(e2e FIXTURE demo)")
configure("tdm_add_playwright_tests\\(e2e\\): CONFIG 'nope.config.js' is not a file"
          "${ok_snapshot}\ntdm_add_playwright_tests(e2e FIXTURE demo CONFIG nope.config.js)")
file(WRITE "${work}/src/e2e/report.spec.js" "\n")
configure("tdm_add_playwright_tests\\(e2e\\): the spec file .*/e2e/report.spec.js makes the test name 'e2e.report', which the merged report's tests have: rename the spec file"
          "${ok_snapshot}\ntdm_add_playwright_tests(e2e FIXTURE demo CONFIG e2e/playwright.config.js SPECS e2e/report.spec.js)")
foreach(shards IN ITEMS 0 -2 two 1.5 " ")
  configure("tdm_add_playwright_tests\\(e2e\\): SHARDS '${shards}' is not a positive integer: give the number of CI runners the spec files are spread over, e.g. SHARDS 4\\."
            "${ok_snapshot}\ntdm_add_playwright_tests(e2e FIXTURE demo CONFIG e2e/playwright.config.js SHARDS \"${shards}\")")
endforeach()
configure("tdm_add_playwright_tests\\(e2e\\): SHARDS given without a value"
          "${ok_snapshot}\ntdm_add_playwright_tests(e2e FIXTURE demo CONFIG e2e/playwright.config.js SHARDS)")
configure("tdm_add_playwright_tests\\(e2e\\): SPECS entry '.*/gone.spec.js' does not exist"
          "${ok_snapshot}\ntdm_add_playwright_tests(e2e FIXTURE demo CONFIG e2e/playwright.config.js SPECS e2e/gone.spec.js)")

# tdm_add_migration_check
set(versioned "tdm_add_snapshot(demo SQL_DIRS sql VERSION 1.2.3)")
configure("tdm_add_migration_check\\(nope\\): there is no snapshot named 'nope'"
          "${versioned}\ntdm_add_migration_check(nope FROM_VERSION 1.0.0 MIGRATE_COMMAND true)")
configure("tdm_add_migration_check\\(demo\\): FROM_VERSION is required"
          "${versioned}\ntdm_add_migration_check(demo MIGRATE_COMMAND true)")
configure("tdm_add_migration_check\\(demo\\): FROM_VERSION '1.0' is not a semantic version"
          "${versioned}\ntdm_add_migration_check(demo FROM_VERSION 1.0 MIGRATE_COMMAND true)")
configure("tdm_add_migration_check\\(demo\\): MIGRATE_COMMAND is required"
          "${versioned}\ntdm_add_migration_check(demo FROM_VERSION 1.0.0 ROLLBACK_COMMAND true)")
configure("tdm_add_migration_check\\(demo\\): tdm_add_snapshot\\(demo\\) has no VERSION"
          "${ok_snapshot}\ntdm_add_migration_check(demo FROM_VERSION 1.0.0 MIGRATE_COMMAND true)")
configure("tdm_add_migration_check\\(demo\\): FROM_VERSION 1.2.3 is the current VERSION of demo"
          "${versioned}\ntdm_add_migration_check(demo FROM_VERSION 1.2.3 MIGRATE_COMMAND true)")
configure("tdm_add_migration_check\\(demo\\): TIER 'minimal' given, but tdm_add_snapshot\\(demo\\) has no TIERS"
          "${versioned}\ntdm_add_migration_check(demo FROM_VERSION 1.0.0 TIER minimal MIGRATE_COMMAND true)")
configure("tdm_add_migration_check\\(demo\\): TIER 'huge' is not one of the TIERS of demo \\(minimal;realistic\\)"
          "tdm_add_snapshot(demo SQL_DIRS sql VERSION 1.2.3 TIERS minimal realistic)\ntdm_add_migration_check(demo FROM_VERSION 1.0.0 TIER huge MIGRATE_COMMAND true)")
configure("tdm_add_migration_check\\(demo\\): unknown argument\\(s\\): FROM"
          "${versioned}\ntdm_add_migration_check(demo FROM 1.0.0 MIGRATE_COMMAND true)")
# The servers a test slot owns: each argument checked, with one message each.
set(ok_e2e "${ok_snapshot}\ntdm_add_playwright_tests(e2e FIXTURE demo CONFIG e2e/playwright.config.js")
configure("tdm_add_playwright_tests\\(e2e\\): APP_PORT_VARIABLE given without APP_COMMAND: add APP_COMMAND"
          "${ok_e2e} APP_PORT_VARIABLE PORT)")
configure("tdm_add_playwright_tests\\(e2e\\): APP_HEALTH_PATH given without APP_COMMAND: add APP_COMMAND"
          "${ok_e2e} APP_HEALTH_PATH /health BROWSER_SERVER)")
configure("tdm_add_playwright_tests\\(e2e\\): APP_COMMAND needs APP_PORT_VARIABLE <variable>: the environment variable the app reads its port from"
          "${ok_e2e} APP_COMMAND node server.js APP_HEALTH_PATH /health)")
configure("tdm_add_playwright_tests\\(e2e\\): APP_PORT_VARIABLE '1PORT' is not an environment variable name"
          "${ok_e2e} APP_COMMAND node server.js APP_PORT_VARIABLE 1PORT APP_HEALTH_PATH /health)")
configure("tdm_add_playwright_tests\\(e2e\\): APP_COMMAND needs APP_HEALTH_PATH <path>: a path of the app whose answer names the database it uses"
          "${ok_e2e} APP_COMMAND node server.js APP_PORT_VARIABLE PORT)")
configure("tdm_add_playwright_tests\\(e2e\\): APP_HEALTH_PATH 'health' is not a URL path: start it with '/'"
          "${ok_e2e} APP_COMMAND node server.js APP_PORT_VARIABLE PORT APP_HEALTH_PATH health)")
configure("tdm_add_playwright_tests\\(e2e\\): APP_COMMAND given without a value"
          "${ok_e2e} APP_COMMAND APP_PORT_VARIABLE PORT APP_HEALTH_PATH /health)")
configure("tdm_add_playwright_tests\\(e2e\\): TDM_PLAYWRIGHT_APP_SLOTS '0' is not a number from 1 to 256"
          "set(TDM_PLAYWRIGHT_APP_SLOTS 0)\n${ok_e2e} APP_COMMAND node server.js APP_PORT_VARIABLE PORT APP_HEALTH_PATH /health)")
configure("tdm_add_playwright_tests\\(e2e\\): BROWSER_SERVER needs Node.js, and node was not found"
          "set(ENV{PATH} /nonexistent)\nset(CMAKE_FIND_USE_CMAKE_SYSTEM_PATH FALSE)\n${ok_e2e} BROWSER_SERVER)")

# A correct project: the targets and tests exist, with the properties the module promises.
configure(OK "
tdm_add_snapshot(demo SQL_DIRS sql VERSION 1.2.3 ENTITIES t:id MODE snapshot MAX_AGE 12h
                 SEED_TIMEOUT 90m SEED 1234 CHECK_DETERMINISM SPARE GOLDEN golden
                 IGNORE log log_runs.at)
tdm_add_snapshot(other-db SQL_DIRS sql SERVER EXTERNAL RUN_ID ci_7)
tdm_add_test(check FIXTURE demo COMMAND true)
tdm_add_migration_check(demo FROM_VERSION 1.0.0 FROM_EXPORT fixtures/demo-1.0.0.sql
                        MIGRATE_COMMAND sh migrate.sh ROLLBACK_COMMAND sh rollback.sh)
tdm_add_playwright_tests(e2e FIXTURE demo CONFIG e2e/playwright.config.js)
foreach(target IN ITEMS snapshot snapshot-demo snapshot-other-db)
  if(NOT TARGET \${target})
    message(FATAL_ERROR \"missing target \${target}\")
  endif()
endforeach()
function(expect test property expected)
  get_test_property(\${test} \${property} actual)
  if(NOT \"\${actual}\" STREQUAL \"\${expected}\")
    message(FATAL_ERROR \"\${test} \${property}: '\${actual}', expected '\${expected}'\")
  endif()
endfunction()
expect(tdm.server-start FIXTURES_SETUP tdm.server)
expect(tdm.server-stop FIXTURES_CLEANUP tdm.server)
expect(demo.setup FIXTURES_SETUP demo)
expect(demo.setup FIXTURES_REQUIRED tdm.server)
expect(demo.cleanup FIXTURES_CLEANUP demo)
expect(demo.setup TIMEOUT 7200)
expect(demo.determinism LABELS data)
expect(demo.determinism TIMEOUT 11400)
expect(demo.determinism FIXTURES_REQUIRED tdm.server)
expect(demo.golden LABELS data)
expect(demo.golden FIXTURES_REQUIRED \"demo;tdm.server\")
if(NOT TARGET golden-demo)
  message(FATAL_ERROR \"missing target golden-demo\")
endif()
expect(other-db.setup TIMEOUT 5400)
expect(other-db.setup FIXTURES_REQUIRED NOTFOUND)
expect(check FIXTURES_REQUIRED \"demo;tdm.server\")
expect(check LABELS e2e)
expect(e2e.01-home LABELS e2e)
expect(e2e.01-home TIMEOUT 300)
expect(e2e.01-home ENVIRONMENT \"E2E_OUTPUT_DIR=\${CMAKE_BINARY_DIR}/e2e-results/e2e.01-home;PLAYWRIGHT_JUNIT_OUTPUT_NAME=\${CMAKE_BINARY_DIR}/e2e-results/e2e.01-home/junit.xml;PLAYWRIGHT_BLOB_OUTPUT_FILE=\${CMAKE_BINARY_DIR}/e2e-report/e2e/blobs/e2e.01-home.zip;E2E_PORT=4100;NODE_COMPILE_CACHE=\${CMAKE_BINARY_DIR}/tdm/node-compile-cache\")
expect(e2e.admin.users ENVIRONMENT \"E2E_OUTPUT_DIR=\${CMAKE_BINARY_DIR}/e2e-results/e2e.admin.users;PLAYWRIGHT_JUNIT_OUTPUT_NAME=\${CMAKE_BINARY_DIR}/e2e-results/e2e.admin.users/junit.xml;PLAYWRIGHT_BLOB_OUTPUT_FILE=\${CMAKE_BINARY_DIR}/e2e-report/e2e/blobs/e2e.admin.users.zip;E2E_PORT=4101;NODE_COMPILE_CACHE=\${CMAKE_BINARY_DIR}/tdm/node-compile-cache\")
# One report for the suite: the fixture e2e.report, set up first, cleaned up (merged) last.
expect(e2e.01-home FIXTURES_REQUIRED \"demo;tdm.server;e2e.report\")
expect(e2e.admin.users FIXTURES_REQUIRED \"demo;tdm.server;e2e.report\")
expect(e2e.report-start FIXTURES_SETUP e2e.report)
expect(e2e.report FIXTURES_CLEANUP e2e.report)
expect(e2e.report-start FIXTURES_REQUIRED NOTFOUND)
expect(e2e.report FIXTURES_REQUIRED NOTFOUND)
expect(e2e.report-start LABELS e2e)
expect(e2e.report LABELS e2e)
expect(e2e.report WORKING_DIRECTORY \${CMAKE_CURRENT_SOURCE_DIR}/e2e)
tdm_add_playwright_tests(e2e-fast FIXTURE demo CONFIG e2e/playwright.config.js LABELS fast
                         SPECS e2e/specs/01-home.spec.js)
expect(e2e-fast.report-start LABELS fast)
expect(e2e-fast.report LABELS fast)
expect(e2e-fast.01-home FIXTURES_REQUIRED \"demo;tdm.server;e2e-fast.report\")
expect(e2e.admin.users WORKING_DIRECTORY \${CMAKE_CURRENT_SOURCE_DIR}/e2e)
expect(demo.migration.1.0.0.prepare FIXTURES_SETUP demo.migration.1.0.0)
expect(demo.migration.1.0.0.prepare LABELS migration)
expect(demo.migration.1.0.0.forward FIXTURES_REQUIRED \"demo.migration.1.0.0;tdm.server;demo\")
foreach(step IN ITEMS preservation idempotency rollback)
  expect(demo.migration.1.0.0.\${step} FIXTURES_REQUIRED \"demo.migration.1.0.0;tdm.server\")
  expect(demo.migration.1.0.0.\${step} LABELS migration)
endforeach()
# Slot servers: the app ports are set aside before the suite's test ports.
set(TDM_PLAYWRIGHT_APP_SLOTS 4)
tdm_add_playwright_tests(e2e-served FIXTURE demo CONFIG e2e/playwright.config.js
                         SPECS e2e/specs/01-home.spec.js
                         APP_COMMAND node \"server.js\" APP_PORT_VARIABLE PORT APP_HEALTH_PATH /health
                         BROWSER_SERVER)
get_test_property(e2e-served.01-home ENVIRONMENT environment)
if(NOT environment MATCHES \"E2E_PORT=4107;\")
  message(FATAL_ERROR \"e2e-served.01-home ENVIRONMENT: '\${environment}', expected E2E_PORT=4107\")
endif()
")
cmake_path(REPLACE_FILENAME TDM_MODULE TDMPlaywrightReport.cmake OUTPUT_VARIABLE report_script)
# The generated commands: the setup passes the policy and entities, the tests go through tdm run.
file(READ "${work}/build/CTestTestfile.cmake" ctest_file)
foreach(expected IN ITEMS
    "\"bootstrap\" \"--name\" \"demo\" \"--version\" \"1.2.3\""
    "\"--mode\" \"SNAPSHOT\" \"--max-age\" \"12h\" \"--policy-from-cmake\" \"--fixture-file\""
    "\"--entities\" \"t:id\""
    "\"--seed-timeout\" \"90m\" \"--seed\" \"1234\" \"--working-directory\""
    "\"--database\" \"other_db_test\""
    "\"--fixture-file\" \"${work}/build/tdm/other-db.fixture.json\" \"--run-id\" \"ci_7\""
    "\"golden\" \"check\" \"--name\" \"demo\" \"--fixture-file\" \"${work}/build/tdm/demo.fixture.json\" \"--baseline-dir\" \"${work}/src/golden\" \"--report-dir\" \"${work}/build/tdm/golden/demo\" \"--database\" \"demo_test\" \"--ignore\" \"log\" \"--ignore\" \"log_runs.at\""
    "\"seed\" \"--check-determinism\" \"--database\" \"demo_test\" \"--server-dir\" \"${work}/build/tdm-server\" \"--seed-timeout\" \"90m\" \"--seed\" \"1234\" \"--ignore\" \"log\" \"--ignore\" \"log_runs.at\" \"--sql-dir\" \"${work}/src/sql\")"
    "\"migration\" \"prepare\" \"--name\" \"demo\" \"--from\" \"1.0.0\" \"--dir\" \"${work}/src/snapshots\" \"--database\" \"demo_test\" \"--server-dir\" \"${work}/build/tdm-server\" \"--from-export\" \"${work}/src/fixtures/demo-1.0.0.sql\")"
    "\"--step\" \"forward\" \"--fixture-file\" \"${work}/build/tdm/demo.fixture.json\" \"--version\" \"1.2.3\" \"--working-directory\" \"${work}/src\" \"--ignore\" \"log\" \"--ignore\" \"log_runs.at\" \"--\" \"sh\" \"migrate.sh\" \"--rollback-command\" \"sh\" \"rollback.sh\")"
    "\"run\" \"--fixture-file\" \"${work}/build/tdm/demo.fixture.json\" \"--test-name\" \"check\" \"--server-dir\" \"${work}/build/tdm-server\" \"--\" \"true\""
    "\"playwright\" \"test\" \"specs/01-home.spec.js\" \"--config\" \"${work}/src/e2e/playwright.config.js\""
    "\"--test-name\" \"e2e-served.01-home\" \"--server-dir\" \"${work}/build/tdm-server\" \"--daemons\" \"${work}/build/tdm/e2e-served.servers.json\" \"--\""
    "add_test([=[e2e.report-start]=] \"${CMAKE_COMMAND}\" \"-DTDM_REPORT_SETTINGS=${work}/build/tdm/e2e.report.cmake\" \"-DTDM_REPORT_STEP=start\" \"-P\" \"${report_script}\")"
    "add_test([=[e2e.report]=] \"${CMAKE_COMMAND}\" \"-DTDM_REPORT_SETTINGS=${work}/build/tdm/e2e.report.cmake\" \"-DTDM_REPORT_STEP=merge\" \"-P\" \"${report_script}\")")
  string(FIND "${ctest_file}" "${expected}" at)
  if(at EQUAL -1)
    tdm_test_fail("CTestTestfile.cmake lacks ${expected}:\n${ctest_file}")
  endif()
endforeach()
message(STATUS "ok: the generated test commands")
# The settings tdm run --daemons reads: the app (ports 4103..4106, after the three test ports
# of the suites before it) and the browser server, run with the config.
file(READ "${work}/build/tdm/e2e-served.servers.json" servers)
string(JSON app_port_base GET "${servers}" app port_base)
string(JSON app_ports GET "${servers}" app ports)
string(JSON app_command GET "${servers}" app command)
string(JSON browser_config GET "${servers}" browser 2)
string(JSON suite GET "${servers}" suite)
if(NOT app_port_base EQUAL 4103 OR NOT app_ports EQUAL 4 OR NOT suite STREQUAL "e2e-served"
   OR NOT app_command MATCHES "\\[ *\"node\" *, *\"server.js\" *\\]"
   OR NOT browser_config STREQUAL "${work}/src/e2e/playwright.config.js")
  tdm_test_fail("e2e-served.servers.json is not as expected:\n${servers}")
endif()
message(STATUS "ok: the slot server settings")

tdm_test_done()
message(STATUS "arguments: ${count} cases as expected")
