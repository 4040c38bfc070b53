# ccache turns a rebuild in a fresh clone into seconds. The sloppiness settings are what
# lets it cache translation units that use the precompiled torch header.
if(ZCNAS_USE_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  find_program(ZCNAS_CCACHE ccache)
  if(ZCNAS_CCACHE)
    set(CMAKE_CXX_COMPILER_LAUNCHER
        ${CMAKE_COMMAND} -E env
        "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime"
        "CCACHE_BASEDIR=${CMAKE_SOURCE_DIR}" CCACHE_NOHASHDIR=1
        ${ZCNAS_CCACHE})
  endif()
endif()
