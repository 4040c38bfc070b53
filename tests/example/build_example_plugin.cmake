# Installs this build into a scratch prefix, builds examples/my_proxy against it with
# find_package(zcnas), and checks that the installed zcnas loads and runs the plugin.
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}")
run(${CMAKE_COMMAND} -S "${EXAMPLE_DIR}" -B "${WORK_DIR}/build" "-DCMAKE_PREFIX_PATH=${prefix}"
    -DCMAKE_BUILD_TYPE=RelWithDebInfo)
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")

set(zcnas "${prefix}/bin/zcnas")
run("${zcnas}" --plugin-path "${WORK_DIR}/build/plugins" plugins show activation_density)
if(NOT out MATCHES "activation_density 0\\.1\\.0 \\(proxy\\)")
  message(FATAL_ERROR "installed zcnas did not list the example plugin:\n${out}")
endif()
# The installed zcnas finds its own shipped plugins (lib/zcnas/plugins) and the example.
run("${zcnas}" --plugin-path "${WORK_DIR}/build/plugins" doctor)
if(NOT out MATCHES "activation_density +0\\.[0-9]+" OR NOT out MATCHES "params +1586")
  message(FATAL_ERROR "doctor did not score with the example and shipped plugins:\n${out}")
endif()
message(STATUS "example plugin built out of tree and loaded:\n${out}")
