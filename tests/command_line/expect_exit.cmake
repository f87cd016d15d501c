# Runs one program with a command line and checks how it ends: its exit status and a text its output (stdout and
# stderr together) must contain. Used by the command-line tests (CMakeLists.txt here).
#   cmake -DPROGRAM=<program> "-DARGS=<arguments, as a shell would split them>" -DSTATUS=<n> "-DOUTPUT=<text>"
#         -P expect_exit.cmake
separate_arguments(args UNIX_COMMAND "${ARGS}")
execute_process(COMMAND "${PROGRAM}" ${args} RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT status STREQUAL STATUS)
    message(FATAL_ERROR "${PROGRAM} ${ARGS}: exit status ${status}, not ${STATUS}. Output:\n${output}")
endif()
string(FIND "${output}" "${OUTPUT}" at)
if(at EQUAL -1)
    message(FATAL_ERROR "${PROGRAM} ${ARGS}: the output does not contain '${OUTPUT}'. Output:\n${output}")
endif()
message(STATUS "${PROGRAM} ${ARGS}: exit status ${status}, output names '${OUTPUT}'")
