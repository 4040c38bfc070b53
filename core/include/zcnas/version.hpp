#pragma once
// The SDK's identity. A plugin stamps these at its build time; the host refuses a plugin
// whose stamps differ (see plugin.hpp). Bump ZCNAS_PLUGIN_ABI_VERSION in the same commit
// that changes the layout of any type under core/include/zcnas/.

#define ZCNAS_SDK_VERSION_MAJOR 0
#define ZCNAS_SDK_VERSION_MINOR 1
#define ZCNAS_SDK_VERSION_PATCH 0
#define ZCNAS_SDK_VERSION "0.1.0"

// 12: TapConfig::output_signs, TapSlot::output_sign (activation patterns from a byte per unit);
// 11: ProbeOptions::pass_chunk (sub-batch passes), ProbeContext::planned_for;
// 10: PassRequest::keep_graph, Pass::graph_objective, ProbeContext::take_graph (GraSP on the
//     shared forward), FastTransposedConvolutionScope (a ProbeContext member);
// 9: Network::hide_layers and hidden_layers, FlopCount::hidden (--proxy-layers conv-linear);
// 8: ActivationImpl's slope (leaky_relu, tanh), ConvTranspose2dImpl, LayerKind::conv_transpose2d;
// 7: BatchNorm2dImpl holds adopted tensors (mirrors of a Python module's layers);
// 6: search strategy plugins (PluginRegistrar::add_strategy, PluginKind::strategy);
// 5: NetworkFactory takes changed space settings, ProbeContext::variant_network;
// 4: NetModule::forward_blocks, ProbeContext::stream and shared values,
//    PluginMetadata::minus_infinity_is_a_score; 3: op plugins (PluginRegistrar::add_op);
//    2: BatchNorm2d bypass
#define ZCNAS_PLUGIN_ABI_VERSION 12u
