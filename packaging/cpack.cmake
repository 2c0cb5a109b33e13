# SPDX-License-Identifier: MIT
# The Debian packages, made by `cmake --build BUILD --target package` (or cpack) in BUILD:
#   scuttlescope_VERSION_ARCH.deb  (component Runtime) the two programs, their manuals,
#                                  the desktop entry, icons and AppStream metadata
#   libsblib-dev_VERSION_ARCH.deb  (component Development) sblib's headers, static
#                                  libraries and CMake package, for find_package(sblib)
# The programs' Depends come from dpkg-shlibdeps (dpkg-dev), so they name the Debian
# packages of the libraries the binaries really link: Qt 6 Core, Gui, Widgets, Network,
# Charts (libqt6charts6, the Sync Health dock; it brings libqt6opengl6 and
# libqt6openglwidgets6), libssl3, and libsystemd0 (sbpeer's sd_notify). Qt's xcb platform plugin is in libqt6gui6 on Debian 12, its TLS plugin in
# libqt6network6.
set(SCUTTLESCOPE_MAINTAINER "Scuttlescope maintainers <maintainers@users.noreply.r-seed-cbc6da76.example>"
    CACHE STRING "The Maintainer of the Debian packages")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME scuttlescope)
set(CPACK_PACKAGE_VENDOR Scuttlescope)
set(CPACK_PACKAGE_CONTACT ${SCUTTLESCOPE_MAINTAINER})
# Each package's synopsis is the first line of its own description below; an empty
# summary keeps CPack from putting the project's in front of both.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL Runtime Development)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME scuttlescope)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION net)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_RUNTIME_DESCRIPTION
    "inspect and edit scuttlebutt replicas
Scuttlescope inspects and edits replicas that speak the scuttlebutt protocol,
the anti-entropy replication of the npm package scuttlebutt, in both wire
dialects (5.x and 4.x). The desktop application shows a replica's keys, vector
clocks, the timeline of updates with time travel, and its peers.

sbpeer is a headless peer for scripts, servers and tests, with signed updates
(Ed25519 or RSA-SHA1), TLS with pinned certificates and crash-safe files.")

set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_NAME libsblib-dev)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_DEPENDS "qt6-base-dev (>= 6.4), libssl-dev (>= 3)")
set(CPACK_DEBIAN_DEVELOPMENT_DESCRIPTION
    "scuttlebutt replication library of Scuttlescope (development files)
sblib replicates key/value models and event logs with peers of the npm
package scuttlebutt, over any QIODevice or TCP, with signed updates, TLS and
replica files. This package holds its headers, static libraries and CMake
package: find_package(sblib) gives the targets sblib::sblib and
sblib::sbjson.")

# Each package carries the licence as a machine-readable (DEP-5) copyright file and
# the changelog, which must say the package's version (tests/install checks).
foreach(component_package IN ITEMS Runtime:scuttlescope Development:libsblib-dev)
    string(REPLACE ":" ";" component_package ${component_package})
    list(GET component_package 0 component)
    list(GET component_package 1 package)
    install(FILES ${CMAKE_CURRENT_LIST_DIR}/copyright ${CMAKE_CURRENT_LIST_DIR}/changelog
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${package} COMPONENT ${component})
endforeach()

# Debian's packages carry their manual pages and changelogs gzip-compressed.
set(CPACK_PRE_BUILD_SCRIPTS ${CMAKE_CURRENT_LIST_DIR}/compress-manuals.cmake)

include(CPack)
