# Installs this build into a scratch prefix, builds examples/my_proxy against it with
# find_package(zcnas), and checks that the installed zcnas loads and runs the plugin.
include(${CMAKE_CURRENT_LIST_DIR}/out_of_tree_build.cmake)
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
