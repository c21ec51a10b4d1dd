# Packages from one install: DEB and RPM on Linux (built and installed on Debian in the tests),
# a DragNDrop DMG of the app bundle on macOS and an NSIS installer on Windows (written to the
# platforms' documented recipes, not built here: see docs/installing.md).
set(CPACK_PACKAGE_NAME "flotilla")
set(CPACK_PACKAGE_VENDOR "The Flotilla developers")
set(CPACK_PACKAGE_CONTACT "The Flotilla developers <hello@flotilla.dev>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "Flotilla hands issues to AI coding agents, each in its own git worktree with its own branch and pull request, follows CI and review, and asks a person only when a decision is theirs.")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Flotilla")
set(CPACK_STRIP_FILES ON)
set(CPACK_SOURCE_IGNORE_FILES "/build/;/\\\\.git/")

# Debian: library dependencies read from the binaries (KSyntaxHighlighting is linked in
# statically, so it needs none); the tools agents run in are recommended.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION "devel")
set(CPACK_DEBIAN_PACKAGE_DEPENDS "git, libsecret-1-0, libqt6sql6-sqlite, libqt6svg6")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "tmux, gnome-keyring | kwalletmanager")

# RPM (Fedora, openSUSE): library dependencies found by rpmbuild itself.
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_LICENSE "${FLOTILLA_LICENSE}")
set(CPACK_RPM_PACKAGE_GROUP "Development/Tools")
set(CPACK_RPM_PACKAGE_AUTOREQ ON)
set(CPACK_RPM_PACKAGE_REQUIRES "git, libsecret")
set(CPACK_RPM_PACKAGE_SUGGESTS "tmux")
# Folders the system's packages own (the hicolor theme's size folders among them).
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /usr/share/applications /usr/share/metainfo /usr/share/icons /usr/share/icons/hicolor
    /usr/share/icons/hicolor/scalable /usr/share/icons/hicolor/scalable/apps)
foreach(size ${FLOTILLA_ICON_SIZES})
  list(APPEND CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION /usr/share/icons/hicolor/${size}x${size}
       /usr/share/icons/hicolor/${size}x${size}/apps)
endforeach()

if(APPLE)
  set(CPACK_GENERATOR "DragNDrop")
  set(CPACK_DMG_VOLUME_NAME "Flotilla")
  set(CPACK_DMG_FORMAT "UDZO")
elseif(WIN32)
  set(CPACK_GENERATOR "NSIS")
  set(CPACK_NSIS_DISPLAY_NAME "Flotilla")
  set(CPACK_NSIS_PACKAGE_NAME "Flotilla")
  set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\flotilla.exe")
  set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
  set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
  set(CPACK_NSIS_MODIFY_PATH ON) # puts flo on PATH when the person agrees
  set(CPACK_PACKAGE_EXECUTABLES "flotilla" "Flotilla")
  # flotilla:// links open the app; the uninstaller takes the handler away again.
  file(READ "${PROJECT_SOURCE_DIR}/packaging/windows/url-handler-install.nsh" CPACK_NSIS_EXTRA_INSTALL_COMMANDS)
  file(READ "${PROJECT_SOURCE_DIR}/packaging/windows/url-handler-uninstall.nsh" CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS)
else()
  set(CPACK_GENERATOR "DEB;RPM")
endif()

include(CPack)
