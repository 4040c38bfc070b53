#pragma once
// Turns ANTLR parse trees into zcnas::spec values. One of the few files that see ANTLR:
// only core/frontend/dsl/*.cpp include it.

#include <ZcnasParser.h>

#include <string>

#include "dsl/diagnostics.hpp"
#include "dsl/parser.hpp"
#include "spec/program.hpp"

namespace zcnas::dsl {

class Transformer {
 public:
  Transformer(std::string file, Diagnostics& diagnostics, const ParseOptions& options)
      : file_(std::move(file)), diag_(diagnostics), options_(options) {}

  SourceLocation at(const antlr4::Token* token) const;
  SourceLocation at(antlr4::ParserRuleContext* ctx) const { return at(ctx->getStart()); }

  // Values
  spec::Value value(zcnas_grammar::ZcnasParser::ValueContext* ctx);
  spec::Value number(zcnas_grammar::ZcnasParser::SignedNumberContext* ctx);
  static spec::Value number_text(std::string text, bool negative);
  static spec::Value string_literal(const std::string& quoted);

  // Spaces (transform_space.cpp)
  spec::SearchSpace space(zcnas_grammar::ZcnasParser::SpaceDeclContext* ctx);

  // Networks and blocks (transform_network.cpp)
  std::shared_ptr<spec::NetworkTemplate> network(zcnas_grammar::ZcnasParser::NetworkDeclContext* ctx);
  std::shared_ptr<spec::BlockDecl> block(zcnas_grammar::ZcnasParser::BlockDeclContext* ctx);

  // Proxies (transform_proxy.cpp); references are resolved later, over the whole program.
  spec::ProxyDecl proxy(zcnas_grammar::ZcnasParser::ProxyDeclContext* ctx);

 private:
  std::vector<spec::Value> choice_set(zcnas_grammar::ZcnasParser::ChoiceSetContext* ctx, const std::string& key);
  void add_choice(spec::SearchSpace& space, zcnas_grammar::ZcnasParser::ChoiceContext* ctx);
  // `suffix` is "[s]" inside `per stage`: keys and the layer count are that stage's.
  void add_per_layer(spec::SearchSpace& space, zcnas_grammar::ZcnasParser::PerLayerContext* ctx,
                     const std::string& suffix = "");
  void add_per_stage(spec::SearchSpace& space, zcnas_grammar::ZcnasParser::PerStageContext* ctx);
  std::vector<spec::NetStmt> statements(const std::vector<zcnas_grammar::ZcnasParser::StmtContext*>& ctxs);
  std::vector<spec::NetStmt> body(zcnas_grammar::ZcnasParser::BodyContext* ctx);
  spec::NetStmt statement(zcnas_grammar::ZcnasParser::StmtContext* ctx);
  spec::NetExpr net_expr(zcnas_grammar::ZcnasParser::NetExprContext* ctx);
  void add_cell(spec::SearchSpace& space, zcnas_grammar::ZcnasParser::CellDeclContext* ctx);
  void add_constraint(spec::SearchSpace& space, zcnas_grammar::ZcnasParser::ConstraintContext* ctx);
  void check_family(spec::SearchSpace& space, const std::map<std::string, SourceLocation>& setting_locations,
                    bool items_broken);
  void check_format(spec::SearchSpace& space, const SourceLocation& at);
  void check_option_texts(spec::SearchSpace& space, const SourceLocation& at);
  bool add_decision(spec::SearchSpace& space, spec::Decision decision, const SourceLocation& at);
  spec::ProxyExpr expr(zcnas_grammar::ZcnasParser::ExprContext* ctx);
  spec::ProxyExpr call(zcnas_grammar::ZcnasParser::CallExprContext* ctx);

  std::string file_;
  Diagnostics& diag_;
  const ParseOptions& options_;
};

// Converts a DSL value to a plugin parameter value, or explains why it cannot be one.
Expected<ParamValue> to_param_value(const spec::Value& v);

}  // namespace zcnas::dsl
