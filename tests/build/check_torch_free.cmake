# Fails when a torch header (ATen/, c10/, torch/) reached any translation unit of a target
# that must stay torch-free, directly or through a core header. It reads the compiler's
# dependency files of the target (CMake writes one per object with Makefiles and Ninja):
# Debian installs ATen and c10 in /usr/include, so a missing include path alone does not
# stop them.
#   cmake -DOBJECT_DIR=<build>/core/CMakeFiles/<target>.dir -DTARGET=<name> -P check_torch_free.cmake
file(GLOB_RECURSE depfiles "${OBJECT_DIR}/*.o.d")
if(NOT depfiles)
  message(FATAL_ERROR "${TARGET}: no dependency files under ${OBJECT_DIR} (not built yet, or a generator that writes none)")
endif()
set(found "")
foreach(depfile IN LISTS depfiles)
  file(READ "${depfile}" text)
  string(REGEX MATCH "[^ \\\n]*/(ATen|c10|torch)/[^ \\\n]*" header "${text}")
  if(header)
    string(REGEX REPLACE "^.*\\.dir/" "" object "${depfile}")
    string(APPEND found "\n  ${object}: ${header}")
  endif()
endforeach()
list(LENGTH depfiles n)
if(found)
  message(FATAL_ERROR "${TARGET} must not include torch headers, but these translation units do:${found}")
endif()
message(STATUS "${TARGET}: ${n} translation units, none includes a torch header")
