#include "report/html_page.hpp"

namespace zcnas::report {

const char* const kReportStyle = R"css(
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto; max-width: 1200px; color: #222; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.3em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; margin-top: 2em; }
h3 { font-size: 1.1em; margin-top: 1.5em; }
.meta { color: #666; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { background: #f5f5f5; }
details { margin: 0.5em 0; }
summary { cursor: pointer; color: #2166ac; }
pre { background: #f7f7f7; padding: 0.6em; overflow-x: auto; font-size: 12px; max-height: 30em; }
.chart { margin: 0.8em 0; }
.note { color: #555; font-size: 13px; }
.error { color: #b2182b; font-weight: bold; }
)css";

const char* const kReportScript = R"js(
"use strict";
const D = JSON.parse(document.getElementById("zcnas-data").textContent);
const root = document.getElementById("report");
const pending = [];   // one promise per chart
const expected = [];  // what each chart must draw, for the render check

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}
function fmt(v, digits = 3) {
  if (v === null || v === undefined) return "n/a";
  if (typeof v !== "number") return String(v);
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toFixed(digits);
}
function table(header, rows) {
  const t = el("table");
  t.append(el("tr", {}, ...header.map(h => el("th", {}, h))));
  for (const r of rows) t.append(el("tr", {}, ...r.map(c => el("td", {}, c))));
  return t;
}
function protocol(summaryText, obj) {
  return el("details", {}, el("summary", {}, summaryText), el("pre", {}, JSON.stringify(obj, null, 2)));
}
// A chart: its spec, and what it must draw (mark kind -> count) for the render check.
function chart(parent, id, spec, expect) {
  const div = el("div", { class: "chart", id: id });
  parent.append(div);
  expected.push({ id, expect });
  pending.push(vegaEmbed(div, spec, { renderer: "svg", actions: false }).then(r => r.view));
}

root.append(el("h1", {}, D.title));
root.append(el("p", { class: "meta" }, `zcnas ${D.zcnas_version}, generated ${D.generated}. ` +
  `${D.evaluations.length} evaluation file(s), ${D.windows.length} layer-window file(s), ${D.searches.length} search(es). ` +
  "Every chart names the files it was drawn from; the protocol behind each number is under its chart."));

// --- Evaluations: per experiment a table, a scatter per proxy, then one rho heat-map. ----------
const heat = [];
D.evaluations.forEach((file, fi) => {
  for (const [xi, x] of file.experiments.entries()) {
    const sec = el("section", {});
    root.append(sec);
    sec.append(el("h2", {}, `Experiment ${x.experiment}`));
    sec.append(el("p", { class: "note" }, `Scores: ${x.scores}; truth: ${x.truth}; ${x.rows} architectures with both ` +
      `(${x.rows_without_truth} without truth). From ${file.file}.`));
    const proxies = Object.entries(x.proxies).sort((a, b) => (b[1].spearman ?? -2) - (a[1].spearman ?? -2));
    sec.append(table(["proxy", "Spearman ρ", `${Math.round(100 * (x.confidence || 0.95))}% CI`, "Kendall τ", "Pearson r",
                      `top-${x.top_percent}% overlap`, "top-1 regret", `nDCG@${x.top_k ?? 10}`, `best of top ${x.top_k ?? 10}`,
                      "bias (ρ with params)", "n"],
      proxies.map(([p, a]) => [p, fmt(a.spearman), a.spearman_ci ? `[${fmt(a.spearman_ci[0])}, ${fmt(a.spearman_ci[1])}]` : "",
                               fmt(a.kendall), fmt(a.pearson), fmt(a.top_overlap), fmt(a.top1_regret), fmt(a.ndcg),
                               fmt(a.top_k_best), fmt(a.bias), a.n])));
    for (const [p, a] of proxies) heat.push({ experiment: x.experiment, row: p, rho: a.spearman });
    for (const c of (x.combiners || []))
      heat.push({ experiment: x.experiment, row: `${c.combiner} (${c.labelled > 0 ? c.labelled + " labelled" : "in-sample"})`,
                  rho: c.mean_spearman });
    if ((x.combiners || []).length)
      sec.append(table(["combiner", "labelled", "seeds", "mean ρ (held out)", "sd", "min", "max"],
        x.combiners.map(c => [c.combiner, c.labelled > 0 ? c.labelled : "in-sample", c.seeds, fmt(c.mean_spearman),
                              fmt(c.sd_spearman), fmt(c.min_spearman), fmt(c.max_spearman)])));

    const pts = x.points;
    const values = [];
    const label = {};
    for (const [p, a] of proxies) label[p] = `${p} (ρ ${fmt(a.spearman, 2)})`;
    for (const [p, col] of Object.entries(pts.scores))
      col.forEach((s, i) => { if (s !== null && pts.truth[i] !== null) values.push({ proxy: label[p] || p, score: s, truth: pts.truth[i], arch: pts.archs[i] }); });
    sec.append(el("p", { class: "note" }, `Each proxy's score (as a percentile rank among the plotted architectures, ` +
      `the scale Spearman's ρ compares) against the truth; ${pts.archs.length} of ${pts.sampled_from} architectures` +
      (pts.archs.length < pts.sampled_from ? " (a fixed sample: the lowest architecture-string hashes)" : "") + "."));
    chart(sec, `scatter-${fi}-${xi}`, {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json",
      data: { values },
      transform: [{ window: [{ op: "percent_rank", as: "score_rank" }], sort: [{ field: "score" }], groupby: ["proxy"] }],
      facet: { field: "proxy", type: "nominal", title: null, sort: proxies.map(([p]) => label[p]) },
      columns: 4,
      spec: {
        width: 220, height: 170,
        mark: { type: "point", filled: true, size: 12, opacity: 0.45 },
        encoding: {
          x: { field: "score_rank", type: "quantitative", title: "score (percentile rank)", scale: { domain: [0, 1] } },
          y: { field: "truth", type: "quantitative", title: x.truth, scale: { zero: false } },
          tooltip: [{ field: "arch" }, { field: "score" }, { field: "truth" }]
        }
      }
    }, { symbol: values.length });
    sec.append(protocol("Protocol: evaluation options" + (x.score_protocol ? " and the scores' protocol" : ""),
      { scores: x.scores, truth: x.truth, bootstrap: x.bootstrap, confidence: x.confidence, top_percent: x.top_percent,
        top_k: x.top_k,
        combiner_runs: (x.combiner_runs || []).length, score_protocol: x.score_protocol || "(not recorded beside the score file)" }));
  }
});
if (heat.length) {
  const sec = el("section", {});
  root.append(sec);
  sec.append(el("h2", {}, "Spearman ρ with the truth, proxies × experiments"));
  const cells = heat.filter(h => h.rho !== null);
  chart(sec, "heatmap", {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    data: { values: cells },
    encoding: {
      x: { field: "experiment", type: "nominal", title: null, axis: { labelAngle: -30 } },
      y: { field: "row", type: "nominal", title: null, sort: null }
    },
    layer: [
      { mark: "rect", encoding: { color: { field: "rho", type: "quantitative", title: "ρ",
          scale: { domain: [-1, 1], scheme: "redblue" } }, tooltip: [{ field: "row" }, { field: "experiment" }, { field: "rho" }] } },
      { mark: { type: "text", fontSize: 10 }, encoding: { text: { field: "rho", type: "quantitative", format: ".2f" } } }
    ]
  }, { rect: cells.length, text: cells.length });
  sec.append(el("p", { class: "note" }, "Combiner rows: mean held-out ρ over split seeds at the stated labelled size."));
}

// --- L-SWAG layer windows. -------------------------------------------------------------------
D.windows.forEach((w, wi) => {
  const sec = el("section", {});
  root.append(sec);
  sec.append(el("h2", {}, `L-SWAG layer window: ${w.space} on ${w.dataset}`));
  sec.append(el("p", { class: "note" }, `${w.networks} networks, batch ${w.batch_size} × ${w.batches}, variance of ${w.variance_of}; ` +
    `proposed window: bins [${w.window[0]}, ${w.window[1]}]. From ${w.file}.`));
  const bins = w.bins.map(b => ({ bin: b.bin, mean: b.mean_log_sigma, lo: b.mean_log_sigma - b.std_log_sigma,
                                  hi: b.mean_log_sigma + b.std_log_sigma, lambda: b.mean_lambda_term, layers: b.layers }));
  chart(sec, `window-${wi}`, {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    width: 560, height: 260,
    data: { values: bins },
    layer: [
      { data: { values: [{ from: w.window[0] - 0.5, to: w.window[1] + 0.5 }] },
        mark: { type: "rect", color: "#fdd49e", opacity: 0.5 },
        encoding: { x: { field: "from", type: "quantitative" }, x2: { field: "to" } } },
      { mark: { type: "area", opacity: 0.25, color: "#2166ac" },
        encoding: { x: { field: "bin", type: "quantitative", title: "depth percentile bin" },
                    y: { field: "lo", type: "quantitative", title: "log σ (mean ± sd over networks)" }, y2: { field: "hi" } } },
      { mark: { type: "line", point: true, color: "#2166ac" },
        encoding: { x: { field: "bin", type: "quantitative" }, y: { field: "mean", type: "quantitative" },
                    tooltip: [{ field: "bin" }, { field: "mean" }, { field: "layers" }] } }
    ]
  }, { line: 1, symbol: bins.length });
  sec.append(el("p", { class: "note" }, `Rule: ${w.rule}`));
  sec.append(protocol("Protocol of this curve", Object.fromEntries(Object.entries(w).filter(([k]) => k !== "bins"))));
});

// --- Searches. -------------------------------------------------------------------------------
D.searches.forEach((s, si) => {
  const sec = el("section", {});
  root.append(sec);
  const b = s.best;
  sec.append(el("h2", {}, `Search: ${s.folder}`));
  const truth = b.truth ? Object.entries(b.truth).map(([k, v]) => `${k} ${fmt(v, 2)}` +
    (b.truth_optimum && b.truth_optimum[k] !== undefined ? ` (space's best ${fmt(b.truth_optimum[k], 2)})` : "")).join(", ") : "no ground truth";
  sec.append(table(["best architecture", "fitness", "true accuracy", "params", "FLOPs", "found at"],
    [[b.arch, fmt(b.score), truth, fmt(b.params, 0), fmt(b.flops, 0), `evaluation ${b.found_at_evaluation}, ${fmt(b.found_at_seconds, 1)} s`]]));
  const traj = s.trajectory.filter(r => r.status === "ok" && typeof r.fitness === "number");
  chart(sec, `search-trajectory-${si}`, {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    width: 560, height: 240,
    data: { values: traj },
    layer: [
      { mark: { type: "point", filled: true, size: 10, opacity: 0.35, color: "#888" },
        encoding: { x: { field: "evaluation", type: "quantitative", title: "candidates scored" },
                    y: { field: "fitness", type: "quantitative", title: "fitness", scale: { zero: false } },
                    tooltip: [{ field: "arch" }, { field: "fitness" }] } },
      { mark: { type: "line", color: "#b2182b", interpolate: "step-after" },
        encoding: { x: { field: "evaluation", type: "quantitative" }, y: { field: "best_fitness", type: "quantitative" } } }
    ]
  }, { symbol: traj.length, line: 1 });
  const curve = (s.best_so_far || []).filter(r => typeof r.best_truth === "number");
  if (curve.length) {
    sec.append(el("p", { class: "note" }, "True accuracy of the best-so-far architecture (the search never sees it)."));
    chart(sec, `search-truth-${si}`, {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json",
      width: 560, height: 200,
      data: { values: curve },
      mark: { type: "line", interpolate: "step-after", point: false },
      encoding: { x: { field: "evaluation", type: "quantitative", title: "candidates scored" },
                  y: { field: "best_truth", type: "quantitative", title: "true accuracy of best so far", scale: { zero: false } } }
    }, { line: 1 });
  }
  sec.append(protocol("Protocol of this search (best.json: search, fitness and scores)", { search: b.search, protocol: b.protocol }));
});

// The render check: how many marks each chart drew, on <body data-rendered>; errors on data-error.
function count(div, cls) {
  // role-mark: the data marks, not axis labels or legend swatches.
  return div.querySelectorAll(`g.mark-${cls}.role-mark path, g.mark-${cls}.role-mark text`).length;
}
Promise.all(pending).then(() => {
  const charts = expected.map(({ id, expect }) => {
    const div = document.getElementById(id);
    const drawn = {};
    for (const cls of Object.keys(expect)) drawn[cls] = count(div, cls);
    return { id, expect, drawn };
  });
  document.body.setAttribute("data-rendered", JSON.stringify(charts));
}).catch(e => {
  document.body.setAttribute("data-error", String(e && e.message || e));
  root.prepend(el("p", { class: "error" }, "A chart failed to render: " + (e && e.message || e)));
});
)js";

}  // namespace zcnas::report
