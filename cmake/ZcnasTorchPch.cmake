# One precompiled <torch/torch.h>, built once and reused by every torch-using target
# (one file including torch costs ~19 s here; with the PCH about half).
# Targets reuse it through zcnas_use_torch_pch(); all of them are compiled -fPIC.
if(ZCNAS_USE_PCH)
  add_library(zcnas_torch_pch OBJECT "${CMAKE_CURRENT_LIST_DIR}/torch_pch.cpp")
  target_link_libraries(zcnas_torch_pch PRIVATE torch)
  target_compile_options(zcnas_torch_pch PRIVATE ${TORCH_CXX_FLAGS})
  target_precompile_headers(zcnas_torch_pch PRIVATE <torch/torch.h>)
endif()

function(zcnas_use_torch_pch target)
  if(ZCNAS_USE_PCH)
    target_precompile_headers(${target} REUSE_FROM zcnas_torch_pch)
  endif()
endfunction()
