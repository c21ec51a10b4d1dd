# Language level, warnings, Qt strictness and sanitizers for every Flotilla target.
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
set(CMAKE_AUTOMOC ON)
set(CMAKE_AUTORCC ON)
set(CMAKE_AUTOUIC ON)
set(CMAKE_AUTOUIC_SEARCH_PATHS "${PROJECT_SOURCE_DIR}/ui")

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

# Applied per target (not globally) so third-party code built in-tree keeps its own flags.
add_library(flotilla_compile_options INTERFACE)
target_compile_definitions(flotilla_compile_options INTERFACE
  QT_NO_CAST_FROM_ASCII
  QT_NO_CAST_TO_ASCII
  QT_NO_CAST_FROM_BYTEARRAY
  QT_NO_URL_CAST_FROM_STRING
  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  QT_NO_CONTEXTLESS_CONNECT
  QT_NO_FOREACH
  QT_USE_QSTRINGBUILDER
  QT_DISABLE_DEPRECATED_BEFORE=0x060000
  FLOTILLA_VERSION="${PROJECT_VERSION}")

if(MSVC)
  target_compile_options(flotilla_compile_options INTERFACE /W4 /permissive- /Zc:__cplusplus /utf-8)
  if(FLOTILLA_WERROR)
    target_compile_options(flotilla_compile_options INTERFACE /WX)
  endif()
else()
  target_compile_options(flotilla_compile_options INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
    -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
  if(FLOTILLA_WERROR)
    target_compile_options(flotilla_compile_options INTERFACE -Werror)
  endif()
endif()

if(FLOTILLA_SANITIZE)
  if(MSVC)
    target_compile_options(flotilla_compile_options INTERFACE /fsanitize=address)
  else()
    target_compile_options(flotilla_compile_options INTERFACE
      -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(flotilla_compile_options INTERFACE -fsanitize=address,undefined)
  endif()
endif()
