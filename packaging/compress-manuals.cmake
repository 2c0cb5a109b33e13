# SPDX-License-Identifier: MIT
# Run by CPack (CPACK_PRE_BUILD_SCRIPTS, see cpack.cmake) on the staged files before
# it makes the .debs: Debian policy wants manual pages and changelogs compressed with
# gzip -9n.
file(GLOB_RECURSE pages "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*.[1-9]")
list(FILTER pages INCLUDE REGEX "/share/man/man[1-9]/[^/]+\\.[1-9]$")
file(GLOB_RECURSE changelogs "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*/changelog")
list(FILTER changelogs INCLUDE REGEX "/share/doc/[^/]+/changelog$")
foreach(document IN LISTS pages changelogs)
    execute_process(COMMAND gzip -9nf ${document} COMMAND_ERROR_IS_FATAL ANY)
endforeach()
