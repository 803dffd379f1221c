# TDM: test-data fixtures for CMake/CTest on MariaDB.

#[=======================================================================[.rst:
TDMFixtures
-----------

Database snapshots as build targets and CTest fixtures, for tests (Playwright
suites or any other command) that need a seeded MariaDB/MySQL database.

The module is usable three ways:

* ``include(cmake/TDMFixtures.cmake)`` inside the TDM repository,
* ``add_subdirectory()`` or :module:`FetchContent` of the TDM repository
  (its own tests and demo suite are then off: ``TDM_BUILD_TESTS`` and
  ``TDM_BUILD_E2E`` default to ``ON`` only when TDM is the top-level project),
* ``find_package(TDM CONFIG REQUIRED)`` after ``cmake --install`` of TDM
  (point :variable:`CMAKE_PREFIX_PATH` at the install prefix).

It defines four commands:

* :command:`tdm_add_snapshot` -- a snapshot build target and a CTest fixture,
* :command:`tdm_add_test` -- a test that runs against its own copy of a fixture,
* :command:`tdm_add_playwright_tests` -- one such test per Playwright spec file,
* :command:`tdm_add_migration_check` -- tests that migrate an older version's snapshot.

.. code-block:: cmake

  find_package(TDM CONFIG REQUIRED)
  tdm_add_snapshot(app
    INPUTS database/migrations database/seeders database/factories
    SEED_COMMAND php artisan migrate:fresh --seed
    VERSION 1.0.0
    ENTITIES organizations:slug roles:name)
  tdm_add_playwright_tests(app-e2e FIXTURE app CONFIG e2e/playwright.config.js)

.. code-block:: console

  $ cmake --build build --target snapshot   # re-seeds and captures only if the inputs changed
  $ ctest --test-dir build -L e2e -j 2       # setup -> one test per spec -> cleanup

The ``tdm`` executable
^^^^^^^^^^^^^^^^^^^^^^

Every build rule and test runs the ``tdm`` command line tool.  The module uses,
in this order:

``TDM_EXECUTABLE``
  Cache variable: the path of a ``tdm`` to use instead of the target below.
``TDM::tdm``
  The executable target: the ``tdm`` target of the TDM source tree when TDM is
  part of the build (an ALIAS; it is built before anything runs it), or the
  imported target of ``find_package(TDM)``.

The database server
^^^^^^^^^^^^^^^^^^^

``SERVER EMBEDDED`` (the default) gives each build tree a private MariaDB in
``${CMAKE_BINARY_DIR}/tdm-server`` (datadir, unix socket, log): started for one
command when a build rule needs it, and kept running during a CTest run by the
fixture ``tdm.server`` (tests ``tdm.server-start`` and ``tdm.server-stop``,
shared by every embedded snapshot of the build tree; the cleanup stops the server
only when the setup started it, so one started by hand keeps running).  It needs the
``mariadbd`` and ``mariadb-install-db`` programs of the system's MariaDB
packages, but no running system server.

``SERVER EXTERNAL`` uses an existing server: the connection comes from the
environment at build and test time (``TDM_DATABASE_URL`` such as
``mysql://user@host:3306`` or ``mysql://user@localhost/?socket=/path``, else
the standard MySQL client variables and option files; a password only through
``MYSQL_PWD`` or an option file).

Parallel tests
^^^^^^^^^^^^^^

Each test registered by :command:`tdm_add_test` or
:command:`tdm_add_playwright_tests` runs under ``tdm run``, which claims a test
database no running test holds, ``<DATABASE>__s1``, ``<DATABASE>__s2``, ...,
and brings it to the fixture state just before the test starts: in full the
first time, afterwards by undoing only what the previous test there changed.
Tests of the same fixture therefore never share a database, and ``ctest -j N``
needs nothing more: no :prop_test:`RESOURCE_LOCK` serialising them, and no
:prop_test:`RESOURCE_GROUPS` with a resource specification file handed to
``ctest --resource-spec-file``.  This is TDM's equivalent of resource groups:
a test claims a free database (one per test running at once) when it starts,
so there is nothing to allocate beforehand.  A test that must use the fixture database
itself passes ``SHARED`` (and then should not run in parallel with the others:
give those tests a common :prop_test:`RESOURCE_LOCK`).

The cleanup test drops the per-test databases that no running test holds (a
test holds its database's lock, ``tdm:<database>``, on the server, so a cleanup
never pulls one from under a test of another build tree on the same server);
with ``CAPTURE_ON_SUCCESS`` (or ``TDM_CAPTURE_ON_SUCCESS=1`` in the environment
of ``ctest``) it also captures a snapshot when every test of the fixture passed.

Several runs on one server
^^^^^^^^^^^^^^^^^^^^^^^^^^

Build trees or CI runners that share one ``SERVER EXTERNAL`` give each run an
id: ``TDM_RUN_ID`` in the environment of the build and of ``ctest`` (e.g. the
CI job's id and shard, ``TDM_RUN_ID=${GITHUB_RUN_ID}_1``), or ``RUN_ID`` of
:command:`tdm_add_snapshot`.  Every database the fixture makes is then the
run's own, ``<DATABASE>_<run id>``: the fixture database, its per-test copies
``<DATABASE>_<run id>__s<N>`` and the scratch databases of the determinism and
golden checks; the fixture state records the run id, and the cleanup test also
drops the run's fixture database (no later run reuses it) and never touches
another run's.  A run id is at most 20 lowercase letters and digits joined by
single ``_``; ``<DATABASE>_<run id>`` must fit the 48 characters of a
``DATABASE`` and still be a test database (``*_test*`` matches it when
``DATABASE`` does).  Without one, the names are the plain ones.

.. command:: tdm_add_snapshot

  Defines a snapshot: the build targets that (re)build it only when its
  inputs change, and the CTest fixture that brings a database to its state::

    tdm_add_snapshot(<name>
      INPUTS <file|dir|glob>...
      SEED_COMMAND <command> [<arg>...] | SQL_DIRS <dir>...
      [WORKING_DIRECTORY <dir>]
      [DATABASE <database>]
      [VERSION <semver>]
      [TIERS <tier>... [DEFAULT_TIER <tier>]]
      [SNAPSHOT_DIR <dir>]
      [MAX_AGE <duration>]
      [MODE AUTO|DYNAMIC|SNAPSHOT]
      [SEED_TIMEOUT <duration>]
      [SEED <n>]
      [REMOTE_STORAGE <url>...]
      [SERVER EMBEDDED|EXTERNAL]
      [ENTITIES <table>:<key column>[:<value column>]...]
      [STRICT]
      [CAPTURE_ON_SUCCESS]
      [CHECK_DETERMINISM]
      [SPARE]
      [GOLDEN <dir>]
      [IGNORE <table>[.<column>]...]
      [RUN_ID <id>])

  ``<name>``
    Letters, digits, ``_``, ``-`` and ``.``; it names the targets, the tests,
    the fixture and the snapshot files.

  ``INPUTS <file|dir|glob>...``
    What the data model is made of: migrations, seeders, factories, lock
    files.  Their *content* (and paths) is hashed: editing, adding, removing
    or renaming an input file changes the hash, touching one does not.  A
    directory stands for every file below it; a glob may use ``*``, ``?``,
    ``[...]`` within a path component and ``**`` across directories.
    Relative paths are relative to :variable:`CMAKE_CURRENT_SOURCE_DIR`.
    Required with ``SEED_COMMAND``; with ``SQL_DIRS`` it defaults to those
    directories.

  ``SEED_COMMAND <command> [<arg>...]``
    The command that migrates and seeds an empty database, e.g.
    ``npm run seed`` or ``php artisan migrate:fresh --seed``.  It runs in
    ``WORKING_DIRECTORY`` with the connection in its environment:
    ``TDM_DATABASE``, ``TDM_DB_HOST``, ``TDM_DB_PORT``, ``TDM_DB_SOCKET``,
    ``TDM_DB_USER`` and ``DATABASE_URL``, and ``TDM_SEED`` (see ``SEED``).  Put it last, so that none of its
    arguments is taken for one of this command's keywords.

  ``SQL_DIRS <dir>...``
    Instead of ``SEED_COMMAND``: seed by applying the ``*.sql`` files of these
    directories, each in lexical order.  With ``TIERS``, ``@TIER@`` in an entry
    (and in ``INPUTS``) stands for the tier, e.g. ``SQL_DIRS sql/common sql/@TIER@``;
    each tier's directory must exist.

  ``WORKING_DIRECTORY <dir>``
    Where the seed command runs.  Default: :variable:`CMAKE_CURRENT_SOURCE_DIR`.

  ``DATABASE <database>``
    The fixture database.  Default: ``<name>_test`` (``<name>`` made a C
    identifier).  TDM only ever drops or overwrites databases marked as test
    databases (by default, names containing ``_test``).  At most 48 characters,
    so that the per-test copies ``<DATABASE>__s<N>`` fit MariaDB's 64.

  ``VERSION <semver>``
    The version of the data set, part of the snapshot's name.

  ``TIERS <tier>... [DEFAULT_TIER <tier>]``
    The same data model seeded at several sizes, e.g. ``TIERS minimal realistic
    performance DEFAULT_TIER minimal`` (names: letters, digits, ``_``, ``-``;
    ``DEFAULT_TIER`` defaults to the first).  Each tier is a snapshot of its own,
    ``<name>-<tier>-<version>-<hash12>``, seeded with ``TDM_TIER=<tier>`` in the
    seed command's environment and, unless ``SEED`` says otherwise, a seed of its
    own.  Each tier has the build target ``snapshot-<name>-<tier>``; ``snapshot-<name>``
    and ``snapshot`` build the default tier only.  The setup test restores the tier
    ``TDM_TIER`` names in the environment of ``ctest`` (the default tier when it is
    unset; a tier not in ``TIERS`` fails the setup with exit code 3), seeding and
    capturing it first in ``AUTO`` mode when it has no snapshot yet; tests find it in
    ``TDM_TIER``.

  ``SNAPSHOT_DIR <dir>``
    Where snapshots and their ``*.meta.json`` go.  Default:
    ``${PROJECT_SOURCE_DIR}/snapshots``.

  ``MAX_AGE <duration>``, ``MODE AUTO|DYNAMIC|SNAPSHOT``
    The policy of the setup test: ``AUTO`` restores a matching snapshot younger
    than ``MAX_AGE`` (``7d``, ``12h``, ``30m``, ``45s``, ``1w`` or seconds) and
    seeds and captures otherwise; ``DYNAMIC`` always seeds; ``SNAPSHOT``
    restores the snapshot that exists even when it is stale or old (with a
    warning) and seeds when there is none.  Given here, they are fixed; left
    out, the environment of ``ctest`` decides (``TDM_MODE``, ``TDM_MAX_AGE``;
    defaults ``AUTO`` and ``7d``).

  ``STRICT``
    The setup test fails instead of seeding in ``SNAPSHOT`` mode, and never
    restores a stale snapshot or a payload without metadata: for CI jobs that
    must use exactly the snapshot they were given.  Left out,
    ``TDM_STRICT=1`` in the environment of ``ctest`` asks for the same.
    ``cmake --build . --target config-<name>`` prints every setting the setup
    test will use and where it comes from (these arguments, the environment,
    or the defaults).

  ``SEED_TIMEOUT <duration>``
    How long ``SEED_COMMAND`` may run (``90s``, ``30m``, ``2h``, ``1d`` or
    seconds; at least one second).  Past it, the command and every process it
    started are ended and the seed fails (``tdm`` exit code 7, naming the
    command and the limit).  Given here, it is fixed; left out, the
    environment decides (``TDM_SEED_TIMEOUT``, default ``1h``).  The setup
    test's :prop_test:`TIMEOUT` is this limit (or one hour) plus 30 minutes
    for lock waits, restoring and capturing, so that CTest does not end the
    setup before ``tdm`` does.

  ``REMOTE_STORAGE <url>...``
    Remote snapshot stores shared by machines (CI runners), tried in order:
    ``file:///shared/dir``, ``http(s)://host[:port]/prefix``,
    ``redis://host[:port]``, each optionally followed by ``|read-only``.  The
    build rule and the setup fetch the snapshot from them when the snapshot
    directory lacks it, and upload every fresh capture; of runners that find it
    nowhere, one seeds while the others wait for its upload.  A store that is
    down or refuses costs one warning and a local seed.  ``TDM_REMOTE_STORAGE``
    in the environment wins (set empty: no stores).  No credentials here: a
    token comes from ``TDM_REMOTE_TOKEN`` or ``~/.netrc``.

  ``SEED <n>``
    The integer the seed command seeds its random generators from, handed to
    it as ``TDM_SEED`` (0 to 9007199254740991, JavaScript's largest exact
    integer) and recorded in the snapshot: the same inputs and the same seed
    give the same data, and a snapshot seeded with another seed is stale.
    Given here, it is fixed; left out, ``TDM_SEED`` in the environment
    decides, else a number fixed per snapshot name.  Tests run by
    ``tdm_add_test`` find the seed of the data they got in ``TDM_SEED``.

  ``SERVER EMBEDDED|EXTERNAL``
    See `The database server`_.  Default: ``EMBEDDED``.

  ``ENTITIES <table>:<key column>[:<value column>]...``
    Entity maps handed to tests as JSON in the file named by ``TDM_ENTITIES``,
    e.g. ``organizations:slug`` gives ``{"organizations": {"acme": 1, ...}}``
    (the value column defaults to ``id``).

  ``CAPTURE_ON_SUCCESS``
    The cleanup test captures a snapshot when every test of the fixture passed.

  ``CHECK_DETERMINISM``
    Adds the test ``<name>.determinism`` (label ``data``): it seeds twice, into
    two scratch test databases beside ``DATABASE``, with the same ``TDM_SEED``,
    and fails naming what differs between the two runs (a seeder reading the
    clock or an unseeded random generator).  It needs no snapshot and runs
    apart from the fixture.

  ``IGNORE <table>[.<column>]...``
    What differs by design between two seeds of the same inputs, e.g. a
    migration tool's run timestamps (``knex_migrations.migration_time``): the
    determinism check and the golden test do not compare it, and their reports
    list it.  Name exactly that, nothing more.

  ``GOLDEN <dir>``
    Keeps a golden baseline of the data, ``<dir>/<name>.sql`` (relative to
    :variable:`CMAKE_CURRENT_SOURCE_DIR`; ``<dir>/<name>.<tier>.sql`` per tier
    with ``TIERS``): the accepted state, as a portable SQL script with rows one
    per line, for your repository.  Adds the test
    ``<name>.golden`` (label ``data``), which compares what the fixture's setup
    restored with it and fails when the data differs, writing the report to
    ``${CMAKE_BINARY_DIR}/tdm/golden/<name>/snapshot_diff.txt``; and the build
    target ``golden-<name>``, which accepts the current snapshot (of the default
    tier) as the new baseline (an unchanged data set leaves the file byte for byte as it was).

  ``SPARE``
    The setup swaps in a spare of the fixture database (``<DATABASE>__spare``,
    restored from the same snapshot by the previous run's cleanup) with one
    ``RENAME TABLE`` instead of restoring, when the spare is proven untouched;
    otherwise it restores as usual and says why in one line.  The cleanup
    drops the old contents (``<DATABASE>__trash``) and prepares the spare
    again, after the tests.  Without a run id only: a run's own database is
    dropped when the run ends.

  ``RUN_ID <id>``
    The run's namespace on a shared server (see `Several runs on one server`_):
    the build rule, the setup, the determinism and golden tests work on
    ``<DATABASE>_<id>`` and its copies.  Given here, it is fixed; left out,
    ``TDM_RUN_ID`` in the environment of the build and of ``ctest`` decides
    (none: the plain names).

  It creates:

  ``snapshot-<name>`` and ``snapshot`` (build targets, not part of ``all``)
    ``snapshot-<name>`` runs ``tdm hash``, which rewrites
    ``${CMAKE_BINARY_DIR}/tdm/<name>.hash`` only when the inputs' content
    changed, and a depfile naming every input file and scanned directory (so a
    new or removed file counts, without re-running CMake).  Only when the hash
    file was rewritten does the next rule run ``tdm snapshot build`` (seed, then
    capture into ``SNAPSHOT_DIR``) and touch
    ``${CMAKE_BINARY_DIR}/tdm/<name>.snapshot.stamp``.  A no-op build of
    ``snapshot`` therefore does no database work.  ``snapshot`` builds every
    ``snapshot-<name>`` of the project.  With Ninja, snapshot builds run one at
    a time in the ``console`` pool and show the seed's output as it comes.
    Ninja remembers that a touched input left the hash unchanged; Makefile
    generators run ``tdm hash`` again on each build until the hash file is
    rewritten, which reads the inputs but does no database work.

  CTest fixture ``<name>``
    ``<name>.setup`` (:prop_test:`FIXTURES_SETUP`) runs ``tdm bootstrap``,
    which brings ``DATABASE`` to the snapshot state per ``MODE`` and writes the
    fixture state to ``${CMAKE_BINARY_DIR}/tdm/<name>.fixture.json``;
    ``<name>.cleanup`` (:prop_test:`FIXTURES_CLEANUP`) runs ``tdm teardown``.
    When the setup fails, CTest reports the tests that require the fixture as
    *Not Run*; the setup's output says why.  ``ctest -R <test>`` pulls setup,
    cleanup and the embedded server's start and stop in by itself.

  ``<name>.determinism`` (with ``CHECK_DETERMINISM``)
    Runs ``tdm seed --check-determinism``, both seeds with ``SEED`` (else
    ``TDM_SEED`` in the environment of ``ctest``, else a number fixed per
    database name).

.. command:: tdm_add_migration_check

  Adds the migration checks of a snapshot: its older version's data, migrated
  by your command::

    tdm_add_migration_check(<name>
      FROM_VERSION <semver>
      MIGRATE_COMMAND <command> [<arg>...]
      [ROLLBACK_COMMAND <command> [<arg>...]]
      [FROM_EXPORT <file.sql>]
      [TIER <tier>]
      [TIMEOUT <seconds>])

  ``<name>``
    A snapshot defined by :command:`tdm_add_snapshot` with a ``VERSION``.

  ``FROM_VERSION <semver>``
    The older version whose snapshot (``<name>@<semver>[:<tier>]``) is migrated.

  ``MIGRATE_COMMAND``, ``ROLLBACK_COMMAND``
    Run in the snapshot's ``WORKING_DIRECTORY`` with the connection to a scratch
    test database in the environment, as a seed command is.

  ``FROM_EXPORT <file.sql>``
    The portable export of the old snapshot (``tdm snapshot export``), committed:
    imported into ``SNAPSHOT_DIR`` when that lacks the version (a fresh runner)
    and no remote store (the snapshot's ``REMOTE_STORAGE``, ``TDM_REMOTE_STORAGE``)
    holds it. Relative to :variable:`CMAKE_CURRENT_SOURCE_DIR`.

  ``TIER <tier>``
    Which tier's snapshot to migrate.  Default: the snapshot's default tier.

  ``TIMEOUT <seconds>``
    Of each test.  Default: 600.

  It adds the tests (label ``migration``) ``<name>.migration.<semver>.prepare``
  (the setup of the fixture ``<name>.migration.<semver>``: finds or imports the old
  snapshot), ``.forward`` (also requires the fixture ``<name>``: the migrated schema
  equals the current snapshot's, and a breaking change needs a new major version),
  ``.preservation``, ``.idempotency`` and, with ``ROLLBACK_COMMAND``, ``.rollback``.

.. command:: tdm_add_test

  Adds a test that runs against its own copy of a fixture's database::

    tdm_add_test(<name>
      FIXTURE <fixture>
      COMMAND <command> [<arg>...]
      [WORKING_DIRECTORY <dir>]
      [LABELS <label>...]
      [ENVIRONMENT <var>=<value>...]
      [TIMEOUT <seconds>]
      [SHARED])

  ``FIXTURE <fixture>``
    The ``<name>`` of an earlier :command:`tdm_add_snapshot`.

  ``COMMAND <command> [<arg>...]``
    The test.  An executable target name as ``<command>`` is replaced by its
    file, as :command:`add_test` does.  It runs with ``TDM_DATABASE``,
    ``TDM_DB_HOST``, ``TDM_DB_PORT``, ``TDM_DB_SOCKET``, ``TDM_DB_USER``,
    ``DATABASE_URL`` and ``TDM_ENTITIES`` in its environment; its exit code is
    the test's result.

  ``WORKING_DIRECTORY <dir>``
    Default: :variable:`CMAKE_CURRENT_BINARY_DIR`.

  ``LABELS <label>...``
    Default: ``e2e``.

  ``ENVIRONMENT <var>=<value>...``
    More environment for the test (:prop_test:`ENVIRONMENT`).

  ``TIMEOUT <seconds>``
    :prop_test:`TIMEOUT`.  Default: none (CTest's default applies).

  ``SHARED``
    Run against the fixture database itself instead of a private copy.

  The test gets :prop_test:`FIXTURES_REQUIRED` ``<fixture>`` (and
  ``tdm.server`` for an embedded server).

.. command:: tdm_add_playwright_tests

  Adds one test per Playwright spec file, each against its own copy of a
  fixture's database::

    tdm_add_playwright_tests(<name>
      FIXTURE <fixture>
      CONFIG <playwright.config.js>
      [SPECS <file>...]
      [LABELS <label>...]
      [TIMEOUT <seconds>]
      [SHARDS <n>]
      [EXTRA_ARGS <arg>...]
      [ENVIRONMENT <var>=<value>...]
      [APP_COMMAND <command> [<arg>...]
       APP_PORT_VARIABLE <variable>
       APP_HEALTH_PATH <path>]
      [BROWSER_SERVER])

  ``CONFIG <playwright.config.js>``
    The Playwright configuration; relative to
    :variable:`CMAKE_CURRENT_SOURCE_DIR`.  Tests run in its directory.

  ``SPECS <file>...``
    The spec files (relative to :variable:`CMAKE_CURRENT_SOURCE_DIR`).
    Default: the ``*.spec.*`` and ``*.test.*`` files (``.js``, ``.mjs``,
    ``.cjs``, ``.ts``, ``.mts``, ``.cts``, ``.jsx``, ``.tsx``) below the
    config's ``testDir`` (read from the config when written as a string
    literal; else the config's directory, without ``node_modules``).
    Re-run CMake after adding a spec file.

  ``LABELS <label>...``
    Default: ``e2e``.

  ``TIMEOUT <seconds>``
    Default: ``300``.

  ``EXTRA_ARGS <arg>...``
    More arguments for ``npx playwright test``, e.g. ``--project=chromium``.

  ``ENVIRONMENT <var>=<value>...``
    More environment for each spec test, beside the variables below.  E.g.
    ``PW_DISABLE_TS_ESM=1`` for specs and config in plain JavaScript that
    Node imports as they are: before Node.js 22.15, Playwright otherwise
    loads every ES module through loader hooks on a thread of their own, in
    the runner and in the worker of each spec file (0.3-0.4 s of a spec
    file's fixed cost, measured in ``bench/README.md``).  Not for TypeScript,
    JSX or tsconfig ``paths``, which those hooks compile and resolve.

  ``SHARDS <n>``
    Spreads the spec tests over ``n`` CI runners: each also gets the label
    ``shard-<k>`` (``k`` from 1 to ``n``), dealt out round-robin over the spec
    files in sorted order, so that the shards' sizes differ by one at most.
    Every test the spec tests require -- the fixture's setup and cleanup, the
    embedded server's start and stop, ``<name>.report-start`` and
    ``<name>.report`` -- gets every shard's label, so that
    ``ctest -L '^shard-<k>$'`` selects, and ``ctest -N`` lists, all one
    runner runs (CTest would pull them in anyway); each shard's report holds
    its own specs.  ``-L`` is a regular expression: anchor it, or
    ``shard-1`` also selects ``shard-10``.  Before CMake 3.28 a test's
    properties can be set only in its own directory: the fixture must then be
    defined in this directory or one that encloses it, else a warning says
    its setup and cleanup lack the shard labels.  (CTest's own
    ``-I <i>,,<n>`` strides over every test number, unit and fixture tests
    included, so its shards come out uneven.)

  The test of ``<dir>/<stem>.spec.js`` is named ``<name>.<stem>`` and runs
  ``playwright test <spec> --config <config>`` under ``tdm run`` (the config directory's
  ``node_modules/.bin/playwright``, else ``npx playwright``), with
  this environment:

  ``E2E_OUTPUT_DIR``
    ``${CMAKE_BINARY_DIR}/e2e-results/<test>``: Playwright's ``outputDir``
    (traces, screenshots) when the config reads it.
  ``PLAYWRIGHT_JUNIT_OUTPUT_NAME``
    ``${CMAKE_BINARY_DIR}/e2e-results/<test>/junit.xml``: the JUnit report.
  ``E2E_PORT``
    A port of the test's own, ``TDM_PLAYWRIGHT_PORT_BASE`` (default ``4100``)
    plus the test's index in the build tree, for the config's ``webServer``,
    so that ``ctest -j`` runs several apps at once.

  ``PLAYWRIGHT_BLOB_OUTPUT_FILE``
    ``${CMAKE_BINARY_DIR}/e2e-report/<name>/blobs/<test>.zip``: the test's blob
    report, for the merged report below.
  ``NODE_COMPILE_CACHE``
    ``${CMAKE_BINARY_DIR}/tdm/node-compile-cache``, shared by the spec tests:
    from Node.js 22.1 on, the Playwright runner and worker every spec file
    starts load Playwright's modules compiled by an earlier one instead of
    compiling them again (a spec file's fixed cost 1.05 -> 0.88 s, measured
    in ``bench/README.md``); older Node.js ignores it.  ``ENVIRONMENT
    NODE_DISABLE_COMPILE_CACHE=1`` turns it off (V8 coverage of the tests'
    own code is more precise without), ``ENVIRONMENT NODE_COMPILE_CACHE=<dir>``
    moves it.

  ``npx`` is looked up at configure time (cache variable
  ``TDM_NPX_EXECUTABLE``).

  Slot servers (opt-in; without them each spec file starts its own app and
  browser, which suits an app that keeps state in memory):

  ``APP_COMMAND <command> [<arg>...]``
    The app server each test slot owns, run in the config's directory with
    the slot database's connection in its environment: started by the first
    spec test on the slot, reused by the next ones (started again after the
    slot database was restored in full), stopped by the fixture cleanup.
    The test gets ``TDM_APP_URL`` (``http://127.0.0.1:<port>``): the config
    then uses it as ``baseURL`` and leaves out ``webServer``.  Needs:
  ``APP_PORT_VARIABLE <variable>``
    The environment variable the app reads its port from (e.g. ``PORT``).
    Slot N gets port ``TDM_PLAYWRIGHT_PORT_BASE`` + the suite's first index +
    N - 1, from a block of ``TDM_PLAYWRIGHT_APP_SLOTS`` (default ``16``) ports
    set aside before the suite's test ports.
  ``APP_HEALTH_PATH <path>``
    A path the app answers with status 200 and the name of the database it
    uses (e.g. ``SELECT DATABASE()``): ``tdm run`` refuses an app whose answer
    names another database, so a spec never drives another slot's app.
  ``BROWSER_SERVER``
    Each slot also owns a Chromium server (``TDMBrowserServer.mjs``, beside
    this module: ``chromium.launchServer()`` with the config's
    ``use.launchOptions``, run by ``node``, cache variable
    ``TDM_NODE_EXECUTABLE``; the config must be JavaScript that Node imports
    as it is).  The test gets ``TDM_BROWSER_WS_ENDPOINT``, for
    the config's ``use.connectOptions.wsEndpoint``.

  The servers are daemons with pid files and logs under
  ``${CMAKE_BINARY_DIR}/tdm/<fixture>.fixture.json.daemons/<name>/s<N>/``;
  the settings ``tdm run --daemons`` reads are written at configure time to
  ``${CMAKE_BINARY_DIR}/tdm/<name>.servers.json``.

  One report for the whole suite: the spec tests also require the fixture
  ``<name>.report`` (appended to their :prop_test:`FIXTURES_REQUIRED`), whose
  tests carry the same ``LABELS`` and ``TIMEOUT``:

  ``<name>.report-start`` (:prop_test:`FIXTURES_SETUP`)
    Empties ``${CMAKE_BINARY_DIR}/e2e-report/<name>/``, so that no earlier
    run's report or blob report is taken for this run's.
  ``<name>.report`` (:prop_test:`FIXTURES_CLEANUP`)
    After the last spec test, also when some failed: ``playwright
    merge-reports --reporter html,junit`` of the blob reports into
    ``${CMAKE_BINARY_DIR}/e2e-report/<name>/html/index.html`` (open it with
    ``npx playwright show-report <that html directory>``) and
    ``${CMAKE_BINARY_DIR}/e2e-report/<name>/junit.xml``.  It fails when a spec
    test that ran left no blob report, or when ``junit.xml`` lacks the
    testsuite of such a spec file, naming the spec and the fix; a failing spec
    fails only its own test.  With ``ctest -R <test>`` both are pulled in, and
    the report holds the specs that ran.

  The Playwright configuration must therefore list the ``blob`` reporter
  beside its others, e.g. ``reporter: [['list'], ['blob']]``: with
  ``PLAYWRIGHT_BLOB_OUTPUT_FILE`` set, each test writes its own file and
  clears no folder.  A ``<name>.report`` or ``<name>.report-start`` spec file
  is refused (the test names are taken).  The tests run the merge as
  ``cmake -P TDMPlaywrightReport.cmake``, a script that lies (and is
  installed) beside this module, with settings written at configure time to
  ``${CMAKE_BINARY_DIR}/tdm/<name>.report.cmake``.
#]=======================================================================]

include_guard(GLOBAL)

# Functions record the policies in force where they are defined: DEPFILE paths relative to the
# current binary directory (CMP0116), IN_LIST, and so on, whatever the including project sets.
cmake_policy(PUSH)
cmake_policy(VERSION 3.25)

set(TDM_EXECUTABLE "" CACHE FILEPATH
    "The tdm program that TDM's build rules and tests run (empty: the TDM::tdm target)")
set(TDM_PLAYWRIGHT_PORT_BASE 4100 CACHE STRING
    "First E2E_PORT handed to Playwright tests (one port per test, counting up)")
set(TDM_PLAYWRIGHT_APP_SLOTS 16 CACHE STRING
    "Ports set aside per tdm_add_playwright_tests(APP_COMMAND): test slots that can own an app")
# The script the merged Playwright report's tests run: it lies (and is installed) beside this file.
# MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], as tdm's own check of a version.
set(_TDM_SEMVER_REGEX
    "^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$")
set(_TDM_PLAYWRIGHT_REPORT_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/TDMPlaywrightReport.cmake")
# The browser server of tdm_add_playwright_tests(BROWSER_SERVER), beside this file too.
set(_TDM_BROWSER_SERVER_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/TDMBrowserServer.mjs")

# _tdm_reject_bad_arguments(<command> <name>): unknown or empty keywords end configuration.
macro(_tdm_reject_bad_arguments command name)
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR
      "${command}(${name}): unknown argument(s): ${arg_UNPARSED_ARGUMENTS}. "
      "See the documentation of ${command} in TDMFixtures.cmake for the keywords it takes.")
  endif()
  if(arg_KEYWORDS_MISSING_VALUES)
    message(FATAL_ERROR
      "${command}(${name}): ${arg_KEYWORDS_MISSING_VALUES} given without a value: "
      "write a value after it or leave it out.")
  endif()
endmacro()

function(_tdm_check_name command name)
  if(name STREQUAL "")
    message(FATAL_ERROR "${command}: the first argument must be a name, e.g. ${command}(app ...).")
  endif()
  if(NOT name MATCHES "^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    message(FATAL_ERROR
      "${command}(${name}): invalid name '${name}': use letters, digits, '_', '-' and '.', "
      "starting with a letter or digit.")
  endif()
endfunction()

# The tdm to run, as a COMMAND argument (a path or a generator expression).
function(_tdm_executable command name out_var)
  if(TDM_EXECUTABLE)
    set(${out_var} "${TDM_EXECUTABLE}" PARENT_SCOPE)
  elseif(TARGET TDM::tdm)
    set(${out_var} "$<TARGET_FILE:TDM::tdm>" PARENT_SCOPE)
  else()
    message(FATAL_ERROR
      "${command}(${name}): no tdm executable: there is no TDM::tdm target and TDM_EXECUTABLE "
      "is empty. Use find_package(TDM CONFIG REQUIRED) or add_subdirectory() of the TDM source "
      "tree before calling ${command}, or set TDM_EXECUTABLE to the path of tdm.")
  endif()
endfunction()

# _tdm_input_depends(<out_var> <base> <input>...): the paths a build rule can depend on at
# configure time: the input files and directories as they are now, and for a glob the
# directory it starts in. Files inside directories and glob matches are left to the depfile
# that `tdm hash` writes, so adding or removing one needs no new configure run (and a removed
# one does not break the build, as a stale explicit dependency would).
function(_tdm_input_depends out_var base)
  set(depends "")
  foreach(input IN LISTS ARGN)
    cmake_path(ABSOLUTE_PATH input BASE_DIRECTORY "${base}" NORMALIZE OUTPUT_VARIABLE path)
    if(input MATCHES "[][*?]")
      # The directory before the first component with a wildcard.
      string(REGEX REPLACE "/[^/]*[][*?].*$" "" prefix "${path}")
      if(IS_DIRECTORY "${prefix}")
        list(APPEND depends "${prefix}")
      endif()
    elseif(EXISTS "${path}")
      list(APPEND depends "${path}")
    else()
      message(FATAL_ERROR
        "tdm_add_snapshot: INPUTS entry '${input}' does not exist (looked for ${path}). "
        "Fix the path (relative paths start at ${base}) or remove it.")
    endif()
  endforeach()
  list(REMOVE_DUPLICATES depends)
  set(${out_var} "${depends}" PARENT_SCOPE)
endfunction()

function(tdm_add_snapshot name)
  set(options CAPTURE_ON_SUCCESS STRICT CHECK_DETERMINISM SPARE)
  set(one_value WORKING_DIRECTORY DATABASE VERSION SNAPSHOT_DIR MAX_AGE MODE SERVER SEED_TIMEOUT
                SEED GOLDEN DEFAULT_TIER RUN_ID)
  set(multi_value INPUTS SEED_COMMAND SQL_DIRS ENTITIES IGNORE TIERS REMOTE_STORAGE)
  cmake_parse_arguments(PARSE_ARGV 1 arg "${options}" "${one_value}" "${multi_value}")
  _tdm_check_name(tdm_add_snapshot "${name}")
  _tdm_reject_bad_arguments(tdm_add_snapshot "${name}")
  set(where "tdm_add_snapshot(${name})")

  if(TARGET snapshot-${name})
    message(FATAL_ERROR "${where}: a snapshot named '${name}' is already defined "
                        "(target snapshot-${name} exists): give each snapshot its own name.")
  endif()
  get_property(defined GLOBAL PROPERTY TDM_FIXTURE_${name}_FILE DEFINED)
  if(defined)
    message(FATAL_ERROR "${where}: a snapshot named '${name}' is already defined: "
                        "give each snapshot its own name.")
  endif()

  # Seed source: exactly one of SEED_COMMAND and SQL_DIRS.
  if(arg_SEED_COMMAND AND arg_SQL_DIRS)
    message(FATAL_ERROR "${where}: both SEED_COMMAND and SQL_DIRS given: seed either with a "
                        "command or from SQL directories, not both.")
  endif()
  if(NOT arg_SEED_COMMAND AND NOT arg_SQL_DIRS)
    message(FATAL_ERROR "${where}: no seed given: add SEED_COMMAND <command> [<arg>...] "
                        "(e.g. SEED_COMMAND npm run seed) or SQL_DIRS <dir>...")
  endif()
  _tdm_check_tiers("${where}" tiers default_tier)
  set(sql_dirs "")
  foreach(dir IN LISTS arg_SQL_DIRS)
    cmake_path(ABSOLUTE_PATH dir BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
    _tdm_check_sql_dir("${where}" "${dir}" "${tiers}")
    list(APPEND sql_dirs "${dir}")
  endforeach()

  set(inputs ${arg_INPUTS})
  if(NOT inputs)
    if(arg_SQL_DIRS)
      set(inputs ${arg_SQL_DIRS})
    else()
      message(FATAL_ERROR "${where}: no INPUTS given: list the files, directories or globs "
                          "the seed is made of (migrations, seeders, factories), e.g. "
                          "INPUTS database/migrations database/seeders.")
    endif()
  endif()
  set(base "${CMAKE_CURRENT_SOURCE_DIR}")

  if(DEFINED arg_WORKING_DIRECTORY)
    cmake_path(ABSOLUTE_PATH arg_WORKING_DIRECTORY BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
               NORMALIZE OUTPUT_VARIABLE working_directory)
    if(NOT IS_DIRECTORY "${working_directory}")
      message(FATAL_ERROR "${where}: WORKING_DIRECTORY '${arg_WORKING_DIRECTORY}' is not a "
                          "directory (looked for ${working_directory}).")
    endif()
  else()
    set(working_directory "${CMAKE_CURRENT_SOURCE_DIR}")
  endif()

  if(DEFINED arg_DATABASE)
    set(database "${arg_DATABASE}")
  else()
    string(MAKE_C_IDENTIFIER "${name}" database)
    string(APPEND database "_test")
  endif()
  # Bytes are characters only for ASCII names; tdm itself checks the others.
  string(LENGTH "${database}" database_length)
  if(database MATCHES "^[ -~]+$" AND database_length GREATER 48)
    message(FATAL_ERROR "${where}: the database name '${database}' is ${database_length} "
                        "characters long; tdm allows at most 48, so that its per-test copies "
                        "(<name>__s<N>) fit MariaDB's 64: give a shorter DATABASE.")
  endif()
  # The run's namespace on a shared server (else TDM_RUN_ID at build and test time decides).
  set(run_args "")
  if(DEFINED arg_RUN_ID)
    string(LENGTH "${arg_RUN_ID}" run_id_length)
    if(NOT arg_RUN_ID MATCHES "^[a-z0-9]+(_[a-z0-9]+)*$" OR run_id_length GREATER 20)
      message(FATAL_ERROR "${where}: RUN_ID '${arg_RUN_ID}' is not a run id: use at most 20 "
                          "lowercase letters and digits, joined by single '_', e.g. RUN_ID ci_42.")
    endif()
    string(LENGTH "${database}_${arg_RUN_ID}" run_database_length)
    if(database MATCHES "^[ -~]+$" AND run_database_length GREATER 48)
      message(FATAL_ERROR "${where}: the database name '${database}_${arg_RUN_ID}' (DATABASE "
                          "and RUN_ID) is ${run_database_length} characters long; tdm allows at "
                          "most 48, so that its per-test copies (<name>__s<N>) fit MariaDB's 64: "
                          "give a shorter DATABASE or RUN_ID.")
    endif()
    set(run_args --run-id "${arg_RUN_ID}")
  endif()

  if(DEFINED arg_VERSION AND NOT arg_VERSION MATCHES "${_TDM_SEMVER_REGEX}")
    message(FATAL_ERROR "${where}: VERSION '${arg_VERSION}' is not a semantic version: "
                        "write MAJOR.MINOR.PATCH, e.g. VERSION 1.0.0.")
  endif()

  if(DEFINED arg_SNAPSHOT_DIR)
    cmake_path(ABSOLUTE_PATH arg_SNAPSHOT_DIR BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
               NORMALIZE OUTPUT_VARIABLE snapshot_dir)
  else()
    set(snapshot_dir "${PROJECT_SOURCE_DIR}/snapshots")
  endif()

  set(policy_args "")
  if(DEFINED arg_MODE)
    string(TOUPPER "${arg_MODE}" mode)
    if(NOT mode MATCHES "^(AUTO|DYNAMIC|SNAPSHOT)$")
      message(FATAL_ERROR "${where}: MODE '${arg_MODE}' is not one of AUTO, DYNAMIC, SNAPSHOT.")
    endif()
    list(APPEND policy_args --mode ${mode})
  endif()
  if(DEFINED arg_MAX_AGE)
    if(NOT arg_MAX_AGE MATCHES "^[0-9]+[smhdw]?$")
      message(FATAL_ERROR "${where}: MAX_AGE '${arg_MAX_AGE}' is not a duration: write a "
                          "number with an optional unit s, m, h, d or w, e.g. MAX_AGE 7d.")
    endif()
    list(APPEND policy_args --max-age ${arg_MAX_AGE})
  endif()
  if(arg_STRICT)
    list(APPEND policy_args --strict)
  endif()

  # The seed's time limit, and the setup test's: CTest must not end the setup before tdm has
  # ended the seed command and said so.
  set(seed_setting_args "")
  set(seed_timeout_seconds 3600)
  if(DEFINED arg_SEED_TIMEOUT)
    if(NOT arg_SEED_TIMEOUT MATCHES "^([0-9]+)([smhdw]?)$" OR CMAKE_MATCH_1 EQUAL 0)
      message(FATAL_ERROR "${where}: SEED_TIMEOUT '${arg_SEED_TIMEOUT}' is not a duration of at "
                          "least one second: write a number with an optional unit s, m, h, d "
                          "or w, e.g. SEED_TIMEOUT 30m.")
    endif()
    set(scale_s 1)
    set(scale_ 1)
    set(scale_m 60)
    set(scale_h 3600)
    set(scale_d 86400)
    set(scale_w 604800)
    math(EXPR seed_timeout_seconds "${CMAKE_MATCH_1} * ${scale_${CMAKE_MATCH_2}}")
    list(APPEND seed_setting_args --seed-timeout ${arg_SEED_TIMEOUT})
  endif()
  math(EXPR setup_timeout "${seed_timeout_seconds} + 1800")
  if(DEFINED arg_SEED)
    if(NOT arg_SEED MATCHES "^[0-9]+$" OR arg_SEED GREATER 9007199254740991)
      message(FATAL_ERROR "${where}: SEED '${arg_SEED}' is not an integer from 0 to "
                          "9007199254740991: write e.g. SEED 1234.")
    endif()
    list(APPEND seed_setting_args --seed ${arg_SEED})
  endif()
  if(policy_args OR seed_setting_args)
    list(APPEND policy_args --policy-from-cmake)  # so `tdm config` names these arguments
  endif()

  set(server EMBEDDED)
  if(DEFINED arg_SERVER)
    string(TOUPPER "${arg_SERVER}" server)
    if(NOT server MATCHES "^(EMBEDDED|EXTERNAL)$")
      message(FATAL_ERROR "${where}: SERVER '${arg_SERVER}' is not EMBEDDED or EXTERNAL.")
    endif()
  endif()
  set(connection_args "")
  set(server_dir "")
  if(server STREQUAL "EMBEDDED")
    set(server_dir "${CMAKE_BINARY_DIR}/tdm-server")
    set(connection_args --server-dir "${server_dir}")
  endif()

  # One argument of space-separated URLs: tdm lets $TDM_REMOTE_STORAGE win over it. A URL with
  # a credential is refused here, before it reaches a build file.
  set(remote_args "")
  foreach(url IN LISTS arg_REMOTE_STORAGE)
    if(url MATCHES "[@?#]")
      message(FATAL_ERROR "${where}: REMOTE_STORAGE entry carries a user, password or query: "
                          "remove it; give a token in TDM_REMOTE_TOKEN or ~/.netrc.")
    endif()
    if(NOT url MATCHES "^(file:///[^ |]+|(https?|redis)://[^/ |]+(/[^ |]*)?)(\\|read-only)?$")
      message(FATAL_ERROR "${where}: REMOTE_STORAGE entry '${url}' is not file:///dir, "
                          "http(s)://host[:port]/prefix or redis://host[:port], optionally "
                          "followed by |read-only.")
    endif()
  endforeach()
  if(arg_REMOTE_STORAGE)
    list(JOIN arg_REMOTE_STORAGE " " remote_urls)
    set(remote_args --remote-storage "${remote_urls}")
    if(NOT "--policy-from-cmake" IN_LIST policy_args)
      list(APPEND policy_args --policy-from-cmake)  # so `tdm config` names this argument
    endif()
  endif()

  set(entity_args "")
  foreach(entity IN LISTS arg_ENTITIES)
    if(NOT entity MATCHES "^[A-Za-z0-9_$]+:[A-Za-z0-9_$]+(:[A-Za-z0-9_$]+)?$")
      message(FATAL_ERROR "${where}: ENTITIES entry '${entity}' is not "
                          "<table>:<key column>[:<value column>], e.g. organizations:slug.")
    endif()
    list(APPEND entity_args --entities "${entity}")
  endforeach()

  _tdm_executable(tdm_add_snapshot "${name}" tdm)

  set(identity_args --name "${name}")
  if(DEFINED arg_VERSION)
    list(APPEND identity_args --version "${arg_VERSION}")
  endif()
  list(APPEND identity_args --dir "${snapshot_dir}" --inputs ${inputs} --base "${base}")
  set(snapshot_args ${identity_args})  # which snapshot: these inputs' one
  list(APPEND identity_args --database "${database}")
  # The setup and `config` choose the tier from TDM_TIER at test time; build rules name theirs.
  set(tier_args "")
  if(tiers)
    set(tier_args --tiers ${tiers} --default-tier "${default_tier}")
  endif()
  set(seed_args "")
  foreach(dir IN LISTS sql_dirs)
    list(APPEND seed_args --sql-dir "${dir}")
  endforeach()
  list(APPEND seed_args ${seed_setting_args} --working-directory "${working_directory}")
  if(arg_SEED_COMMAND)
    list(APPEND seed_args -- ${arg_SEED_COMMAND})
  endif()

  # --- Build graph: hash (restat) -> snapshot -> stamp, once per tier.
  set(state_dir "${CMAKE_BINARY_DIR}/tdm")
  file(MAKE_DIRECTORY "${state_dir}")
  if(tiers)
    foreach(tier IN LISTS tiers)
      if(TARGET snapshot-${name}-${tier})
        message(FATAL_ERROR "${where}: the target snapshot-${name}-${tier} of tier '${tier}' "
                            "already exists: rename the tier or the other snapshot.")
      endif()
      string(REPLACE "@TIER@" "${tier}" tier_inputs "${inputs}")
      _tdm_add_snapshot_build("${name}-${tier}" "${tier_inputs}"
        "${tdm}" snapshot build ${identity_args} --tiers ${tiers} --tier "${tier}"
        ${run_args} ${remote_args} ${connection_args} ${seed_args})
    endforeach()
    add_custom_target(snapshot-${name} DEPENDS snapshot-${name}-${default_tier})
  else()
    _tdm_add_snapshot_build("${name}" "${inputs}"
      "${tdm}" snapshot build ${identity_args} ${run_args} ${remote_args} ${connection_args} ${seed_args})
    add_custom_target(snapshot-${name} DEPENDS "${stamp_file}")
  endif()
  set_property(TARGET snapshot-${name} PROPERTY FOLDER "tdm")
  if(NOT TARGET snapshot)
    add_custom_target(snapshot)
    set_property(TARGET snapshot PROPERTY FOLDER "tdm")
  endif()
  add_dependencies(snapshot snapshot-${name})

  # --- CTest fixture: [server start] -> setup -> tests -> cleanup -> [server stop].
  set(fixture_file "${state_dir}/${name}.fixture.json")
  set(required "")
  if(server STREQUAL "EMBEDDED")
    _tdm_add_server_fixture("${tdm}" "${server_dir}")
    set(required tdm.server)
  endif()
  set(spare_args "")
  if(arg_SPARE)
    set(spare_args --spare)
  endif()
  add_test(NAME ${name}.setup
    COMMAND "${tdm}" bootstrap ${identity_args} ${tier_args} ${policy_args}
            --fixture-file "${fixture_file}" ${run_args} ${entity_args} ${remote_args} ${connection_args}
            ${seed_args} ${spare_args}
    WORKING_DIRECTORY "${working_directory}")
  set_tests_properties(${name}.setup PROPERTIES FIXTURES_SETUP "${name}" TIMEOUT ${setup_timeout})
  # What that setup would use, and where each setting comes from, without running it.
  add_custom_target(config-${name}
    COMMAND "${tdm}" config ${identity_args} ${tier_args} ${policy_args}
            --fixture-file "${fixture_file}" ${run_args} ${remote_args} ${connection_args} ${seed_args}
    WORKING_DIRECTORY "${working_directory}"
    COMMENT "Settings of the fixture setup of ${name}"
    VERBATIM)
  set_property(TARGET config-${name} PROPERTY FOLDER "tdm")
  set(teardown_args "")
  if(arg_CAPTURE_ON_SUCCESS)
    set(teardown_args --capture-on-success)
  endif()
  add_test(NAME ${name}.cleanup
    COMMAND "${tdm}" teardown --fixture-file "${fixture_file}" ${identity_args} ${teardown_args}
            ${remote_args} ${connection_args}
    WORKING_DIRECTORY "${working_directory}")
  set_tests_properties(${name}.cleanup PROPERTIES FIXTURES_CLEANUP "${name}")
  if(required)
    set_tests_properties(${name}.setup ${name}.cleanup PROPERTIES FIXTURES_REQUIRED "${required}")
  endif()

  set(ignore_args "")
  foreach(ignored IN LISTS arg_IGNORE)
    if(NOT ignored MATCHES "^[A-Za-z0-9_$]+(\\.[A-Za-z0-9_$]+)?$")
      message(FATAL_ERROR "${where}: IGNORE entry '${ignored}' is not <table> or "
                          "<table>.<column>, e.g. knex_migrations.migration_time.")
    endif()
    list(APPEND ignore_args --ignore "${ignored}")
  endforeach()

  if(arg_CHECK_DETERMINISM)
    # `tdm seed` takes --working-directory with a command only.
    set(determinism_args ${seed_setting_args} ${ignore_args})
    foreach(dir IN LISTS sql_dirs)
      list(APPEND determinism_args --sql-dir "${dir}")
    endforeach()
    if(arg_SEED_COMMAND)
      list(APPEND determinism_args --working-directory "${working_directory}" -- ${arg_SEED_COMMAND})
    endif()
    add_test(NAME ${name}.determinism
      COMMAND "${tdm}" seed --check-determinism --database "${database}" ${run_args}
              ${connection_args} ${determinism_args}
      WORKING_DIRECTORY "${working_directory}")
    math(EXPR determinism_timeout "2 * ${seed_timeout_seconds} + 600")
    set_tests_properties(${name}.determinism PROPERTIES LABELS data
                         TIMEOUT ${determinism_timeout})
    if(required)
      set_tests_properties(${name}.determinism PROPERTIES FIXTURES_REQUIRED "${required}")
    endif()
  endif()

  if(DEFINED arg_GOLDEN)
    cmake_path(ABSOLUTE_PATH arg_GOLDEN BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE
               OUTPUT_VARIABLE golden_dir)
    if(EXISTS "${golden_dir}" AND NOT IS_DIRECTORY "${golden_dir}")
      message(FATAL_ERROR "${where}: GOLDEN '${arg_GOLDEN}' is a file; give the directory the "
                          "baseline ${name}.sql goes in, e.g. GOLDEN golden.")
    endif()
    set(report_dir "${state_dir}/golden/${name}")
    add_test(NAME ${name}.golden
      COMMAND "${tdm}" golden check --name "${name}" --fixture-file "${fixture_file}"
              --baseline-dir "${golden_dir}" --report-dir "${report_dir}" --database "${database}"
              ${run_args} ${ignore_args} ${connection_args}
      WORKING_DIRECTORY "${working_directory}")
    set_tests_properties(${name}.golden PROPERTIES LABELS data
                         FIXTURES_REQUIRED "${name};${required}")
    set(golden_tier_args "")
    if(tiers)
      set(golden_tier_args --tiers ${tiers} --tier "${default_tier}")
    endif()
    add_custom_target(golden-${name}
      COMMAND "${tdm}" golden accept ${snapshot_args} ${golden_tier_args}
              --baseline-dir "${golden_dir}" --database "${database}" ${run_args} ${ignore_args}
              ${connection_args}
      WORKING_DIRECTORY "${working_directory}"
      COMMENT "Accepting the data of snapshot ${name} as its golden baseline in ${golden_dir}"
      VERBATIM)
    add_dependencies(golden-${name} snapshot-${name})
    set_property(TARGET golden-${name} PROPERTY FOLDER "tdm")
  endif()

  # What tdm_add_test needs, wherever it is called.
  set_property(GLOBAL PROPERTY TDM_FIXTURE_${name}_FILE "${fixture_file}")
  set_property(GLOBAL PROPERTY TDM_FIXTURE_${name}_CONNECTION "${connection_args}")
  set_property(GLOBAL PROPERTY TDM_FIXTURE_${name}_REQUIRED ${name} ${required})
  # ... and what SHARDS labels: the fixture's setup and cleanup, where they are.
  set_property(GLOBAL PROPERTY TDM_FIXTURE_${name}_TESTS ${name}.setup ${name}.cleanup)
  set_property(GLOBAL PROPERTY TDM_FIXTURE_${name}_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  # What tdm_add_migration_check needs.
  set_property(GLOBAL PROPERTY TDM_FIXTURE_${name}_SERVER_REQUIRED "${required}")
  set_property(GLOBAL PROPERTY TDM_FIXTURE_${name}_VERSION "${arg_VERSION}")
  set_property(GLOBAL PROPERTY TDM_FIXTURE_${name}_DATABASE "${database}")
  set_property(GLOBAL PROPERTY TDM_FIXTURE_${name}_SNAPSHOT_DIR "${snapshot_dir}")
  set_property(GLOBAL PROPERTY TDM_FIXTURE_${name}_TIERS "${tiers}")
  set_property(GLOBAL PROPERTY TDM_FIXTURE_${name}_DEFAULT_TIER "${default_tier}")
  set_property(GLOBAL PROPERTY TDM_FIXTURE_${name}_WORKING_DIRECTORY "${working_directory}")
  set_property(GLOBAL PROPERTY TDM_FIXTURE_${name}_IGNORE "${ignore_args}")
  set_property(GLOBAL PROPERTY TDM_FIXTURE_${name}_RUN_ARGS "${run_args}")
  set_property(GLOBAL PROPERTY TDM_FIXTURE_${name}_REMOTE_ARGS "${remote_args}")
endfunction()

function(tdm_add_migration_check name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "FROM_VERSION;FROM_EXPORT;TIER;TIMEOUT"
                        "MIGRATE_COMMAND;ROLLBACK_COMMAND")
  _tdm_check_name(tdm_add_migration_check "${name}")
  _tdm_reject_bad_arguments(tdm_add_migration_check "${name}")
  set(where "tdm_add_migration_check(${name})")
  get_property(fixture_file GLOBAL PROPERTY TDM_FIXTURE_${name}_FILE)
  if(NOT fixture_file)
    message(FATAL_ERROR "${where}: there is no snapshot named '${name}': call "
                        "tdm_add_snapshot(${name} ...) first, with the same name.")
  endif()
  if(NOT DEFINED arg_FROM_VERSION)
    message(FATAL_ERROR "${where}: FROM_VERSION is required: the older version whose snapshot "
                        "is migrated, e.g. FROM_VERSION 1.0.0.")
  endif()
  if(NOT arg_FROM_VERSION MATCHES "${_TDM_SEMVER_REGEX}")
    message(FATAL_ERROR "${where}: FROM_VERSION '${arg_FROM_VERSION}' is not a semantic version: "
                        "write MAJOR.MINOR.PATCH, e.g. FROM_VERSION 1.0.0.")
  endif()
  if(NOT arg_MIGRATE_COMMAND)
    message(FATAL_ERROR "${where}: MIGRATE_COMMAND is required: the command that migrates a "
                        "database of version ${arg_FROM_VERSION} to the current one, e.g. "
                        "MIGRATE_COMMAND npx knex migrate:latest.")
  endif()
  if("--rollback-command" IN_LIST arg_MIGRATE_COMMAND)
    message(FATAL_ERROR "${where}: MIGRATE_COMMAND contains the word --rollback-command, which "
                        "tdm takes for the start of the rollback command: use ROLLBACK_COMMAND.")
  endif()
  get_property(version GLOBAL PROPERTY TDM_FIXTURE_${name}_VERSION)
  if(version STREQUAL "")
    message(FATAL_ERROR "${where}: tdm_add_snapshot(${name}) has no VERSION: a migration check "
                        "goes from one version to another; add VERSION <semver> to it.")
  endif()
  if(version STREQUAL arg_FROM_VERSION)
    message(FATAL_ERROR "${where}: FROM_VERSION ${arg_FROM_VERSION} is the current VERSION of "
                        "${name}: name an older version.")
  endif()
  get_property(tiers GLOBAL PROPERTY TDM_FIXTURE_${name}_TIERS)
  get_property(tier GLOBAL PROPERTY TDM_FIXTURE_${name}_DEFAULT_TIER)
  if(DEFINED arg_TIER)
    if(NOT tiers)
      message(FATAL_ERROR "${where}: TIER '${arg_TIER}' given, but tdm_add_snapshot(${name}) has "
                          "no TIERS: leave TIER out.")
    endif()
    if(NOT arg_TIER IN_LIST tiers)
      message(FATAL_ERROR "${where}: TIER '${arg_TIER}' is not one of the TIERS of ${name} "
                          "(${tiers}).")
    endif()
    set(tier "${arg_TIER}")
  endif()
  set(timeout 600)
  if(DEFINED arg_TIMEOUT)
    if(NOT arg_TIMEOUT MATCHES "^[1-9][0-9]*$")
      message(FATAL_ERROR "${where}: TIMEOUT '${arg_TIMEOUT}' is not a number of seconds.")
    endif()
    set(timeout ${arg_TIMEOUT})
  endif()

  _tdm_executable(tdm_add_migration_check "${name}" tdm)
  get_property(connection_args GLOBAL PROPERTY TDM_FIXTURE_${name}_CONNECTION)
  get_property(server_required GLOBAL PROPERTY TDM_FIXTURE_${name}_SERVER_REQUIRED)
  get_property(database GLOBAL PROPERTY TDM_FIXTURE_${name}_DATABASE)
  get_property(snapshot_dir GLOBAL PROPERTY TDM_FIXTURE_${name}_SNAPSHOT_DIR)
  get_property(working_directory GLOBAL PROPERTY TDM_FIXTURE_${name}_WORKING_DIRECTORY)
  get_property(ignore_args GLOBAL PROPERTY TDM_FIXTURE_${name}_IGNORE)
  get_property(run_args GLOBAL PROPERTY TDM_FIXTURE_${name}_RUN_ARGS)
  get_property(remote_args GLOBAL PROPERTY TDM_FIXTURE_${name}_REMOTE_ARGS)
  # The scratch databases are in the fixture's run namespace; the old snapshot may come from
  # the fixture's remote stores.
  set(from_args --name "${name}" --from "${arg_FROM_VERSION}" --dir "${snapshot_dir}"
                --database "${database}" ${run_args} ${remote_args} ${connection_args})
  if(tier)
    list(APPEND from_args --tier "${tier}")
  endif()
  if(DEFINED arg_FROM_EXPORT)
    cmake_path(ABSOLUTE_PATH arg_FROM_EXPORT BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
               NORMALIZE OUTPUT_VARIABLE from_export)
    list(APPEND from_args --from-export "${from_export}")
  endif()

  # FROM's snapshot is found (or imported from its export) once, before the checks.
  set(prefix ${name}.migration.${arg_FROM_VERSION})
  add_test(NAME ${prefix}.prepare
    COMMAND "${tdm}" migration prepare ${from_args}
    WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}")
  set_tests_properties(${prefix}.prepare PROPERTIES FIXTURES_SETUP ${prefix} LABELS migration
                       TIMEOUT ${timeout})
  if(server_required)
    set_tests_properties(${prefix}.prepare PROPERTIES FIXTURES_REQUIRED "${server_required}")
  endif()

  set(steps forward preservation idempotency)
  set(commands -- ${arg_MIGRATE_COMMAND})
  if(arg_ROLLBACK_COMMAND)
    list(APPEND steps rollback)
    list(APPEND commands --rollback-command ${arg_ROLLBACK_COMMAND})
  endif()
  foreach(step IN LISTS steps)
    set(required ${prefix} ${server_required})
    set(current_args "")
    if(step STREQUAL "forward")
      # The current version's schema is that of the snapshot the fixture's setup restored.
      list(APPEND required ${name})
      set(current_args --fixture-file "${fixture_file}" --version "${version}")
    endif()
    add_test(NAME ${prefix}.${step}
      COMMAND "${tdm}" migration check ${from_args} --step ${step} ${current_args}
              --working-directory "${working_directory}" ${ignore_args} ${commands}
      WORKING_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}")
    set_tests_properties(${prefix}.${step} PROPERTIES LABELS migration TIMEOUT ${timeout}
                         FIXTURES_REQUIRED "${required}")
  endforeach()
endfunction()

# _tdm_check_tiers(<where> <tiers var> <default var>): TIERS and DEFAULT_TIER of the caller's
# arg_ variables, checked; sets the tiers ("" without TIERS) and the default tier.
function(_tdm_check_tiers where tiers_var default_var)
  if(DEFINED arg_DEFAULT_TIER AND NOT arg_TIERS)
    message(FATAL_ERROR "${where}: DEFAULT_TIER '${arg_DEFAULT_TIER}' given without TIERS: list "
                        "the tiers, e.g. TIERS minimal realistic DEFAULT_TIER minimal, or leave "
                        "DEFAULT_TIER out.")
  endif()
  set(seen "")
  foreach(tier IN LISTS arg_TIERS)
    if(NOT tier MATCHES "^[A-Za-z0-9_-]+$")
      message(FATAL_ERROR "${where}: TIERS entry '${tier}' is not a tier name: use letters, "
                          "digits, '_' and '-', e.g. TIERS minimal realistic.")
    endif()
    if(tier IN_LIST seen)
      message(FATAL_ERROR "${where}: TIERS names '${tier}' twice: list each tier once.")
    endif()
    list(APPEND seen "${tier}")
  endforeach()
  set(default "")
  if(arg_TIERS)
    list(GET arg_TIERS 0 default)
  endif()
  if(DEFINED arg_DEFAULT_TIER)
    if(NOT arg_DEFAULT_TIER IN_LIST arg_TIERS)
      message(FATAL_ERROR "${where}: DEFAULT_TIER '${arg_DEFAULT_TIER}' is not one of TIERS "
                          "(${arg_TIERS}): name one of them, or add it to TIERS.")
    endif()
    set(default "${arg_DEFAULT_TIER}")
  endif()
  set(${tiers_var} "${arg_TIERS}" PARENT_SCOPE)
  set(${default_var} "${default}" PARENT_SCOPE)
endfunction()

# An SQL_DIRS entry must be a directory, for each tier when it varies by tier (@TIER@).
function(_tdm_check_sql_dir where dir tiers)
  if(NOT dir MATCHES "@TIER@")
    if(NOT IS_DIRECTORY "${dir}")
      message(FATAL_ERROR "${where}: SQL_DIRS entry '${dir}' is not a directory.")
    endif()
    return()
  endif()
  if(NOT tiers)
    message(FATAL_ERROR "${where}: SQL_DIRS entry '${dir}' contains @TIER@ but no TIERS are "
                        "given: add TIERS <tier>..., or write the directory without @TIER@.")
  endif()
  foreach(tier IN LISTS tiers)
    string(REPLACE "@TIER@" "${tier}" tier_dir "${dir}")
    if(NOT IS_DIRECTORY "${tier_dir}")
      message(FATAL_ERROR "${where}: SQL_DIRS entry '${dir}' is not a directory for tier "
                          "'${tier}' (looked for ${tier_dir}): create it or remove the tier.")
    endif()
  endforeach()
endfunction()

# _tdm_add_snapshot_build(<build name> <inputs> <build command...>): the rules that rebuild one
# snapshot (of a fixture, or of one of its tiers) when its inputs change, and the target
# snapshot-<build name>. Sets stamp_file in the caller's scope.
function(_tdm_add_snapshot_build build_name inputs)
  _tdm_input_depends(input_depends "${base}" ${inputs})
  set(hash_file "${state_dir}/${build_name}.hash")
  set(stamp_file "${state_dir}/${build_name}.snapshot.stamp")
  add_custom_command(
    OUTPUT "${hash_file}"
    COMMAND "${tdm}" hash --inputs ${inputs} --base "${base}" --output "${hash_file}"
            --depfile "${hash_file}.d"
    DEPENDS ${input_depends}
    DEPFILE "${hash_file}.d"
    WORKING_DIRECTORY "${base}"
    COMMENT "Hashing the data-model inputs of snapshot ${build_name}"
    VERBATIM)
  add_custom_command(
    OUTPUT "${stamp_file}"
    COMMAND ${ARGN}
    COMMAND "${CMAKE_COMMAND}" -E touch "${stamp_file}"
    DEPENDS "${hash_file}"
    WORKING_DIRECTORY "${working_directory}"
    COMMENT "Building snapshot ${build_name}: its inputs changed (seed ${database}, capture)"
    USES_TERMINAL
    VERBATIM)
  if(NOT build_name STREQUAL name)
    add_custom_target(snapshot-${build_name} DEPENDS "${stamp_file}")
    set_property(TARGET snapshot-${build_name} PROPERTY FOLDER "tdm")
  endif()
  set(stamp_file "${stamp_file}" PARENT_SCOPE)
endfunction()

# One pair of tests per build tree keeps the embedded server up during a CTest run: several
# fixtures share it, and its cleanup runs after every test that requires any of them.
function(_tdm_add_server_fixture tdm server_dir)
  get_property(done GLOBAL PROPERTY TDM_SERVER_FIXTURE_DIR SET)
  if(done)
    return()
  endif()
  set_property(GLOBAL PROPERTY TDM_SERVER_FIXTURE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  # The owner file: the cleanup stops only a server the setup started, never one the user
  # had running in that directory already.
  add_test(NAME tdm.server-start COMMAND "${tdm}" server start --dir "${server_dir}" --reuse
                                         --owner-file "${server_dir}/started-by-ctest")
  add_test(NAME tdm.server-stop COMMAND "${tdm}" server stop --dir "${server_dir}"
                                        --owner-file "${server_dir}/started-by-ctest")
  set_tests_properties(tdm.server-start PROPERTIES FIXTURES_SETUP tdm.server)
  set_tests_properties(tdm.server-stop PROPERTIES FIXTURES_CLEANUP tdm.server)
endfunction()

# _tdm_fixture(<command> <name> <fixture>): reads what tdm_add_snapshot(<fixture>) left into
# fixture_file, fixture_connection and fixture_required in the caller's scope.
macro(_tdm_fixture command name fixture)
  if("${fixture}" STREQUAL "")
    message(FATAL_ERROR "${command}(${name}): FIXTURE is required: name the snapshot the test "
                        "needs, e.g. FIXTURE app for tdm_add_snapshot(app ...).")
  endif()
  get_property(fixture_file GLOBAL PROPERTY TDM_FIXTURE_${fixture}_FILE)
  if(NOT fixture_file)
    message(FATAL_ERROR "${command}(${name}): FIXTURE '${fixture}' is not defined: call "
                        "tdm_add_snapshot(${fixture} ...) before ${command}.")
  endif()
  get_property(fixture_connection GLOBAL PROPERTY TDM_FIXTURE_${fixture}_CONNECTION)
  get_property(fixture_required GLOBAL PROPERTY TDM_FIXTURE_${fixture}_REQUIRED)
endmacro()

# _tdm_add_run_test(<name> <fixture> <working dir> <run options> <command...>): the test, wrapped
# in `tdm run` (its own database, connection in the environment, result recorded for cleanup);
# <run options> is a list of more `tdm run` options (--shared, --daemons <file>), or "".
function(_tdm_add_run_test command name fixture working_directory run_options)
  _tdm_fixture(${command} "${name}" "${fixture}")
  _tdm_executable(${command} "${name}" tdm)
  set(run_args --fixture-file "${fixture_file}" --test-name "${name}" ${fixture_connection}
               ${run_options})
  add_test(NAME ${name}
    COMMAND "${tdm}" run ${run_args} -- ${ARGN}
    WORKING_DIRECTORY "${working_directory}")
  set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED "${fixture_required}")
endfunction()

function(tdm_add_test name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "SHARED" "FIXTURE;WORKING_DIRECTORY;TIMEOUT"
                        "COMMAND;LABELS;ENVIRONMENT")
  _tdm_check_name(tdm_add_test "${name}")
  _tdm_reject_bad_arguments(tdm_add_test "${name}")
  if(NOT arg_COMMAND)
    message(FATAL_ERROR "tdm_add_test(${name}): COMMAND is required: COMMAND <command> "
                        "[<arg>...] runs the test.")
  endif()
  if(DEFINED arg_TIMEOUT AND NOT arg_TIMEOUT MATCHES "^[0-9]+$")
    message(FATAL_ERROR "tdm_add_test(${name}): TIMEOUT '${arg_TIMEOUT}' is not a number of "
                        "seconds.")
  endif()
  set(working_directory "${CMAKE_CURRENT_BINARY_DIR}")
  if(DEFINED arg_WORKING_DIRECTORY)
    cmake_path(ABSOLUTE_PATH arg_WORKING_DIRECTORY BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}"
               NORMALIZE OUTPUT_VARIABLE working_directory)
  endif()
  # Like add_test: an executable target as the command stands for its file.
  set(test_command ${arg_COMMAND})
  list(GET test_command 0 program)
  if(TARGET "${program}")
    get_target_property(type "${program}" TYPE)
    if(type STREQUAL "EXECUTABLE")
      list(REMOVE_AT test_command 0)
      list(PREPEND test_command "$<TARGET_FILE:${program}>")
    endif()
  endif()
  set(run_options "")
  if(arg_SHARED)
    set(run_options --shared)
  endif()
  _tdm_add_run_test(tdm_add_test "${name}" "${arg_FIXTURE}" "${working_directory}"
                    "${run_options}" ${test_command})
  set(labels e2e)
  if(arg_LABELS)
    set(labels ${arg_LABELS})
  endif()
  set_tests_properties(${name} PROPERTIES LABELS "${labels}")
  if(arg_ENVIRONMENT)
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${arg_ENVIRONMENT}")
  endif()
  if(DEFINED arg_TIMEOUT)
    set_tests_properties(${name} PROPERTIES TIMEOUT "${arg_TIMEOUT}")
  endif()
endfunction()

# The spec files below the config's testDir (when the config names it as a string literal).
function(_tdm_find_playwright_specs out_var config)
  cmake_path(GET config PARENT_PATH config_dir)
  file(READ "${config}" text)
  set(test_dir "${config_dir}")
  if(text MATCHES "testDir[ \t\r\n]*:[ \t\r\n]*['\"]([^'\"]+)['\"]")
    cmake_path(ABSOLUTE_PATH CMAKE_MATCH_1 BASE_DIRECTORY "${config_dir}" NORMALIZE
               OUTPUT_VARIABLE test_dir)
  endif()
  set(patterns "")
  foreach(kind IN ITEMS spec test)
    foreach(ext IN ITEMS js mjs cjs ts mts cts jsx tsx)
      list(APPEND patterns "${test_dir}/*.${kind}.${ext}")
    endforeach()
  endforeach()
  file(GLOB_RECURSE specs LIST_DIRECTORIES false CONFIGURE_DEPENDS ${patterns})
  list(FILTER specs EXCLUDE REGEX "/node_modules/")
  list(SORT specs)
  set(${out_var} "${specs}" PARENT_SCOPE)
  set(${out_var}_ROOT "${test_dir}" PARENT_SCOPE)
endfunction()

# A JSON string, and a JSON array of strings, for the settings files tdm reads.
function(_tdm_json_string out_var value)
  string(REPLACE "\\" "\\\\" value "${value}")
  string(REPLACE "\"" "\\\"" value "${value}")
  string(REPLACE "\n" "\\n" value "${value}")
  string(REPLACE "\t" "\\t" value "${value}")
  set(${out_var} "\"${value}\"" PARENT_SCOPE)
endfunction()

function(_tdm_json_array out_var)
  set(items "")
  foreach(item IN LISTS ARGN)
    _tdm_json_string(item "${item}")
    list(APPEND items "${item}")
  endforeach()
  list(JOIN items ", " items)
  set(${out_var} "[${items}]" PARENT_SCOPE)
endfunction()

# _tdm_slot_servers(<out run options>): for tdm_add_playwright_tests, the servers each test
# slot owns (APP_COMMAND, BROWSER_SERVER): checks those arguments, sets aside the app ports
# (advancing port_index in the caller's scope), writes the settings file `tdm run --daemons`
# reads, and returns the `tdm run` options that name it ("" when the suite owns none).
function(_tdm_slot_servers out_var)
  set(${out_var} "" PARENT_SCOPE)
  if(NOT arg_APP_COMMAND)
    foreach(keyword IN ITEMS APP_PORT_VARIABLE APP_HEALTH_PATH)
      if(DEFINED arg_${keyword})
        message(FATAL_ERROR "${where}: ${keyword} given without APP_COMMAND: add APP_COMMAND "
                            "<command> [<arg>...] (the app server each test slot owns), or leave "
                            "${keyword} out.")
      endif()
    endforeach()
    if(NOT arg_BROWSER_SERVER)
      return()
    endif()
  endif()
  _tdm_json_string(suite "${name}")
  _tdm_json_string(working_directory "${config_dir}")
  set(json "{\n  \"suite\": ${suite},\n  \"working_directory\": ${working_directory}")
  if(arg_APP_COMMAND)
    if(NOT DEFINED arg_APP_PORT_VARIABLE)
      message(FATAL_ERROR "${where}: APP_COMMAND needs APP_PORT_VARIABLE <variable>: the "
                          "environment variable the app reads its port from, e.g. "
                          "APP_PORT_VARIABLE PORT.")
    endif()
    if(NOT arg_APP_PORT_VARIABLE MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
      message(FATAL_ERROR "${where}: APP_PORT_VARIABLE '${arg_APP_PORT_VARIABLE}' is not an "
                          "environment variable name: use letters, digits and '_', not starting "
                          "with a digit, e.g. APP_PORT_VARIABLE PORT.")
    endif()
    if(NOT DEFINED arg_APP_HEALTH_PATH)
      message(FATAL_ERROR "${where}: APP_COMMAND needs APP_HEALTH_PATH <path>: a path of the app "
                          "whose answer names the database it uses, e.g. APP_HEALTH_PATH /health.")
    endif()
    if(NOT arg_APP_HEALTH_PATH MATCHES "^/[!-~]*$")
      message(FATAL_ERROR "${where}: APP_HEALTH_PATH '${arg_APP_HEALTH_PATH}' is not a URL path: "
                          "start it with '/' and leave out spaces, e.g. APP_HEALTH_PATH /health.")
    endif()
    if(NOT TDM_PLAYWRIGHT_APP_SLOTS MATCHES "^[1-9][0-9]*$" OR TDM_PLAYWRIGHT_APP_SLOTS GREATER 256)
      message(FATAL_ERROR "${where}: TDM_PLAYWRIGHT_APP_SLOTS '${TDM_PLAYWRIGHT_APP_SLOTS}' is not "
                          "a number from 1 to 256 (the app ports set aside for the test slots): "
                          "configure with e.g. -DTDM_PLAYWRIGHT_APP_SLOTS=16.")
    endif()
    math(EXPR port_base "${TDM_PLAYWRIGHT_PORT_BASE} + ${port_index}")
    math(EXPR port_index "${port_index} + ${TDM_PLAYWRIGHT_APP_SLOTS}")
    set(port_index "${port_index}" PARENT_SCOPE)
    _tdm_json_array(command ${arg_APP_COMMAND})
    _tdm_json_string(port_variable "${arg_APP_PORT_VARIABLE}")
    _tdm_json_string(health_path "${arg_APP_HEALTH_PATH}")
    string(APPEND json ",\n  \"app\": {\"command\": ${command}, \"port_variable\": "
                       "${port_variable}, \"port_base\": ${port_base}, \"ports\": "
                       "${TDM_PLAYWRIGHT_APP_SLOTS}, \"health_path\": ${health_path}}")
  endif()
  if(arg_BROWSER_SERVER)
    find_program(TDM_NODE_EXECUTABLE NAMES node nodejs DOC "Node.js, which runs TDM's browser server")
    if(NOT TDM_NODE_EXECUTABLE)
      message(FATAL_ERROR "${where}: BROWSER_SERVER needs Node.js, and node was not found: "
                          "install Node.js, or set TDM_NODE_EXECUTABLE to its path.")
    endif()
    _tdm_json_array(browser "${TDM_NODE_EXECUTABLE}" "${_TDM_BROWSER_SERVER_SCRIPT}" "${config}")
    string(APPEND json ",\n  \"browser\": ${browser}")
  endif()
  string(APPEND json "\n}\n")
  set(settings_file "${CMAKE_BINARY_DIR}/tdm/${name}.servers.json")
  set(written "")
  if(EXISTS "${settings_file}")
    file(READ "${settings_file}" written)
  endif()
  if(NOT written STREQUAL json)
    file(WRITE "${settings_file}" "${json}")
  endif()
  set(${out_var} --daemons "${settings_file}" PARENT_SCOPE)
endfunction()

function(tdm_add_playwright_tests name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "BROWSER_SERVER"
                        "FIXTURE;CONFIG;TIMEOUT;SHARDS;APP_PORT_VARIABLE;APP_HEALTH_PATH"
                        "SPECS;LABELS;EXTRA_ARGS;ENVIRONMENT;APP_COMMAND")
  _tdm_check_name(tdm_add_playwright_tests "${name}")
  _tdm_reject_bad_arguments(tdm_add_playwright_tests "${name}")
  set(where "tdm_add_playwright_tests(${name})")
  if(NOT DEFINED arg_CONFIG)
    message(FATAL_ERROR "${where}: CONFIG is required: CONFIG <path of playwright.config.js>.")
  endif()
  cmake_path(ABSOLUTE_PATH arg_CONFIG BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE
             OUTPUT_VARIABLE config)
  if(NOT EXISTS "${config}" OR IS_DIRECTORY "${config}")
    message(FATAL_ERROR "${where}: CONFIG '${arg_CONFIG}' is not a file (looked for ${config}).")
  endif()
  cmake_path(GET config PARENT_PATH config_dir)
  if(DEFINED arg_TIMEOUT AND NOT arg_TIMEOUT MATCHES "^[0-9]+$")
    message(FATAL_ERROR "${where}: TIMEOUT '${arg_TIMEOUT}' is not a number of seconds.")
  endif()
  set(timeout 300)
  if(DEFINED arg_TIMEOUT)
    set(timeout ${arg_TIMEOUT})
  endif()
  set(labels e2e)
  if(arg_LABELS)
    set(labels ${arg_LABELS})
  endif()
  # Every spec file starts a Playwright runner and a worker, each compiling Playwright's
  # modules anew: Node.js 22.1 and later keep the compiled code here for the next one.
  set(compile_cache "${CMAKE_BINARY_DIR}/tdm/node-compile-cache")
  set(shards 0)  # no shard labels
  if(DEFINED arg_SHARDS)
    if(NOT arg_SHARDS MATCHES "^[1-9][0-9]*$")
      message(FATAL_ERROR "${where}: SHARDS '${arg_SHARDS}' is not a positive integer: give the "
                          "number of CI runners the spec files are spread over, e.g. SHARDS 4.")
    endif()
    set(shards ${arg_SHARDS})
  endif()

  if(arg_SPECS)
    set(specs "")
    foreach(spec IN LISTS arg_SPECS)
      cmake_path(ABSOLUTE_PATH spec BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE)
      if(NOT EXISTS "${spec}")
        message(FATAL_ERROR "${where}: SPECS entry '${spec}' does not exist.")
      endif()
      list(APPEND specs "${spec}")
    endforeach()
    list(SORT specs)  # the order SHARDS deals them out in, as for found spec files
    set(spec_root "")
  else()
    _tdm_find_playwright_specs(specs "${config}")
    set(spec_root "${specs_ROOT}")
    if(NOT specs)
      message(FATAL_ERROR "${where}: no spec files (*.spec.js, *.test.ts, ...) found below "
                          "${spec_root}: list them with SPECS <file>...")
    endif()
  endif()

  # The project's own Playwright runs directly: `npx` may refuse ("canceled due to missing
  # packages") when npm is configured not to prompt, which makes parallel CTest runs flaky.
  set(playwright_command "${config_dir}/node_modules/.bin/playwright")
  if(NOT EXISTS "${playwright_command}")
    find_program(TDM_NPX_EXECUTABLE NAMES npx DOC "npx, which runs Playwright for TDM's tests")
    if(NOT TDM_NPX_EXECUTABLE)
      message(FATAL_ERROR "${where}: neither ${playwright_command} nor npx was found: run "
                          "'npm ci' next to ${config}, or install Node.js and npm.")
    endif()
    set(playwright_command "${TDM_NPX_EXECUTABLE}" playwright)
  endif()

  # One report for the whole suite: the fixture <name>.report empties the report directory
  # before the first spec test and merges the blob report each one leaves after the last.
  set(report_dir "${CMAKE_BINARY_DIR}/e2e-report/${name}")
  set(report_settings "${CMAKE_BINARY_DIR}/tdm/${name}.report.cmake")
  set(report_fixture "${name}.report")
  _tdm_fixture(tdm_add_playwright_tests "${name}" "${arg_FIXTURE}")
  string(JOIN "\n" settings
    "set(report_name [==[${name}]==])"
    "set(report_dir [==[${report_dir}]==])"
    "set(results_dir [==[${fixture_file}.results]==])"
    "set(config [==[${config}]==])"
    "set(playwright [==[${playwright_command}]==])")

  get_property(port_index GLOBAL PROPERTY TDM_PLAYWRIGHT_PORT_INDEX)
  if(NOT port_index)
    set(port_index 0)
  endif()
  _tdm_slot_servers(run_options)
  set(tests "")
  set(spec_index 0)
  foreach(spec IN LISTS specs)
    # <root>/admin/users.spec.js -> admin.users; the spec's own folder is enough without a root.
    if(spec_root)
      cmake_path(RELATIVE_PATH spec BASE_DIRECTORY "${spec_root}" OUTPUT_VARIABLE stem)
    else()
      cmake_path(GET spec FILENAME stem)
    endif()
    string(REGEX REPLACE "\\.(spec|test)\\.[cm]?[jt]sx?$" "" stem "${stem}")
    string(REGEX REPLACE "\\.[^./]+$" "" stem "${stem}")
    string(REPLACE "/" "." stem "${stem}")
    set(test "${name}.${stem}")
    if(test IN_LIST tests)
      message(FATAL_ERROR "${where}: two spec files make the test name '${test}': list SPECS "
                          "with distinct file names.")
    endif()
    if(test STREQUAL "${name}.report" OR test STREQUAL "${name}.report-start")
      message(FATAL_ERROR "${where}: the spec file ${spec} makes the test name '${test}', "
                          "which the merged report's tests have: rename the spec file.")
    endif()
    list(APPEND tests "${test}")
    cmake_path(RELATIVE_PATH spec BASE_DIRECTORY "${config_dir}" OUTPUT_VARIABLE spec_arg)
    math(EXPR port "${TDM_PLAYWRIGHT_PORT_BASE} + ${port_index}")
    math(EXPR port_index "${port_index} + 1")
    set(results "${CMAKE_BINARY_DIR}/e2e-results/${test}")
    _tdm_add_run_test(tdm_add_playwright_tests "${test}" "${arg_FIXTURE}" "${config_dir}"
                      "${run_options}" ${playwright_command} test "${spec_arg}" --config "${config}"
                      ${arg_EXTRA_ARGS})
    set(test_labels ${labels})
    if(shards)
      # Dealt out round-robin over the sorted spec files: shard sizes differ by one at most.
      math(EXPR shard "${spec_index} % ${shards} + 1")
      list(APPEND test_labels shard-${shard})
    endif()
    math(EXPR spec_index "${spec_index} + 1")
    set_tests_properties(${test} PROPERTIES
      LABELS "${test_labels}"
      TIMEOUT "${timeout}"
      ENVIRONMENT "E2E_OUTPUT_DIR=${results};PLAYWRIGHT_JUNIT_OUTPUT_NAME=${results}/junit.xml;PLAYWRIGHT_BLOB_OUTPUT_FILE=${report_dir}/blobs/${test}.zip;E2E_PORT=${port};NODE_COMPILE_CACHE=${compile_cache}")
    if(arg_ENVIRONMENT)
      set_property(TEST ${test} APPEND PROPERTY ENVIRONMENT ${arg_ENVIRONMENT})
    endif()
    set_property(TEST ${test} APPEND PROPERTY FIXTURES_REQUIRED "${report_fixture}")
    string(APPEND settings "\nset([==[spec_${test}]==] [==[${spec}]==])")
  endforeach()
  set_property(GLOBAL PROPERTY TDM_PLAYWRIGHT_PORT_INDEX "${port_index}")
  string(APPEND settings "\nset(tests [==[${tests}]==])\n")
  set(written "")
  if(EXISTS "${report_settings}")
    file(READ "${report_settings}" written)
  endif()
  if(NOT written STREQUAL settings)
    file(WRITE "${report_settings}" "${settings}")
  endif()

  foreach(step IN ITEMS start merge)
    set(report_test "${name}.report")
    set(fixture_role FIXTURES_CLEANUP)
    if(step STREQUAL "start")
      set(report_test "${name}.report-start")
      set(fixture_role FIXTURES_SETUP)
    endif()
    add_test(NAME ${report_test}
      COMMAND "${CMAKE_COMMAND}" "-DTDM_REPORT_SETTINGS=${report_settings}"
              -DTDM_REPORT_STEP=${step} -P "${_TDM_PLAYWRIGHT_REPORT_SCRIPT}"
      WORKING_DIRECTORY "${config_dir}")
    set_tests_properties(${report_test} PROPERTIES
      ${fixture_role} "${report_fixture}"
      LABELS "${labels}"
      TIMEOUT "${timeout}")
  endforeach()
  if(shards)
    _tdm_label_shard_fixtures("${where}" "${name}" "${arg_FIXTURE}" ${shards})
  endif()
endfunction()

# _tdm_label_shard_fixtures(<where> <name> <fixture> <shards>): every test the spec tests of
# tdm_add_playwright_tests(<name>) require gets every shard's label, so that `ctest -L shard-<k>`
# lists all that one runner runs (CTest would pull them in anyway).
function(_tdm_label_shard_fixtures where name fixture shards)
  set(shard_labels "")
  foreach(shard RANGE 1 ${shards})
    list(APPEND shard_labels shard-${shard})
  endforeach()
  _tdm_append_labels("${shard_labels}" ${name}.report-start ${name}.report)
  get_property(fixture_tests GLOBAL PROPERTY TDM_FIXTURE_${fixture}_TESTS)
  get_property(fixture_dir GLOBAL PROPERTY TDM_FIXTURE_${fixture}_DIR)
  _tdm_label_tests_in("${where}" "${fixture_dir}" "${shard_labels}" ${fixture_tests})
  get_property(fixture_required GLOBAL PROPERTY TDM_FIXTURE_${fixture}_REQUIRED)
  if("tdm.server" IN_LIST fixture_required)
    get_property(server_dir GLOBAL PROPERTY TDM_SERVER_FIXTURE_DIR)
    _tdm_label_tests_in("${where}" "${server_dir}" "${shard_labels}" tdm.server-start
                        tdm.server-stop)
  endif()
endfunction()

# _tdm_append_labels(<labels> <test>...): adds the labels each test lacks (tests of the current
# directory).
function(_tdm_append_labels labels)
  foreach(test IN LISTS ARGN)
    get_test_property(${test} LABELS have)
    if(NOT have)
      set(have "")
    endif()
    list(APPEND have ${labels})
    list(REMOVE_DUPLICATES have)
    set_tests_properties(${test} PROPERTIES LABELS "${have}")
  endforeach()
endfunction()

# _tdm_label_tests_in(<where> <source dir> <labels> <test>...): _tdm_append_labels for tests
# that <source dir> added. Before CMake 3.28 a test's properties can be set only in its own
# directory: there, at its end, when it is still being read (this one or an ancestor).
function(_tdm_label_tests_in where directory labels)
  set(open "${CMAKE_CURRENT_SOURCE_DIR}")
  while(open AND NOT open STREQUAL directory)
    get_directory_property(open DIRECTORY "${open}" PARENT_DIRECTORY)
  endwhile()
  if(directory STREQUAL CMAKE_CURRENT_SOURCE_DIR)
    _tdm_append_labels("${labels}" ${ARGN})
  elseif(open)
    # Deferred calls read variables when they run: the values go in as bracket arguments.
    string(JOIN " " tests ${ARGN})
    set(call "cmake_language(DEFER DIRECTORY [==[${directory}]==] CALL _tdm_append_labels")
    string(APPEND call " [==[${labels}]==] ${tests})")
    cmake_language(EVAL CODE "${call}")
  elseif(CMAKE_VERSION VERSION_GREATER_EQUAL 3.28)
    set_property(TEST ${ARGN} DIRECTORY "${directory}" APPEND PROPERTY LABELS ${labels})
  else()
    message(WARNING "${where}: the tests ${ARGN} of ${directory} do not get the shard labels "
                    "(CMake before 3.28 sets test properties only in a test's own directory or "
                    "an enclosing one): CTest still runs them with each shard's specs. Call "
                    "tdm_add_snapshot in this directory or one that encloses it for an exact "
                    "ctest -N -L shard-<k> listing.")
  endif()
endfunction()

cmake_policy(POP)
