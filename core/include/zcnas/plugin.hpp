#pragma once
// The one header a plugin's source needs besides what it uses. It defines the entry point
// the host looks for and the macros that export it:
//
//   class MyProxy : public zcnas::Proxy {
//    public:
//     static zcnas::PluginMetadata metadata();
//     explicit MyProxy(const zcnas::ParamSet& params);
//     zcnas::Expected<double> score(zcnas::ProbeContext& ctx) override;
//   };
//   ZCNAS_EXPORT_PROXY(MyProxy)
//
// The host reads the exported zcnas_plugin_info in a fixed order (LLVM's PassPlugin):
// abi_version first, before touching anything else; then the SDK version, LibTorch version,
// C++11 ABI flag and compiler, all of which must match the host's exactly, because C++
// and LibTorch types cross the boundary (DuckDB's "CPP" extension ABI); only then
// register_plugin.

#include <boost/dll/alias.hpp>
#include <torch/version.h>

#include <cstdint>
#include <memory>

#include "zcnas/plugin/registrar.hpp"
#include "zcnas/version.hpp"

#if defined(_GLIBCXX_USE_CXX11_ABI)
#define ZCNAS_CXX11_ABI _GLIBCXX_USE_CXX11_ABI
#else
#define ZCNAS_CXX11_ABI -1
#endif

#define ZCNAS_STRINGIFY_(x) #x
#define ZCNAS_STRINGIFY(x) ZCNAS_STRINGIFY_(x)
#if defined(__clang__)
#define ZCNAS_COMPILER_ID "clang " ZCNAS_STRINGIFY(__clang_major__)
#elif defined(__GNUC__)
#define ZCNAS_COMPILER_ID "gcc " ZCNAS_STRINGIFY(__GNUC__)
#else
#define ZCNAS_COMPILER_ID "unknown"
#endif

extern "C" {
// Layout rule: abi_version stays the first field in every future ABI version, so any
// host can read it from any plugin.
struct zcnas_plugin_info {
  std::uint32_t abi_version;
  const char* sdk_version;
  const char* torch_version;
  int cxx11_abi;
  const char* compiler;  // family and major version: "gcc 12"
  void (*register_plugin)(zcnas::PluginRegistrar& registrar);
};
}

// The exported symbol's name. It never changes: a plugin of another ABI version still
// exports it, and the host can say which version it was built for.
#define ZCNAS_PLUGIN_ENTRY_POINT "zcnas_plugin"

// Exports `register_fn` (void(zcnas::PluginRegistrar&)) as this library's plugin entry.
#define ZCNAS_EXPORT_PLUGIN(register_fn)                                                        \
  namespace zcnas_plugin_export {                                                               \
  const ::zcnas_plugin_info info = {ZCNAS_PLUGIN_ABI_VERSION, ZCNAS_SDK_VERSION, TORCH_VERSION,  \
                                    ZCNAS_CXX11_ABI, ZCNAS_COMPILER_ID, &(register_fn)};        \
  }                                                                                             \
  BOOST_DLL_ALIAS(zcnas_plugin_export::info, zcnas_plugin)

// Exports a Proxy subclass with `static zcnas::PluginMetadata metadata()` and a
// constructor taking `const zcnas::ParamSet&`.
#define ZCNAS_EXPORT_PROXY(ProxyClass)                                                          \
  namespace zcnas_plugin_export {                                                               \
  void register_proxy(::zcnas::PluginRegistrar& registrar) {                                    \
    registrar.add_proxy(ProxyClass::metadata(),                                                 \
                        [](const ::zcnas::ParamSet& p) -> std::unique_ptr<::zcnas::Proxy> {     \
                          return std::make_unique<ProxyClass>(p);                               \
                        });                                                                     \
  }                                                                                             \
  }                                                                                             \
  ZCNAS_EXPORT_PLUGIN(zcnas_plugin_export::register_proxy)

// Exports a Combiner subclass, same shape as ZCNAS_EXPORT_PROXY.
#define ZCNAS_EXPORT_COMBINER(CombinerClass)                                                    \
  namespace zcnas_plugin_export {                                                               \
  void register_combiner(::zcnas::PluginRegistrar& registrar) {                                 \
    registrar.add_combiner(CombinerClass::metadata(),                                           \
                           [](const ::zcnas::ParamSet& p) -> std::unique_ptr<::zcnas::Combiner> { \
                             return std::make_unique<CombinerClass>(p);                         \
                           });                                                                  \
  }                                                                                             \
  }                                                                                             \
  ZCNAS_EXPORT_PLUGIN(zcnas_plugin_export::register_combiner)

// Exports a SearchStrategy subclass with `static zcnas::PluginMetadata metadata()` and a
// constructor taking `(const zcnas::SpaceView&, const zcnas::ParamSet&)`; a constructor that
// refuses the space throws std::invalid_argument with the reason.
#define ZCNAS_EXPORT_STRATEGY(StrategyClass)                                                    \
  namespace zcnas_plugin_export {                                                               \
  void register_strategy(::zcnas::PluginRegistrar& registrar) {                                 \
    registrar.add_strategy(                                                                     \
        StrategyClass::metadata(),                                                              \
        [](const ::zcnas::SpaceView& s,                                                         \
           const ::zcnas::ParamSet& p) -> ::zcnas::Expected<std::unique_ptr<::zcnas::SearchStrategy>> { \
          try {                                                                                 \
            return std::unique_ptr<::zcnas::SearchStrategy>(std::make_unique<StrategyClass>(s, p)); \
          } catch (const std::invalid_argument& e) {                                            \
            return ::zcnas::Error(::zcnas::ErrorKind::config, e.what());                        \
          }                                                                                     \
        });                                                                                     \
  }                                                                                             \
  }                                                                                             \
  ZCNAS_EXPORT_PLUGIN(zcnas_plugin_export::register_strategy)
