# Install rules for the documentation a package carries (gzipped man pages, the DEP-5 copyright file, the Debian
# changelog) and the CPack configuration of the Debian package `npy-inspector` (scripts/package.sh builds it).

include(GNUInstallDirs)
# Directories in the package are 0755 whatever the umask of whoever builds it.
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
find_program(GZIP_EXECUTABLE gzip REQUIRED)

# npy_gzip(<source> <output> <destination>): compresses <source> as gzip -9n (no name or time stamp, so the
# result is reproducible) at build time and installs it under <destination>.
function(npy_gzip source output destination)
    set(gz "${CMAKE_BINARY_DIR}/packaging/${output}")
    add_custom_command(OUTPUT "${gz}"
        COMMAND ${CMAKE_COMMAND} -E make_directory "${CMAKE_BINARY_DIR}/packaging"
        COMMAND sh -c "\"$1\" -9nc < \"$2\" > \"$3\"" npy_gzip "${GZIP_EXECUTABLE}" "${source}" "${gz}"
        DEPENDS "${source}"
        COMMENT "Compressing ${output}"
        VERBATIM)
    string(MAKE_C_IDENTIFIER "npy_gz_${output}" target)
    add_custom_target(${target} ALL DEPENDS "${gz}")
    install(FILES "${gz}" DESTINATION "${destination}" RENAME "${output}")
endfunction()

npy_gzip("${PROJECT_SOURCE_DIR}/docs/man/npy-tool.1" npy-tool.1.gz "${CMAKE_INSTALL_MANDIR}/man1")
npy_gzip("${PROJECT_SOURCE_DIR}/docs/man/npy-inspector.1" npy-inspector.1.gz "${CMAKE_INSTALL_MANDIR}/man1")

set(NPY_DOC_DIR "${CMAKE_INSTALL_DATADIR}/doc/npy-inspector")
install(FILES "${PROJECT_SOURCE_DIR}/packaging/copyright" DESTINATION "${NPY_DOC_DIR}")
# A native package (the version has no Debian revision) keeps its Debian changelog as changelog.gz.
npy_gzip("${PROJECT_SOURCE_DIR}/packaging/changelog" changelog.gz "${NPY_DOC_DIR}")

# ---- CPack: one Debian binary package ----
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME npy-inspector)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "The NPY Inspector developers")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://github.com/npyinspector/npy-inspector")
set(CPACK_PACKAGE_CONTACT "NPY Inspector developers <npyinspector@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "viewer and editor for NumPy .npy and .npz files")
# The extended description: CPack indents it and turns empty lines into " ." as deb-control(5) asks.
set(CPACK_PACKAGE_DESCRIPTION
"NPY Inspector opens the arrays NumPy writes with np.save and np.savez: it
browses the members of an archive, shows any array as a table or a heatmap,
slices N-dimensional arrays, compares two files and saves edits back in the
file's own format. It reads every dtype np.save writes, memory-maps large
files instead of reading them, and never unpickles anything.

The package also contains npy-tool, a command line companion that inspects,
checks, converts, exports, renders, searches and compares the same files.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
# After CPack's plain strip, drop the .comment and .note sections as dh_strip does.
set(CPACK_PRE_BUILD_SCRIPTS "${CMAKE_CURRENT_LIST_DIR}/packaging-strip.cmake")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
# Libraries the programs link are found by dpkg-shlibdeps; the Qt plug-ins they load at run time are named here:
# the X11/Wayland platform plug-ins and the SVG image plug-in that draws the icon.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins, libqt6svg6")
# xdg-mime, which the README's "make it the default" step and file-type queries use.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "xdg-utils")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
