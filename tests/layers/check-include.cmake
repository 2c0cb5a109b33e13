# SPDX-License-Identifier: MIT
# Preprocesses `#include "HEADER"` with the include path INCLUDES (a list) and
# checks the outcome against EXPECTED: FOUND, or NOT_FOUND (and for no other
# reason). Run by tests/layers/CMakeLists.txt.
file(MAKE_DIRECTORY ${WORK_DIR})
file(WRITE ${WORK_DIR}/probe.cpp "#include \"${HEADER}\"\n")
# -fPIC: Qt built with -reduce-relocations refuses code without it.
set(flags -std=c++20 -fPIC -E -o /dev/null)
foreach(dir IN LISTS INCLUDES)
    list(APPEND flags -I${dir})
endforeach()
execute_process(COMMAND ${COMPILER} ${flags} ${WORK_DIR}/probe.cpp
    RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(EXPECTED STREQUAL "FOUND")
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "${HEADER} should be in reach of this layer, but:\n${output}")
    endif()
elseif(status EQUAL 0)
    message(FATAL_ERROR "${HEADER} is in reach of this layer, which the layer rules forbid")
elseif(NOT output MATCHES "${HEADER}: No such file")
    message(FATAL_ERROR "${HEADER} did not preprocess, but not because it was out of reach:\n${output}")
endif()
