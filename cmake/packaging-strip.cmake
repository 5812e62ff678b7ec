# CPack pre-build script (CPACK_PRE_BUILD_SCRIPTS): removes the .comment and .note sections from the programs in
# the staging tree, which CPack's plain strip leaves (lintian: binary-has-unneeded-section).
find_program(NPY_STRIP strip)
if(NOT NPY_STRIP)
    return()
endif()
file(GLOB_RECURSE programs LIST_DIRECTORIES false "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*/bin/*")
list(LENGTH programs n)
message(STATUS "Removing .comment and .note from ${n} programs under ${CPACK_TEMPORARY_INSTALL_DIRECTORY}")
foreach(program IN LISTS programs)
    execute_process(COMMAND "${NPY_STRIP}" --remove-section=.comment --remove-section=.note "${program}"
        RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "strip failed on ${program}")
    endif()
endforeach()
