#include <cstdlib>

#include "dsl/transformer.hpp"
#include "util/whole_number.hpp"

namespace zcnas::dsl {

using P = zcnas_grammar::ZcnasParser;

SourceLocation Transformer::at(const antlr4::Token* token) const {
  if (token == nullptr) return {file_, 0, 0};
  return {file_, static_cast<int>(token->getLine()), static_cast<int>(token->getCharPositionInLine()) + 1};
}

spec::Value Transformer::number(P::SignedNumberContext* ctx) {
  return number_text(ctx->NUMBER() ? ctx->NUMBER()->getText() : "0", ctx->getText().rfind('-', 0) == 0);
}

spec::Value Transformer::number_text(std::string text, bool negative) {
  double scale = 1;
  switch (text.back()) {
    case 'k':
    case 'K': scale = 1e3; break;
    case 'M': scale = 1e6; break;
    case 'G': scale = 1e9; break;
    default: break;
  }
  if (scale != 1) text.pop_back();
  const bool integral = text.find_first_of(".eE") == std::string::npos;
  const double v = std::strtod(text.c_str(), nullptr) * scale * (negative ? -1 : 1);
  // An integral literal is whole by construction; a suffixed decimal may be (1.2M is 1200000).
  if (integral || scale != 1)
    if (auto i = util::whole_int64(v)) return spec::Value::integer(*i);
  return spec::Value::real(v);
}

spec::Value Transformer::value(P::ValueContext* ctx) {
  if (ctx->signedNumber()) return number(ctx->signedNumber());
  if (ctx->boolean()) return spec::Value::boolean(ctx->boolean()->getText() == "true");
  if (ctx->ident()) return spec::Value::identifier(ctx->ident()->getText());
  if (ctx->STRING()) return string_literal(ctx->STRING()->getText());
  spec::ValueList items;
  if (ctx->list())
    for (auto* v : ctx->list()->value()) items.push_back(value(v));
  return spec::Value::list(std::move(items));
}

spec::Value Transformer::string_literal(const std::string& raw) {
  std::string out;
  for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 2 < raw.size()) ++i;
    out += raw[i];
  }
  return spec::Value::string(out);
}

Expected<ParamValue> to_param_value(const spec::Value& v) {
  if (v.is_integer()) return ParamValue(v.as_integer());
  if (v.is_number()) return ParamValue(v.as_number());
  if (v.is_boolean()) return ParamValue(v.as_boolean());
  if (v.is_text()) return ParamValue(v.as_text());
  std::vector<double> list;
  for (const auto& item : v.as_list()) {
    if (!item.is_number())
      return Error(ErrorKind::config, "parameter lists hold numbers; got " + std::string(item.type_name()) + " '" +
                                          item.to_string() + "'");
    list.push_back(item.as_number());
  }
  return ParamValue(std::move(list));
}

}  // namespace zcnas::dsl
