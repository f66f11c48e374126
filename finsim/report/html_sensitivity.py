"""``report.html`` of ``finsim sensitivity``: which assumptions move the figures, and how much.

Per metric: a tornado (OAT swings, Morris mu*, Sobol total index ST), largest influence
on top, and the ranked table beside it. A metric no parameter moves gets a sentence
instead of a chart of zeros. The page also shows the base point as a run (the scenario
with its own values, no draws, same seed and replications): its key figures, flows and
money by year, so the reader sees what the swings are swings of.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from ..analysis.ranges import capped_notes, held_params, range_rule_notes, unset_notes
from ..analysis.sanity import Note
from ..analysis.sensitivity import SensitivityResult, early_warnings, result_warnings
from ..montecarlo import RunResult
from ..units import kind
from .amounts import percent
from .drawing import Page
from .html import (
    TEXT,
    amount,
    marked,
    metric_label,
    not_public,
    number,
    run_sections,
    scenario_head,
    svg,
    warnings_block,
    warnings_heading,
)
from .htmlpage import figure, table
from .labels import plain
from .sensitivity import (
    UNDEFINED,
    computable,
    from_base,
    metric_cell,
    moved,
    parameter_labels,
    range_source,
    ranked,
    settled,
    source_cell,
    span_note,
    tornado_figure,
)

NOISY = 0.1
"""Replication noise that common seeds leave (``noise_share_crn``) above this share of a
metric's variance over the points is named as a warning: the ranking may be noise."""

WORDS = {
    "de": {
        "title": "Sensitivitätsanalyse", "ask": "Welche Annahmen bewegen die Kennzahlen "
        "am stärksten, und um wie viel?",
        "method": "Verfahren",
        "oat": "Eine Annahme nach der anderen (OAT): jede auf ihren unteren und oberen Wert, "
        "die anderen auf dem Basiswert; Balken: Kennzahl am unteren und oberen Wert. "
        "Ausschlag: Kennzahl am oberen minus am unteren Wert, mit Vorzeichen (negativ: die "
        "Kennzahl sinkt, wenn die Annahme steigt). Reihenfolge: nach dem größeren Abstand eines "
        "der beiden Enden vom Basiswert, so zählt auch eine Wirkung, die beide Enden teilen. "
        "± Standardfehler ist ein Standardfehler "
        "des Ausschlags über die Replikationen, "
        "keine 95-%-Grenze: ein 95-%-Konfidenzintervall reicht etwa doppelt so weit "
        "(±1,96 Standardfehler).",
        "morris": "Morris (Elementareffekte): mu* ist die mittlere absolute Wirkung einer "
        "Annahme über ihren Bereich, sigma ihre Streuung (Wechselwirkungen); ± ist die halbe "
        "Breite eines 95-%-Konfidenzintervalls (Bootstrap).",
        "sobol": "Sobol (Varianzzerlegung): S1 ist der Anteil der Varianz der Kennzahl, den "
        "eine Annahme allein erklärt, ST mit allen Wechselwirkungen; ± ist die halbe Breite "
        "eines 95-%-Konfidenzintervalls (Bootstrap).",
        "params": "Annahmen und ihre Bereiche", "parameter": "Annahme", "path": "Pfad",
        "range": "Bereich", "source": "aus", "results": "Wirkung je Kennzahl",
        "sources": "Bereiche aus dem {}.",
        "base_value": "Basiswert", "constant": "Keine der Annahmen bewegt diese Kennzahl: "
        "sie ist in jedem Punkt {value}. Daher keine Grafik.",
        "at_low": "am unteren Wert", "at_high": "am oberen Wert",
        "swing": "Ausschlag (oberer − unterer Wert)",
        "elasticity": "Elastizität", "conf": "±",
        "noisy": "{metric}: das Rauschen der Replikationen ist {share} der Varianz über die "
        "Punkte; die Reihenfolge kann Zufall sein (mehr Replikationen: -n).",
        "base": "Der Basispunkt als Lauf (Szenario mit seinen eigenen Werten, ohne "
        "Unsicherheitsziehungen)",
        "undefined": "Keine der Wirkungen ist berechenbar: die Kennzahl ist in einigen "
        "Punkten undefiniert (siehe Warnungen). Daher keine Grafik.",
        "undefined_points": "{metric}: in {n} von {total} Punkten undefiniert (keine "
        "Replikation definiert sie dort); {what}",
        "undefined_oat": "ein Ausschlag durch einen solchen Punkt bleibt leer und steht "
        "als undefiniert am Ende.",
        "undefined_sampled": "ihre Indizes sind nicht berechenbar und bleiben leer (engere "
        "Bereiche oder eine andere Kennzahl wählen).",
        "undefined_replications": "{metric}: in {n} von {total} Replikationen (über alle "
        "Punkte) undefiniert; der Mittelwert eines Punktes nimmt nur die Replikationen, "
        "die sie definieren, so vergleichen die Punkte verschiedene Replikationen.",
        "noise": "Rauschen der Replikationen: {crn} der Varianz über die Punkte, soweit "
        "die gemeinsamen Zufallszahlen es nicht aufheben ({share}, als liefe jeder Punkt "
        "auf eigenen Zufallszahlen).",
        "se": "± Standardfehler",
        "held": "{path} wird nicht variiert: --set legt den Wert fest, daher entfällt sein "
        "Bereich aus dem uncertainty-Block (--param {path}=LOW:HIGH variiert ihn).",
        "held_file": "{path} wird nicht variiert: die Szenariodatei legt den Wert über der "
        "Ziehung ihrer Basis fest, daher entfällt sein Bereich aus dem uncertainty-Block "
        "(--param {path}=LOW:HIGH variiert ihn).",
        "influence": "{metric}: Wirkung der Annahmen ({method})",
        "bars": "Balkendiagramm, eine Zeile je Annahme, die größte Wirkung oben: ",
        "oat_bars": "Balken vom Basiswert {base} zur Kennzahl am unteren und am oberen Wert "
        "der Annahme, wie in der Tabelle darunter. Größte Wirkung: {top} (gegenüber dem "
        "Basiswert {value}).",
        "morris_bars": "mu* mit dem 95-%-Konfidenzintervall, wie in der Tabelle darunter. "
        "Größte Wirkung: {top} (mu* {value}).",
        "sobol_bars": "ST mit dem 95-%-Konfidenzintervall, wie in der Tabelle darunter. "
        "Größte Wirkung: {top} (ST {value}).",
    },
    "en": {
        "title": "Sensitivity analysis", "ask": "Which assumptions move the figures most, "
        "and by how much?",
        "method": "Method",
        "oat": "One at a time (OAT): each assumption at its low and its high value, the "
        "others at the base; bars: the metric at the low and at the high value. Order: by the "
        "larger distance of either end from the base, so an effect both ends share counts "
        "too. "
        "± standard error is one standard error of the swing over the replications, not "
        "a 95 % bound: a 95 % confidence interval reaches about twice as far (±1.96 "
        "standard errors).",
        "morris": "Morris (elementary effects): mu* is an assumption's mean absolute effect "
        "over its range, sigma its spread (interactions); ± is the half-width of a 95 % "
        "confidence interval (bootstrap).",
        "sobol": "Sobol (variance decomposition): S1 is the share of the metric's variance "
        "an assumption explains alone, ST with all its interactions; ± is the half-width "
        "of a 95 % confidence interval (bootstrap).",
        "params": "Assumptions and their ranges", "parameter": "Assumption", "path": "Path",
        "range": "Range", "source": "from", "results": "Influence per metric",
        "sources": "Ranges from {}.",
        "base_value": "base value", "constant": "None of the assumptions moves this "
        "metric: it is {value} at every point. Hence no chart.",
        "at_low": "at low", "at_high": "at high", "swing": "swing",
        "elasticity": "elasticity", "conf": "±",
        "noisy": "{metric}: replication noise is {share} of the variance over the points; "
        "the ranking may be chance (more replications: -n).",
        "base": "The base point as a run (the scenario with its own values, no draws)",
        "undefined": "None of the influences can be computed: the metric is undefined at "
        "some points (see the warnings). Hence no chart.",
        "undefined_points": "{metric}: undefined at {n} of {total} points (no replication "
        "defines it there); {what}",
        "undefined_oat": "a swing through such a point is left empty and listed last, as "
        "undefined.",
        "undefined_sampled": "its indices cannot be computed and are left empty (narrow the "
        "ranges or choose another metric).",
        "undefined_replications": "{metric}: undefined in {n} of {total} replications (over "
        "all points); a point's mean takes only the replications that define it, so the "
        "points compare different replications.",
        "noise": "Replication noise: {crn} of the variance over the points, as far as "
        "common seeds do not cancel it ({share} as if each point ran on its own seeds).",
        "se": "± standard error",
        "held": "{path} is not varied: --set holds it at the value given, so its range "
        "from the uncertainty block is left out (--param {path}=LOW:HIGH varies it).",
        "held_file": "{path} is not varied: the scenario file sets it over its base's "
        "draw, so its range from the uncertainty block is left out (--param "
        "{path}=LOW:HIGH varies it).",
        "influence": "{metric}: influence of the assumptions ({method})",
        "bars": "Bar chart, a row per assumption, the largest influence on top: ",
        "oat_bars": "bars from the base value {base} to the metric at the assumption's low "
        "and high value, as in the table below. Largest effect: {top} (from the base: {value}).",
        "morris_bars": "mu* with its 95 % confidence interval, as in the table below. "
        "Largest influence: {top} (mu* {value}).",
        "sobol_bars": "ST with its 95 % confidence interval, as in the table below. Largest "
        "influence: {top} (ST {value}).",
    },
}


def sensitivity_report(result: SensitivityResult, base: RunResult, lang: str = "de") -> str:
    """The page of a sensitivity analysis, as HTML text; ``base`` is the base point run."""
    t, w = TEXT[lang], WORDS[lang]
    spec = result.spec
    warnings = [*page_notes(result, lang),
                *undefined_warnings(result, lang), *noise_warnings(result, lang),
                *early_warnings(spec, lang), *result_warnings(spec, base, lang)]
    body = [f"<h2>{t['question']}</h2><p>{w['ask']}</p>", scenario_head(base, lang, undrawn=False),
            f"<p><b>{w['method']}:</b> {spec.method} ({amount(result.points, 'point', lang)} "
            f"× {amount(spec.replications, 'replication', lang)})</p>",
            f"<p class='note'>{w[spec.method]}</p>",
            f"<h2>{warnings_heading(warnings, lang)}</h2>", warnings_block(warnings, lang),
            f"<h2>{w['params']}</h2>", parameter_table(result, lang),
            f"<h2>{w['results']}</h2>"]
    for metric in spec.metrics:
        body += metric_section(result, metric, lang)
    body += [f"<h2>{w['base']}</h2>", *run_sections(base, lang, level=3)]
    return Page(f"{w['title']}: {spec.scenario.name}", body, lang).html()


def page_notes(result: SensitivityResult, lang: str) -> list[str]:
    """The terminal's notes on the parameters (``ranges.param_notes``) in ``lang``, each a
    ``sanity.Note``: the new dated rules a range makes, those held, those unset, the
    ends that cap a subsidy base at the wage paid."""
    spec = result.spec
    return [Note(line) for line in [*range_rule_notes(spec.scenario, spec.params, lang),
                                    *held_warnings(result, lang),
                                    *unset_notes(spec.scenario, spec.params, spec.method,
                                                 lang),
                                    *capped_notes(spec.scenario, spec.params, lang)]]


def held_warnings(result: SensitivityResult, lang: str) -> list[str]:
    """The uncertain parameters a --set or the file over its base holds, left out of the
    default ranges."""
    return [WORDS[lang]["held_file" if by_file else "held"].format(path=path)
            for path, by_file in held_params(result.spec.scenario, result.spec.params)]


def undefined_warnings(result: SensitivityResult, lang: str) -> list[str]:
    """Metrics undefined at some points (no influence through them) or in some
    replications (point means over different replications), with how many."""
    w, out = WORDS[lang], []
    spec = result.spec
    what = w["undefined_oat" if spec.method == "oat" else "undefined_sampled"]
    for row in result.base.itertuples():
        label = metric_label(row.metric, spec.scenario, lang)
        if row.undefined_points:
            out.append(w["undefined_points"].format(metric=label, n=row.undefined_points,
                                                    total=result.points, what=what))
        if row.undefined_replications:
            out.append(w["undefined_replications"].format(
                metric=label, n=f"{row.undefined_replications:,}",
                total=f"{result.points * spec.replications:,}"))
    return out


def late_warnings(result: SensitivityResult) -> list[str]:
    """What ``finsim sensitivity`` warns about once the points have run, in English: a
    metric undefined at some points or replications (``undefined_warnings``) and the base
    point run's sanity warnings its results decide (``SensitivityResult.checks``);
    ``--strict`` refuses them before anything is written."""
    return [*undefined_warnings(result, "en"), *result.checks]


def said_lines(result: SensitivityResult) -> tuple[list[str], list[str], list[str]]:
    """What ``finsim sensitivity`` says on the terminal, in English: the warnings of the
    scenario and the design (``early_warnings``) and its notes (an uncertain parameter a
    ``--set`` holds, ``ranges.param_notes``, each a ``sanity.Note``), said before the
    work, and the points' warnings (``late_warnings``), said after it. The terminal,
    sensitivity.json and ``Sensitivity.warnings`` and ``notes`` each give these, none a
    line of its own."""
    from ..analysis.ranges import param_notes

    spec = result.spec
    return (early_warnings(spec),
            [Note(line) for line in param_notes(spec.scenario, spec.params, spec.method)],
            late_warnings(result))


def noise_warnings(result: SensitivityResult, lang: str) -> list[str]:
    """Metrics whose point-to-point variance is largely replication noise."""
    out = []
    for row in result.base.itertuples():
        share = row.noise_share_crn
        if pd.notna(share) and share > NOISY:
            label = metric_label(row.metric, result.spec.scenario, lang)
            out.append(WORDS[lang]["noisy"].format(metric=label,
                                                   share=percent(share, lang)))
    return out


def parameter_table(result: SensitivityResult, lang: str) -> str:
    w = WORDS[lang]
    e = html.escape
    labels = parameter_labels(result, lang)
    rows = [(e(labels[p.path]), [e(p.path), f"{'×' if p.scaled else ''}{plain(p.low, lang)} – "
                                 f"{plain(p.high, lang)}", e(source_cell(p, lang))])
            for p in result.spec.params]
    source = range_source(result.spec.params, lang, result.spec.scenario)
    note = ("" if source is None else
            f"<p class='note'>{w['sources'].format(e(source, quote=False))}</p>")
    note += "".join(f"<p class='note'>{e(span_note(p, lang), quote=False)}.</p>"
                    for p in result.spec.params if p.span)
    head = [w["parameter"], w["path"], w["range"], w["source"]]
    return table(w["params"], head, rows) + note


def metric_section(result: SensitivityResult, metric: str, lang: str) -> list[str]:
    """A metric's heading, base value, tornado (or why none) and ranked table."""
    w = WORDS[lang]
    base = result.base.set_index("metric").loc[metric]
    mean = float(base["mean"])
    value = metric_cell(mean, metric, lang)  # in its unit, as the table below writes it
    scn = result.spec.scenario
    label = marked(metric_label(metric, scn, lang), metric, not_public(scn), lang)
    out = [f"<h3>{html.escape(label)}</h3>",
           f"<p>{w['base_value']}: {value}{_eur(metric)}</p>"]
    if not computable(result, metric):
        return [*out, f"<p class='warn'>{w['undefined']}</p>"]
    if not moved(result, metric):
        return [*out, f"<p class='warn'>{w['constant'].format(value=value + _eur(metric))}</p>"]
    fig = tornado_figure(result, metric, lang=lang)
    return [*out, figure(svg(fig), influence_name(result, metric, lang),
                         tornado_caption(result, metric, value, lang)),
            ranked_table(result, metric, lang), *noise_line(base, lang)]


def influence_name(result: SensitivityResult, metric: str, lang: str) -> str:
    """The tornado's name and its table's caption: the metric and the method, as the
    chart's title says them."""
    label = metric_label(metric, result.spec.scenario, lang)
    return WORDS[lang]["influence"].format(metric=label, method=result.spec.method)


TOP = {"morris": "mu_star", "sobol": "ST"}
"""The column of the ranked table the tornado ranks its bars by, per sampled method
(OAT ranks by ``reach`` and names its top bar's ends, ``from_base``)."""


def tornado_caption(result: SensitivityResult, metric: str, base: str, lang: str) -> str:
    """What the tornado draws, and its top bar: the most influential assumption with its
    figure as the ranked table writes it (``base``: the metric's base value, so written)."""
    w, method = WORDS[lang], result.spec.method
    top = ranked(result, metric).iloc[0]
    eur = _eur(metric)
    if method == "oat":
        value = _ends_from_base(top, metric, lang, eur)
    else:
        digits = next(d for c, _, d in ranked_columns(method, lang) if c == TOP[method])
        value = _cell(top, TOP[method], metric, digits, lang) + ("" if digits else eur)
    return w["bars"] + w[f"{method}_bars"].format(
        base=base + eur, top=parameter_labels(result, lang)[top["parameter"]], value=value)


def _eur(metric: str) -> str:
    """`` EUR`` after a money metric's figure, as the chart's axis says it (a share or a
    count writes its own unit in the figure: ``95,3 %``)."""
    return " EUR" if kind(metric) == "money" else ""


def _in_unit(head: str, metric: str) -> str:
    """A column head of figures in the metric's unit with ``EUR`` for money: ``at low
    (EUR)``, ``swing (high − low, EUR)``."""
    if not _eur(metric):
        return head
    return f"{head[:-1]}, EUR)" if head.endswith(")") else f"{head} (EUR)"


def _ends_from_base(row: pd.Series, metric: str, lang: str, unit: str) -> str:
    """An OAT row's two ends as distances from the base, signed, as its bars draw them:
    ``-674,389 EUR at low, +674,389 EUR at high``."""
    cells = []
    for value, end in zip(from_base(row), ("at_low", "at_high"), strict=True):
        text = metric_cell(value, metric, lang, "swing") + unit
        cells.append(f"{'+' if settled(value, metric) > 0 else ''}{text} {WORDS[lang][end]}")
    return ", ".join(cells)


def noise_line(base: pd.Series, lang: str) -> list[str]:
    """The metric's replication noise as a share of its variance over the points (both
    ``noise_share`` figures), so a swing within the noise is not read as an effect;
    none where the point means do not vary."""
    if pd.isna(base["noise_share_crn"]):
        return []
    crn, share = (percent(float(base[c]), lang) for c in ("noise_share_crn", "noise_share"))
    return [f"<p class='note'>{WORDS[lang]['noise'].format(crn=crn, share=share)}</p>"]


def ranked_table(result: SensitivityResult, metric: str, lang: str) -> str:
    """The method's figures of one metric, most influential first; an OAT swing with its
    standard error (``se_swing``), as Morris and Sobol show their ± columns."""
    w = WORDS[lang]
    columns = ranked_columns(result.spec.method, lang)
    rows = ranked(result, metric)
    labels = parameter_labels(result, lang)
    head = [w["parameter"], *(_in_unit(name, metric) if digits is None else name
                              for _, name, digits in columns)]
    body = [(html.escape(labels[row["parameter"]]),
             [_cell(row, col, metric, digits, lang) for col, _, digits in columns])
            for _, row in rows.iterrows()]
    return table(influence_name(result, metric, lang), head, body)


def ranked_columns(method: str, lang: str) -> tuple[tuple[str, str, int | None], ...]:
    """(column, head, digits) of a method's ranked table: ``digits`` None writes the
    figure in the metric's unit (``_cell``)."""
    w = WORDS[lang]
    return {"oat": (("metric_low", w["at_low"], None), ("metric_high", w["at_high"], None),
                    ("swing", w["swing"], None), ("se_swing", w["se"], None),
                    ("elasticity", w["elasticity"], 3)),
            "morris": (("mu_star", "mu*", None), ("mu_star_conf", "± mu*", None),
                       ("sigma", "sigma", None)),
            "sobol": (("S1", "S1", 3), ("S1_conf", "± S1", 3), ("ST", "ST", 3),
                      ("ST_conf", "± ST", 3))}[method]


def _cell(row: pd.Series, column: str, metric: str, digits: int | None, lang: str) -> str:
    """A figure in the metric's unit (``digits`` None: ``metric_cell``) or an index or
    elasticity to ``digits``; an OAT swing that cannot be computed says so."""
    value = row.get(column)
    if column == "swing" and pd.isna(value):
        return UNDEFINED[lang]
    if digits is None:
        return metric_cell(value, metric, lang, column)
    if value is None or pd.isna(value):
        return "–"
    return number(settled(float(np.asarray(value))), lang, digits)
