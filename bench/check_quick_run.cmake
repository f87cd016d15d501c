# Runs `imwgpu-bench --quick` and checks that it exits 0, writes a chart, and writes JSON holding the
# answer of its probe of mapped vertex buffers and a record with the required figures for every
# (scenario, mode), where a figure that is not a number (the floors' NewFrame time) is null. Used by the
# bench_quick test.
#   cmake -DBENCH=<imwgpu-bench> -DOUT_DIR=<folder> -P check_quick_run.cmake

set(scenarios demo images-1 images-16 images-256 images-1024 churn windows-200 mesh-1m two-calls)
set(modes cached recreate floor floor+upload floor+mapped floor+gather)
set(fields render_cpu_us_median render_cpu_us_p90 bind_groups_created_per_frame upload_bytes_per_frame
           upload_writes_per_frame staged_bytes_per_frame buffer_reallocations_after_warmup upload_arena_bytes gpu_us_median)

file(REMOVE_RECURSE "${OUT_DIR}")
file(MAKE_DIRECTORY "${OUT_DIR}")
execute_process(
    COMMAND "${BENCH}" --quick --json "${OUT_DIR}/bench.json" --chart "${OUT_DIR}/bench.png"
    RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "imwgpu-bench --quick exited with ${status}")
endif()
if(NOT EXISTS "${OUT_DIR}/bench.png")
    message(FATAL_ERROR "imwgpu-bench --quick wrote no chart")
endif()

file(READ "${OUT_DIR}/bench.json" json)
string(JSON count ERROR_VARIABLE json_error LENGTH "${json}" records)
if(json_error)
    message(FATAL_ERROR "bench.json is not valid JSON with a records array: ${json_error}")
endif()
string(JSON probe_type ERROR_VARIABLE probe_error TYPE "${json}" mapped_vertex_buffers)
if(probe_error OR NOT probe_type STREQUAL "STRING")
    message(FATAL_ERROR "bench.json has no answer to the probe of mapped vertex buffers (mapped_vertex_buffers)")
endif()
math(EXPR last "${count} - 1")
foreach(scenario IN LISTS scenarios)
    foreach(mode IN LISTS modes)
        set(found FALSE)
        foreach(i RANGE ${last})
            string(JSON s GET "${json}" records ${i} scenario)
            string(JSON m GET "${json}" records ${i} mode)
            if(s STREQUAL scenario AND m STREQUAL mode)
                set(found TRUE)
                foreach(field IN LISTS fields)
                    string(JSON type ERROR_VARIABLE field_error TYPE "${json}" records ${i} ${field})
                    if(field_error OR NOT type STREQUAL "NUMBER")
                        message(FATAL_ERROR "${scenario}/${mode}: ${field} is missing or not a number")
                    endif()
                endforeach()
                # The floors run no NewFrame(): their NewFrame figures are not numbers, and are written as null.
                if(mode MATCHES "^floor")
                    string(JSON type ERROR_VARIABLE field_error TYPE "${json}" records ${i} newframe_cpu_us_median)
                    if(field_error OR NOT type STREQUAL "NULL")
                        message(FATAL_ERROR "${scenario}/${mode}: newframe_cpu_us_median is missing or not null")
                    endif()
                endif()
            endif()
        endforeach()
        if(NOT found)
            message(FATAL_ERROR "bench.json has no record for ${scenario}/${mode}")
        endif()
    endforeach()
endforeach()
message(STATUS "bench.json: ${count} records, every (scenario, mode) present")
