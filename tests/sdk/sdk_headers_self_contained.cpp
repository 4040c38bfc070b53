// Compiled with only the SDK's include path (plus LibTorch and Boost): proves that the
// public headers need nothing from core/sdk, core/host, core/engine, ANTLR, TOML++ or spdlog.
#include <zcnas/combiner.hpp>
#include <zcnas/error.hpp>
#include <zcnas/net/attention.hpp>
#include <zcnas/net/chain.hpp>
#include <zcnas/net/flops.hpp>
#include <zcnas/net/modules.hpp>
#include <zcnas/net/network.hpp>
#include <zcnas/net/op.hpp>
#include <zcnas/net/op_signature.hpp>
#include <zcnas/net/tap_request.hpp>
#include <zcnas/net/taps.hpp>
#include <zcnas/net/transposed_convolution.hpp>
#include <zcnas/params.hpp>
#include <zcnas/plugin.hpp>
#include <zcnas/plugin/metadata.hpp>
#include <zcnas/plugin/registrar.hpp>
#include <zcnas/probe/context.hpp>
#include <zcnas/probe/pass_request.hpp>
#include <zcnas/probe/statistics.hpp>
#include <zcnas/probe/weight_snapshot.hpp>
#include <zcnas/proxy.hpp>
#include <zcnas/search/rng.hpp>
#include <zcnas/search/space_view.hpp>
#include <zcnas/search/supernet.hpp>
#include <zcnas/strategy.hpp>
#include <zcnas/version.hpp>
