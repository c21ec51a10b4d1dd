# Every external dependency, found the ordinary CMake way. scripts/install-deps provides them
# on Debian/Ubuntu; the README lists the Homebrew and vcpkg equivalents.
find_package(PkgConfig REQUIRED)

set(FLOTILLA_QT_COMPONENTS Core Network Sql Concurrent HttpServer WebSockets)
if(FLOTILLA_GUI)
  list(APPEND FLOTILLA_QT_COMPONENTS Gui Widgets Svg DBus LinguistTools)
endif()
if(FLOTILLA_BUILD_TESTS)
  list(APPEND FLOTILLA_QT_COMPONENTS Test)
endif()
find_package(Qt6 6.4 REQUIRED COMPONENTS ${FLOTILLA_QT_COMPONENTS})
qt_standard_project_setup()

pkg_check_modules(LIBGIT2 REQUIRED IMPORTED_TARGET libgit2>=1.1)
find_package(yaml-cpp 0.6 REQUIRED)
if(NOT TARGET yaml-cpp::yaml-cpp)
  # yaml-cpp before 0.8 exports a plain "yaml-cpp" target
  add_library(yaml-cpp::yaml-cpp ALIAS yaml-cpp)
endif()
find_package(Qt6Keychain REQUIRED)
# Optional: where libgit2 reaches OpenSSL (through libssh2), its exit handler is turned off
# (src/core/git/git_runtime.h).
find_package(OpenSSL COMPONENTS Crypto QUIET)

if(FLOTILLA_GUI)
  include(FlotillaSyntaxHighlighting)
endif()
