# Install rules of TDM's CMake package: the `tdm` executable exported as TDM::tdm, the module
# TDMFixtures.cmake, TDMConfig.cmake and TDMConfigVersion.cmake under
# <prefix>/${CMAKE_INSTALL_LIBDIR}/cmake/TDM, so that an outside project can do
#
#   find_package(TDM CONFIG REQUIRED)   # with CMAKE_PREFIX_PATH=<prefix>
#   tdm_add_snapshot(app ...)
#
# Included by the top-level CMakeLists.txt after the `tdm` target exists.
include_guard(GLOBAL)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(TDM_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/TDM" CACHE STRING
    "Where TDM's CMake package files are installed (relative to the prefix)")
mark_as_advanced(TDM_INSTALL_CMAKEDIR)

install(TARGETS tdm EXPORT TDMTargets RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(EXPORT TDMTargets NAMESPACE TDM:: DESTINATION "${TDM_INSTALL_CMAKEDIR}")

configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/TDMConfig.cmake.in" "${PROJECT_BINARY_DIR}/cmake/TDMConfig.cmake"
  INSTALL_DESTINATION "${TDM_INSTALL_CMAKEDIR}")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/cmake/TDMConfigVersion.cmake"
                                 VERSION "${PROJECT_VERSION}" COMPATIBILITY SameMajorVersion)
install(FILES "${CMAKE_CURRENT_LIST_DIR}/TDMFixtures.cmake"
              "${PROJECT_BINARY_DIR}/cmake/TDMConfig.cmake"
              "${PROJECT_BINARY_DIR}/cmake/TDMConfigVersion.cmake"
        DESTINATION "${TDM_INSTALL_CMAKEDIR}")
