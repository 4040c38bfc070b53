# Installs this build into a scratch prefix, builds examples/my_op against it with
# find_package(zcnas), and checks that the installed zcnas builds a network using the op.
include(${CMAKE_CURRENT_LIST_DIR}/out_of_tree_build.cmake)
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
