# Install rules of TDM's CMake package: the `tdm` executable exported as TDM::tdm, the module
# TDMFixtures.cmake (with TDMPlaywrightReport.cmake, the script its report tests run, and
# TDMBrowserServer.mjs, the browser server of BROWSER_SERVER),
# TDMConfig.cmake and TDMConfigVersion.cmake under
# <prefix>/${CMAKE_INSTALL_LIBDIR}/cmake/TDM, so that an outside project can do
#
#   find_package(TDM CONFIG REQUIRED)   # with CMAKE_PREFIX_PATH=<prefix>
#   tdm_add_snapshot(app ...)
#
# and the JavaScript helper for its tests, the npm package of js/tdm-fixtures, under
# <prefix>/${CMAKE_INSTALL_DATADIR}/tdm/js/tdm-fixtures (`npm install <that directory>`).
#
# Included by the top-level CMakeLists.txt after the `tdm` target exists.
include_guard(GLOBAL)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(TDM_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/TDM" CACHE STRING
    "Where TDM's CMake package files are installed (relative to the prefix)")
set(TDM_INSTALL_JSDIR "${CMAKE_INSTALL_DATADIR}/tdm/js" CACHE STRING
    "Where TDM's JavaScript packages are installed (relative to the prefix)")
mark_as_advanced(TDM_INSTALL_CMAKEDIR TDM_INSTALL_JSDIR)

install(TARGETS tdm EXPORT TDMTargets RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(EXPORT TDMTargets NAMESPACE TDM:: DESTINATION "${TDM_INSTALL_CMAKEDIR}")

configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/TDMConfig.cmake.in" "${PROJECT_BINARY_DIR}/cmake/TDMConfig.cmake"
  INSTALL_DESTINATION "${TDM_INSTALL_CMAKEDIR}")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/cmake/TDMConfigVersion.cmake"
                                 VERSION "${PROJECT_VERSION}" COMPATIBILITY SameMajorVersion)
install(FILES "${CMAKE_CURRENT_LIST_DIR}/TDMFixtures.cmake"
              "${CMAKE_CURRENT_LIST_DIR}/TDMPlaywrightReport.cmake"
              "${CMAKE_CURRENT_LIST_DIR}/TDMBrowserServer.mjs"
              "${PROJECT_BINARY_DIR}/cmake/TDMConfig.cmake"
              "${PROJECT_BINARY_DIR}/cmake/TDMConfigVersion.cmake"
        DESTINATION "${TDM_INSTALL_CMAKEDIR}")

# tdm_install_js_package(<dir>): installs package.json and the files its "files" lists (what
# npm packs) into ${TDM_INSTALL_JSDIR}/<name of dir>.
function(tdm_install_js_package dir)
  cmake_path(NORMAL_PATH dir)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${dir}/package.json")
  file(READ "${dir}/package.json" manifest)
  string(JSON count LENGTH "${manifest}" files)
  set(files "${dir}/package.json")
  math(EXPR last "${count} - 1")
  foreach(index RANGE ${last})
    string(JSON file GET "${manifest}" files ${index})
    list(APPEND files "${dir}/${file}")
  endforeach()
  cmake_path(GET dir FILENAME name)
  install(FILES ${files} DESTINATION "${TDM_INSTALL_JSDIR}/${name}")
endfunction()

tdm_install_js_package("${CMAKE_CURRENT_LIST_DIR}/../js/tdm-fixtures")
