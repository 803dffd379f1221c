# tdm_client_mariadb and tdm_client_hiredis: the MariaDB client library and hiredis, as the
# shared libraries pkg-config names or, with TDM_STATIC_CLIENT_LIBRARIES, as their static
# archives from the same directories together with what those need.

# _tdm_client_library(<target> <pkg-config prefix> <archive> <extra link item>...)
function(_tdm_client_library target prefix archive)
  if(NOT TDM_STATIC_CLIENT_LIBRARIES)
    add_library(${target} INTERFACE)
    target_link_libraries(${target} INTERFACE PkgConfig::${prefix})
    return()
  endif()
  find_library(TDM_${prefix}_ARCHIVE NAMES ${archive} HINTS ${${prefix}_LIBRARY_DIRS})
  if(NOT TDM_${prefix}_ARCHIVE)
    message(FATAL_ERROR "TDM_STATIC_CLIENT_LIBRARIES is ON but ${archive} was not found in "
                        "'${${prefix}_LIBRARY_DIRS}' (where pkg-config found the shared "
                        "library): install the package that ships it, or configure with "
                        "-DTDM_STATIC_CLIENT_LIBRARIES=OFF to link the shared library.")
  endif()
  # An imported static library, so that CMake puts what it needs after it on the link line.
  add_library(${target} STATIC IMPORTED)
  set_target_properties(${target} PROPERTIES
    IMPORTED_LOCATION "${TDM_${prefix}_ARCHIVE}"
    INTERFACE_INCLUDE_DIRECTORIES "${${prefix}_INCLUDE_DIRS}"
    INTERFACE_LINK_LIBRARIES "${ARGN}")
endfunction()

_tdm_client_library(tdm_client_mariadb MYSQLCLIENT libmariadb.a
                    OpenSSL::SSL OpenSSL::Crypto ZLIB::ZLIB ${CMAKE_DL_LIBS} m)
_tdm_client_library(tdm_client_hiredis HIREDIS libhiredis.a)
