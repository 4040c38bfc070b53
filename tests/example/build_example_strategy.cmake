# Installs this build into a scratch prefix, builds examples/my_strategy against it with
# find_package(zcnas), and checks that the installed zcnas lists the strategy and searches
# with it (scores looked up in the shipped table, so it takes seconds).
include(${CMAKE_CURRENT_LIST_DIR}/out_of_tree_build.cmake)
run("${zcnas}" --plugin-path "${WORK_DIR}/build/plugins" plugins show local_search)
if(NOT out MATCHES "local_search 0\\.1\\.0 \\(strategy\\)")
  message(FATAL_ERROR "installed zcnas did not list the example strategy:\n${out}")
endif()
file(REMOVE_RECURSE "${WORK_DIR}/runs")
run("${zcnas}" --plugin-path "${WORK_DIR}/build/plugins" search "${EXAMPLE_DIR}/nb201_local_search.toml"
    --out "${WORK_DIR}/runs/local")
if(NOT EXISTS "${WORK_DIR}/runs/local/best.json")
  message(FATAL_ERROR "the search with the example strategy wrote no best.json:\n${out}")
endif()
file(READ "${WORK_DIR}/runs/local/best.json" best)
if(NOT best MATCHES "\"strategy\": \"local_search\"" OR NOT best MATCHES "\"evaluations\": 100")
  message(FATAL_ERROR "best.json does not record a 100-evaluation local_search:\n${best}")
endif()
message(STATUS "example strategy built out of tree and searched with:\n${out}")
