# Installs this build into a scratch prefix, builds examples/my_op against it with
# find_package(zcnas), and checks that the installed zcnas builds a network using the op.
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
run("${zcnas}" --plugin-path "${WORK_DIR}/build/plugins" plugins show squeeze_excite)
if(NOT out MATCHES "squeeze_excite 0\\.1\\.0 \\(op\\)")
  message(FATAL_ERROR "installed zcnas did not list the example op:\n${out}")
endif()
# conv 3->32 (864) + bn (64) + SE 32->8->32 (264 + 288) + conv 32->64 (18432) + bn (128)
# + SE 64->8->64 (520 + 576) + linear 64->10 (650) = 21786
run("${zcnas}" --plugin-path "${WORK_DIR}/build/plugins" arch show "${EXAMPLE_DIR}/se_net.zc" --json)
if(NOT out MATCHES "\"params\": 21786")
  message(FATAL_ERROR "arch show did not build the network with the example op:\n${out}")
endif()
# Without the plugin the same file is refused where the op is used, naming the op.
execute_process(COMMAND "${zcnas}" check "${EXAMPLE_DIR}/se_net.zc" RESULT_VARIABLE rc OUTPUT_VARIABLE o ERROR_VARIABLE e)
if(rc EQUAL 0 OR NOT "${o}${e}" MATCHES "se_net.zc:8:[0-9]+: no op or block named 'squeeze_excite'")
  message(FATAL_ERROR "check without the op plugin should fail at the op (${rc}):\n${o}\n${e}")
endif()
message(STATUS "example op built out of tree and used:\n${out}")
