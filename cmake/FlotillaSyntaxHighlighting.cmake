# KSyntaxHighlighting built against Qt 6. KF6 where the system has it; otherwise the KDE
# Frameworks 5.116 build made by scripts/build-ksyntaxhighlighting, whose CMake package is
# still named KF5SyntaxHighlighting although it links only Qt 6.
find_package(KF6SyntaxHighlighting QUIET)
if(KF6SyntaxHighlighting_FOUND)
  add_library(Flotilla::SyntaxHighlighting ALIAS KF6::SyntaxHighlighting)
  set(FLOTILLA_SYNTAX_HIGHLIGHTING_MAJOR 6)
  return()
endif()

if(NOT KF5SyntaxHighlighting_DIR)
  execute_process(
    COMMAND "${PROJECT_SOURCE_DIR}/scripts/build-ksyntaxhighlighting" --prefix
    OUTPUT_VARIABLE _flotilla_ksh_prefix OUTPUT_STRIP_TRAILING_WHITESPACE
    RESULT_VARIABLE _flotilla_ksh_result)
  if(_flotilla_ksh_result EQUAL 0)
    list(APPEND CMAKE_PREFIX_PATH "${_flotilla_ksh_prefix}")
  endif()
endif()

find_package(KF5SyntaxHighlighting 5.100)
if(NOT KF5SyntaxHighlighting_FOUND)
  message(FATAL_ERROR
    "KSyntaxHighlighting for Qt 6 not found. Install KF6SyntaxHighlighting, or run "
    "scripts/build-ksyntaxhighlighting to build it into the cache prefix.")
endif()
get_target_property(_flotilla_ksh_links KF5::SyntaxHighlighting INTERFACE_LINK_LIBRARIES)
if(_flotilla_ksh_links MATCHES "Qt5::")
  message(FATAL_ERROR
    "The KF5SyntaxHighlighting found at ${KF5SyntaxHighlighting_DIR} links Qt 5; "
    "Flotilla needs a build for Qt 6 (scripts/build-ksyntaxhighlighting makes one).")
endif()
add_library(Flotilla::SyntaxHighlighting ALIAS KF5::SyntaxHighlighting)
set(FLOTILLA_SYNTAX_HIGHLIGHTING_MAJOR 5)
