"""Cross-entropy vs MSE: why a classifier trained with squared error stalls where cross-entropy keeps learning.

Kept flat on purpose (few nested blocks, few functions): Streamlit rewrites and
compiles the script for "magic" on every cold run, and that cost grows with
nesting.  The math is in `core.comparison`, `core.training` and `core.surfaces`;
figure assembly in `charts.ce_vs_mse`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

import i18n
from charts import ce_vs_mse as charts
from charts.plotly_json import prepared
from core import binary_cross_entropy, normalize
from core.comparison import (
    MCCAFFREY_CLASSES,
    MCCAFFREY_NET1,
    MCCAFFREY_NET2,
    MCCAFFREY_TARGET,
    confidence_curves,
    gradient_curves,
    prediction_table,
    score_predictions,
)
from core.surfaces import Surface, logistic_loss_surface, softmax_loss_surface
from core.training import (
    NIELSEN_BAD_START,
    NIELSEN_GOOD_START,
    NIELSEN_LEARNING_RATE,
    TOY_DIRECTION,
    toy_dataset,
    train_logistic_regression,
    train_sigmoid_neuron,
)
from i18n import N_, _, current_language, ngettext
from ui import headings
from ui.check_questions import CHECKS
from ui.checks import checks_section
from ui.sections import row, section, url_stop
from ui.sources import post
from ui.units import current_units, units_of
from ui.url_guard import number_input, translated_choice, translated_tabs

CONFIG = {"displaylogo": False}
# Option labels are what a bound widget writes into the URL, so they are short and plain; the options
# themselves are codes, the same in every language (`ui.url_guard.translated_choice`).
CONVENTIONS = {"half": N_("with ½ (Nielsen)"), "sum": N_("without ½")}
LAYERS = {"sigmoid": N_("sigmoid"), "softmax": N_("softmax")}
LOGREG_STARTS = {"wrong": (-4.0, 2.0), "neutral": (0.0, 0.0)}
LOGREG_START_LABELS = {"wrong": N_("confidently wrong"), "neutral": N_("neutral")}
CLASSES = {0: N_("class 1"), 1: N_("class 2"), 2: N_("class 3")}
VIEWS = {"3d": N_("3-D"), "contour": N_("contours")}
LOGREG_TABS = (N_("Boundary and accuracy"), N_("On the loss surface: 3-D"), N_("On the loss surface: contours"))
TRUE_COLUMN = "true class"  # i18n: not reader text (the table's column key; readers see TRUE_LABEL)
TRUE_LABEL = N_("true class")
#: The worked example's classes as a reader sees them (the table's column keys stay `MCCAFFREY_CLASSES`).
CLASS_LABELS = {"other": N_("other"), "republican": N_("republican"), "democrat": N_("democrat")}
NETWORKS = {"net1": (N_("Network 1"), MCCAFFREY_NET1), "net2": (N_("Network 2"), MCCAFFREY_NET2)}
PROBE_Z = 4.0  # Nielsen's bad start: z = w·1 + b = 4
#: Stops of section 1's client-side probe p (``?cemse_conf_p=`` says where it opens).
PROBE_STOPS = tuple(round(i / 100, 2) for i in range(1, 100))

units = current_units()
lang = current_language()


def class_label(name: Any) -> str:
    """A class of the worked example as the reader sees it."""
    return _(CLASS_LABELS[name]) if name in CLASS_LABELS else str(name)


# ---------------------------------------------------------------- cached sections
# One cached function per section returns its numbers and its figures.  Resources, not data: the
# objects are shared and never mutated (st.plotly_chart copies a figure before serialising it), and
# building a Plotly figure costs far more than the numbers behind it.


@st.cache_resource(max_entries=64, show_spinner=False)
def confidence_section(
    n_classes: int | None, base: float | None, symbol: str, half: bool, probe: float, lang: str
) -> Any:
    curves = confidence_curves(np.linspace(0.001, 1.0, 400), n_classes=n_classes, base=base, half=half)
    at = confidence_curves(np.array(PROBE_STOPS), n_classes=n_classes, base=base, half=half)
    name = _("quadratic cost {formula}", formula="½Σ(p − y)²" if half else "Σ(p − y)²")
    figure = charts.confidence_figure(
        curves.p,
        curves.cross_entropy,
        curves.quadratic,
        curves.error,
        unit=symbol,
        quadratic_name=name,
        marker_p=probe,
        probe=(at.p, at.cross_entropy, at.quadratic, at.error),
        y_max=4.0 if base is None else 6.0,
    )
    return prepared(figure)


@st.cache_resource(max_entries=32, show_spinner=False)
def gradient_section(n_classes: int | None, base: float | None, symbol: str, half: bool, lang: str) -> Any:
    grads = gradient_curves(np.linspace(-6.0, 8.0, 281), n_classes=n_classes, base=base, half=half)
    probe = gradient_curves(np.array([0.0, PROBE_Z]), n_classes=n_classes, base=base, half=half)
    x_title = (
        _("z, logit of a wrong class (all other logits 0)") if n_classes else _("z, logit of the output (target 0)")
    )
    fig = charts.gradient_figure(
        grads.z,
        grads.cross_entropy,
        grads.quadratic,
        dead_zone=grads.dead_zone,
        unit=symbol,
        x_title=x_title,
        quadratic_name=_("quadratic cost {formula}", formula="½Σ(p − y)²" if half else "Σ(p − y)²"),
        marker_z=PROBE_Z,
    )
    return grads, probe, prepared(fig)


@st.cache_resource(max_entries=64, show_spinner=False)
def neuron_section(
    w0: float, b0: float, lr: float, epochs: int, quad: str, base: float | None, symbol: str, lang: str
) -> Any:
    ce = train_sigmoid_neuron(w0=w0, b0=b0, loss="ce", learning_rate=lr, epochs=epochs, base=base)
    q = train_sigmoid_neuron(w0=w0, b0=b0, loss=quad, learning_rate=lr, epochs=epochs, base=base)
    name = "½(a − y)²" if quad == "quadratic" else "(a − y)²"
    return ce, q, tuple(map(prepared, charts.neuron_figures(ce, q, quadratic_name=name, unit=symbol)))


@st.cache_resource(max_entries=64, show_spinner=False)
def logistic_section(start: str, lr: float, epochs: int, quad: str, base: float | None, lang: str) -> Any:
    x, y = toy_dataset()
    w, b = LOGREG_STARTS[start]
    ce, q = (
        train_logistic_regression(
            x, y, w0=w * TOY_DIRECTION, b0=b, loss=loss, learning_rate=lr, epochs=epochs, base=base
        )
        for loss in ("ce", quad)
    )
    name = "½(a − y)²" if quad == "quadratic" else "(a − y)²"
    return ce, q, tuple(map(prepared, charts.logistic_figures(x, y, ce, q, quadratic_name=name)))


@st.cache_data(max_entries=16, show_spinner=False)
def loss_surface(kind: str, true_class: int, half: bool, base: float | None) -> Surface:
    """The grids themselves (float32, 101 × 101), shared by every training setting and view."""
    if kind == "softmax":
        return softmax_loss_surface(true_class=true_class, limit=6.0, n=101, base=base, half=half)
    x, y = toy_dataset()
    return logistic_loss_surface(x, y, direction=TOY_DIRECTION, n=101, base=base, half=half)


@st.cache_resource(max_entries=64, show_spinner=False)
def logistic_surface_section(
    start: str, lr: float, epochs: int, quad: str, base: float | None, view: str, symbol: str, lang: str
) -> Any:
    ce, q, _figures = logistic_section(start, lr, epochs, quad, base, lang)
    surface = loss_surface("logistic", 0, quad == "quadratic", base)
    pair = charts.surface_pair(
        surface,
        view=view,
        unit=symbol,
        x_title="w",
        y_title="b",
        quadratic_title=_("quadratic cost {formula}", formula="½(a − y)²" if quad == "quadratic" else "(a − y)²"),
        ce_path=(ce.weights @ TOY_DIRECTION, ce.bias, ce.cost),
        quadratic_path=(q.weights @ TOY_DIRECTION, q.bias, q.cost),
    )
    return tuple(map(prepared, pair))


@st.cache_resource(max_entries=32, show_spinner=False)
def softmax_surface_section(true_class: int, half: bool, base: float | None, view: str, symbol: str, lang: str) -> Any:
    surface = loss_surface("softmax", true_class, half, base)
    title = _("quadratic cost {formula}", formula="½Σ(p − y)²" if half else "Σ(p − y)²")
    pair = charts.surface_pair(surface, view=view, unit=symbol, x_title="z₁", y_title="z₂", quadratic_title=title)
    return tuple(map(prepared, pair))


# ---------------------------------------------------------------- page

headings.title(_("📉 Cross-entropy vs MSE"))
st.markdown(
    _(
        "Squared error looks like a natural loss for a classifier, but behind a sigmoid or softmax it stops "
        "pushing exactly when the model is confidently wrong, while cross-entropy keeps pushing. Move the "
        "controls and watch it happen."
    )
)
convention = st.segmented_control(
    _("Quadratic cost convention (sections 1 to 4)"),
    options=list(CONVENTIONS),
    format_func=translated_choice("cemse_convention", CONVENTIONS),
    default="half",
    required=True,
    key="cemse_convention",
    bind="query-params",
    help=_(
        "With ½: C = ½ Σ (p − y)², Nielsen's quadratic cost, whose ½ cancels the 2 of the derivative. "
        "Without: C = Σ (p − y)², the squared error summed over the outputs (PyTorch's F.mse_loss for one "
        "output; nn.MSELoss() also divides by the number of classes). The constant rescales every gradient, "
        "and so the effective learning rate; it never changes the shape of a curve."
    ),
)
half = convention != "sum"
quad_loss = "quadratic" if half else "mse"
quad_name = "½(a − y)²" if half else "(a − y)²"
quad_tex = r"\tfrac12" if half else ""


def output_layer_controls(section: str, where: DeltaGenerator) -> int | None:
    """The "Output layer" and "k classes" pair of a section, side by side in ``where``: None for a sigmoid, else k."""
    mode = where.segmented_control(
        _("Output layer"),
        options=list(LAYERS),
        format_func=translated_choice(f"cemse_{section}_mode", LAYERS),
        default="sigmoid",
        required=True,
        key=f"cemse_{section}_mode",
        bind="query-params",
    )
    k = number_input(
        where,
        _("k classes"),
        min_value=2,
        max_value=20,
        value=3,
        step=1,
        key=f"cemse_{section}_k",
        disabled=mode != "softmax",
        help=_("The true class gets p; the other k − 1 classes share 1 − p evenly."),
        width=160,
    )
    return int(k) if mode == "softmax" else None


@section("cemse_confidence")
def confidence_section_ui() -> None:
    headings.header(_("1 · Loss against confidence"), anchor="loss-vs-confidence")
    n_conf = output_layer_controls("conf", row())
    p_probe = url_stop("cemse_conf_p", PROBE_STOPS, 0.05)
    ceiling = confidence_curves(0.0, n_classes=n_conf, half=half)
    left, right = st.columns([3, 2])
    left.plotly_chart(
        confidence_section(n_conf, units.base, units.symbol, half, p_probe, lang),
        width="stretch",
        config=CONFIG,
        key="cemse_confidence_chart",
    )
    right.latex(
        rf"\mathrm{{CE}} = -{units.latex_log} p \qquad C = {quad_tex}(1-p)^2"
        if n_conf is None
        else rf"\mathrm{{CE}} = -{units.latex_log} p \qquad C = {quad_tex}\sum_c (p_c - y_c)^2"
        rf" = {quad_tex}(1-p)^2\tfrac{{k}}{{k-1}}"
    )
    right.caption(
        _("One sigmoid output a = p for a positive example (target 1).")
        if n_conf is None
        else _(
            "Softmax over k = {k} classes: the true class gets p, the other {others} share 1 − p evenly.",
            k=n_conf,
            others=n_conf - 1,
        )
    )
    right.caption(
        _(
            "Drag the slider under the chart to move the probe (the dotted line): the markers and the values at "
            "the top of the chart follow in your browser."
        )
    )
    right.markdown(
        _(
            "**What to notice.** As p → 0 the cross-entropy grows without bound, so a confidently wrong "
            "prediction costs a lot; the quadratic cost saturates and never exceeds {ceiling}. The 0-1 error "
            "only sees which side of the threshold p is on.",
            ceiling=f"{float(ceiling.quadratic):.3g}",
        )
    )


@st.cache_resource(max_entries=4, show_spinner=False)
def bce_figure(base: float | None, symbol: str, lang: str) -> Any:
    """Binary cross-entropy for each label against the model's output (shared, never mutated)."""
    p = np.linspace(0.001, 0.999, 400)
    if_1 = binary_cross_entropy(p, np.ones_like(p), reduction="none")
    if_0 = binary_cross_entropy(p, np.zeros_like(p), reduction="none")
    unit = units_of(base)
    return prepared(
        charts.bce_labels_figure(p, unit.from_nats(if_1), unit.from_nats(if_0), unit=symbol, y_max=unit.from_nats(5.0))
    )


def bce_section() -> None:
    """Both branches of binary cross-entropy: the loss for a label 1 and for a label 0 (static)."""
    headings.subheader(_("Binary cross-entropy: both labels"), anchor="bce-labels")
    left, right = st.columns([3, 2])
    left.plotly_chart(bce_figure(units.base, units.symbol, lang), width="stretch", config=CONFIG)
    # On two lines: on one, the right-hand column clips it.
    right.latex(
        rf"\begin{{aligned}} \mathrm{{BCE}}(p, y) &= -\,y {units.latex_log} p \\ &\quad - (1-y) {units.latex_log} (1-p)"
        r" \end{aligned}"
    )
    right.markdown(
        _(
            "One sigmoid output p is the model's probability that the label is 1. For a label y = 1 the loss is "
            "−log p; for y = 0 it is −log(1 − p). **What to notice.** Each curve is 0 where the prediction "
            "agrees with its label and grows without bound as the prediction goes wrong, at the other end. The "
            "curves are mirror images, so neither label is favoured (after the blog post {post}).",
            post=post("bce_post"),
        )
    )


@section("cemse_gradients")
def gradients_section_ui() -> None:
    headings.header(_("2 · Gradients: who keeps pushing?"), anchor="gradients")
    st.markdown(
        _(
            "**The example switches here.** Section 1 looked at a positive example (target 1) from the side of "
            "the true class. From here on the example is a **negative** (target y = 0), as for Nielsen's neuron "
            "in section 3: the output a = σ(z) should fall, so a large z is confidently wrong."
        )
    )
    n_grad = output_layer_controls("grad", row())
    grads, at_probe, grad_fig = gradient_section(n_grad, units.base, units.symbol, half, lang)
    left, right = st.columns([3, 2])
    left.plotly_chart(grad_fig, width="stretch", config=CONFIG)
    right.latex(
        r"\frac{\partial\,\mathrm{CE}}{\partial z} = a - y"
        if n_grad is None
        else r"\frac{\partial\,\mathrm{CE}}{\partial z_j} = p_j - y_j"
    )
    right.latex(
        rf"\frac{{\partial C}}{{\partial z}} = {'' if half else '2'}(a - y)\,a(1 - a)"
        if n_grad is None
        else rf"\frac{{\partial C}}{{\partial z_j}} = {'' if half else '2'}p_j\Big[(p_j - y_j)"
        r" - \sum_c (p_c - y_c)\,p_c\Big]"
    )
    right.caption(
        _("a = σ(z). Shaded: the dead zone, where the output is wrong and a(1 − a) has squashed the step.")
        if n_grad is None
        else _("Softmax over k = {k}; z is the logit of one wrong class, the true class's logit is 0.", k=n_grad)
    )
    ce_g, q_g = float(at_probe.cross_entropy[1]), float(at_probe.quadratic[1])
    at_z = row(right)
    at_z.metric(_("∂CE/∂z at z = {z}", z=f"{PROBE_Z:g}"), f"{ce_g:.3f}")
    at_z.metric(_("∂C/∂z at z = {z}", z=f"{PROBE_Z:g}"), f"{q_g:.4f}")
    zone = grads.dead_zone[0]
    notice = {
        "z": f"{PROBE_Z:g}",
        "where": _("Nielsen's bad start") if n_grad is None else _("the wrong class far ahead"),
        "ratio": f"{ce_g / q_g:.0f}",
    }
    if units.base and math.isfinite(zone):
        text = _(
            "**What to notice.** At z = {z} ({where}) the cross-entropy gradient is {ratio}× the quadratic one "
            "(with CE in bits; in nats, as frameworks compute it, CE's gradient is ln 2 times smaller). The dead "
            "zone, where the quadratic gradient is under a tenth of CE's although the model is wrong, is z > {zone}.",
            zone=f"{zone:.2f}",
            **notice,
        )
    elif units.base:
        text = _(
            "**What to notice.** At z = {z} ({where}) the cross-entropy gradient is {ratio}× the quadratic one "
            "(with CE in bits; in nats, as frameworks compute it, CE's gradient is ln 2 times smaller). The dead "
            "zone, where the quadratic gradient is under a tenth of CE's although the model is wrong, is nowhere "
            "on this range.",
            **notice,
        )
    elif math.isfinite(zone):
        text = _(
            "**What to notice.** At z = {z} ({where}) the cross-entropy gradient is {ratio}× the quadratic one. "
            "The dead zone, where the quadratic gradient is under a tenth of CE's although the model is wrong, is "
            "z > {zone}.",
            zone=f"{zone:.2f}",
            **notice,
        )
    else:
        text = _(
            "**What to notice.** At z = {z} ({where}) the cross-entropy gradient is {ratio}× the quadratic one. "
            "The dead zone, where the quadratic gradient is under a tenth of CE's although the model is wrong, is "
            "nowhere on this range.",
            **notice,
        )
    right.markdown(text)


def run_metrics(
    where: DeltaGenerator,
    start: tuple[str, str],
    ends: tuple[str, str],
    epochs: int,
    reached: tuple[str, int | None, int | None],
) -> None:
    """The four numbers under a pair of training runs (CE and the quadratic cost), in one row: the
    start, where each run ends after ``epochs``, and the first epoch each reaches the goal."""
    (start_label, start_value), (ce_end, q_end) = start, ends
    goal, ce_t, q_t = reached
    metrics = row(where)
    metrics.metric(start_label, start_value, width="stretch")
    metrics.metric(ngettext("After {n} epoch, CE", "After {n} epochs, CE", epochs), ce_end, width="stretch")
    metrics.metric(
        ngettext("After {n} epoch, {loss}", "After {n} epochs, {loss}", epochs, loss=quad_name), q_end, width="stretch"
    )
    metrics.metric(goal, f"{ce_t if ce_t is not None else '–'} / {q_t if q_t is not None else '–'}", width="stretch")


def neuron_section_ui() -> None:
    """Section 3: its heading and prose; the fragment `neuron_live` draws the rest."""
    headings.header(_("3 · Training: Nielsen's neuron"), anchor="training")
    st.markdown(
        _(
            "One sigmoid neuron a = σ(w·x + b), one training example (input x = 1, target y = 0), plain gradient "
            "descent. Nielsen starts it at w = 0.6, b = 0.9 (output 0.82) and at w = b = 2 (output 0.98)."
        )
    )

    live = st.container()
    st.markdown(
        _(
            "**What to notice.** From the bad start the quadratic cost barely moves the output for dozens of "
            "epochs: its gradient carries the factor a(1 − a) ≈ 0.02. Cross-entropy's gradient is the error a − y "
            "itself, so it learns fastest when it is most wrong. From the good start both learn. Both costs use the "
            "same η here, so only the gradients differ; Nielsen's own cross-entropy animation used η = 0.005 and "
            "still learned fast (a constant in front of a loss rescales its gradient, so learning rates of "
            "different losses are only loosely comparable)."
        )
    )
    neuron_live(live)


@section("cemse_neuron")
def neuron_live(where: DeltaGenerator) -> None:
    """Section 3's controls, the two runs' charts and their numbers."""

    def set_start(w: float, b: float) -> None:
        st.session_state.update(cemse_w0=w, cemse_b0=b, cemse_lr=NIELSEN_LEARNING_RATE)

    buttons = row(where)
    buttons.button(_("Bad start: w = b = 2"), on_click=set_start, args=NIELSEN_BAD_START, key="cemse_bad")
    buttons.button(_("Good start: w = 0.6, b = 0.9"), on_click=set_start, args=NIELSEN_GOOD_START, key="cemse_good")
    controls = row(where)
    w0 = controls.slider(_("start w"), -4.0, 4.0, NIELSEN_BAD_START[0], 0.1, key="cemse_w0", bind="query-params")
    b0 = controls.slider(_("start b"), -4.0, 4.0, NIELSEN_BAD_START[1], 0.1, key="cemse_b0", bind="query-params")
    lr = controls.slider(
        _("learning rate η"), 0.005, 2.0, NIELSEN_LEARNING_RATE, 0.005, key="cemse_lr", bind="query-params"
    )
    epochs = controls.slider(_("epochs"), 1, 1000, 300, 1, key="cemse_epochs", bind="query-params")
    ce_run, q_run, (output_fig, cost_fig) = neuron_section(
        float(w0), float(b0), float(lr), int(epochs), quad_loss, units.base, units.symbol, lang
    )
    left, right = where.columns(2)
    left.plotly_chart(output_fig, width="stretch", config=CONFIG)
    right.plotly_chart(cost_fig, width="stretch", config=CONFIG)
    run_metrics(
        where,
        (_("Output at the start"), f"{float(ce_run.output[0]):.3f}"),
        (f"{float(ce_run.output[-1]):.3f}", f"{float(q_run.output[-1]):.3f}"),
        int(epochs),
        (_("Epochs to a < 0.5: CE / quadratic"), ce_run.first_epoch_within(0.5), q_run.first_epoch_within(0.5)),
    )


def logreg_section_ui() -> None:
    """Section 4: its heading and prose; the fragment `logreg_live` draws the rest."""
    headings.subheader(_("Logistic regression on a 2-D toy dataset"))
    st.markdown(
        _(
            "Twenty-two points in two overlapping classes and a linear classifier p = σ(w·x + b), trained by "
            "full-batch gradient descent on the mean cost. The weights start along u = (1, 1)/√2, the direction "
            "that separates the classes."
        )
    )
    live = st.container()
    st.markdown(
        _(
            "**What to notice.** From the confidently wrong start every positive point sits deep in the sigmoid's "
            "flat tail: the quadratic cost's boundary hardly moves while cross-entropy's swings into place. From "
            "the neutral start the two behave alike. The best possible accuracy is 20 of 22 (91%): one point of "
            "each class lies across any straight boundary."
        )
    )
    logreg_live(live)


@section("cemse_logreg")
def logreg_live(where: DeltaGenerator) -> None:
    """Section 4's controls, the lazy tabs of the two runs, and their numbers."""
    controls = row(where)
    logreg_start = controls.segmented_control(
        _("Start"),
        options=list(LOGREG_STARTS),
        format_func=translated_choice("cemse_logreg_start", LOGREG_START_LABELS),
        default="wrong",
        required=True,
        key="cemse_logreg_start",
        bind="query-params",
    )
    logreg_lr = controls.slider(
        _("learning rate η"), 0.05, 3.0, 0.5, 0.05, key="cemse_logreg_lr", bind="query-params", width="stretch"
    )
    logreg_epochs = controls.slider(
        _("epochs"), 1, 1000, 200, 1, key="cemse_logreg_epochs", bind="query-params", width="stretch"
    )

    start_key = logreg_start if logreg_start in LOGREG_STARTS else "wrong"
    w_start, b_start = LOGREG_STARTS[start_key]
    where.caption(_("Start: w = {w}·u, b = {b}.", w=f"{w_start:g}", b=f"{b_start:g}"))
    lr_ce, lr_q, (boundary_fig, accuracy_fig) = logistic_section(
        start_key, float(logreg_lr), int(logreg_epochs), quad_loss, units.base, lang
    )
    # The surfaces are lazy tabs: built and sent only while one is open (two WebGL surfaces cost the most here).
    tabs = where.tabs(
        translated_tabs("cemse_logreg_tab", LOGREG_TABS), key="cemse_logreg_tab", on_change="rerun", bind="query-params"
    )
    if tabs[0].open:
        left, right = tabs[0].columns(2)
        left.plotly_chart(boundary_fig, width="stretch", config=CONFIG)
        right.plotly_chart(accuracy_fig, width="stretch", config=CONFIG)
    for tab, view in zip(tabs[1:], ("3d", "contour"), strict=True):
        if not tab.open:
            continue
        tab.markdown(
            _(
                "The mean loss over (w, b), with the weights w·u along u = (1, 1)/√2, and the two training runs "
                "drawn on it (they stay in this plane because the dataset is symmetric about u). Cross-entropy is "
                "convex in (w, b): one valley, and every path downhill leads to it. The quadratic cost has flat "
                "plateaus where every point is confidently classified one way; the run that starts on one creeps."
            )
        )
        left, right = tab.columns(2)
        ce_fig, q_fig = logistic_surface_section(
            start_key, float(logreg_lr), int(logreg_epochs), quad_loss, units.base, view, units.symbol, lang
        )
        left.plotly_chart(ce_fig, width="stretch", config=CONFIG)
        right.plotly_chart(q_fig, width="stretch", config=CONFIG)
    run_metrics(
        where,
        (_("Accuracy at the start"), f"{float(lr_ce.accuracy[0]):.0%}"),
        (f"{float(lr_ce.accuracy[-1]):.0%}", f"{float(lr_q.accuracy[-1]):.0%}"),
        int(logreg_epochs),
        (_("Epochs to 90%: CE / quadratic"), lr_ce.first_epoch_reaching(0.9), lr_q.first_epoch_reaching(0.9)),
    )


@section("cemse_surfaces")
def surfaces_section_ui() -> None:
    headings.header(_("4 · Loss surfaces"), anchor="surfaces")
    controls = row()
    true_class = controls.segmented_control(
        _("True class"),
        options=list(CLASSES),
        format_func=translated_choice("cemse_true_class", CLASSES),
        default=0,
        required=True,
        key="cemse_true_class",
        bind="query-params",
    )
    chosen_view = controls.segmented_control(
        _("View"),
        options=list(VIEWS),
        format_func=translated_choice("cemse_view", VIEWS),
        default="3d",
        required=True,
        key="cemse_view",
        bind="query-params",
    )
    view = "contour" if chosen_view == "contour" else "3d"
    tc = true_class if true_class in CLASSES else 0
    st.markdown(
        _(
            "A 3-class softmax with logits (z₁, z₂, 0) and true class {k}: the loss over the (z₁, z₂) plane "
            "(adding a constant to every logit changes nothing, so fixing the third at 0 loses nothing).",
            k=tc + 1,
        )
    )
    left, right = st.columns(2)
    ce_fig, q_fig = softmax_surface_section(tc, half, units.base, view, units.symbol, lang)
    left.plotly_chart(ce_fig, width="stretch", config=CONFIG)
    right.plotly_chart(q_fig, width="stretch", config=CONFIG)
    st.markdown(
        _(
            "**What to notice.** Cross-entropy is convex: a smooth slide, steepest where the model is most wrong, "
            "that keeps sloping down towards the region where the true class wins. The quadratic cost flattens into "
            "a plateau wherever a *wrong* class has taken the mass: gradient descent that starts there barely moves."
        )
    )


@section("cemse_worked")
def worked_section_ui() -> None:
    headings.header(_("5 · Worked example: other / republican / democrat"), anchor="worked-example")
    st.markdown(
        _(
            "The example of the blog post {post}: two networks predict the party of three voters. Both get one "
            "voter of three wrong, so the classification error cannot tell them apart; cross-entropy and squared "
            "error can. Edit the predictions and watch each measure react. Columns follow the post, whose one-hot "
            "target (0, 0, 1) is *democrat*.",
            post=post("mccaffrey_post"),
        )
    )

    def post_table(rows: tuple[tuple[float, ...], ...]) -> dict[str, list[Any]]:
        table: dict[str, list[Any]] = {name: [r[i] for r in rows] for i, name in enumerate(MCCAFFREY_CLASSES)}
        return table | {TRUE_COLUMN: [MCCAFFREY_CLASSES[t] for t in MCCAFFREY_TARGET]}

    def replace_table(net: str, table: dict[str, list[Any]]) -> None:
        """Make ``table`` the editor's data; a new editor key drops the old edits."""
        st.session_state[f"cemse_{net}_table"] = table
        st.session_state[f"cemse_{net}_version"] = st.session_state.get(f"cemse_{net}_version", 0) + 1

    def reset_tables() -> None:
        for net, (_title, rows) in NETWORKS.items():
            replace_table(net, post_table(rows))

    def normalise_table(net: str, table: dict[str, list[Any]], probs: Any) -> None:
        rows = normalize(probs, axis=-1)
        replace_table(
            net, table | {name: [round(float(v), 6) for v in rows[:, i]] for i, name in enumerate(MCCAFFREY_CLASSES)}
        )

    column_config: dict[str, Any] = {
        name: st.column_config.NumberColumn(
            class_label(name), min_value=0.0, step=0.01, format="%.3f", required=True, width="small"
        )
        for name in MCCAFFREY_CLASSES
    }
    column_config[TRUE_COLUMN] = st.column_config.SelectboxColumn(
        _(TRUE_LABEL), options=list(MCCAFFREY_CLASSES), format_func=class_label, required=True
    )
    shown_classes = {name: class_label(name) for name in MCCAFFREY_CLASSES}
    columns = dict(zip(NETWORKS, st.columns(2), strict=True))
    scores = {}
    for net, (title, rows) in NETWORKS.items():
        col = columns[net]
        col.markdown(f"**{_(title)}**")
        edited = col.data_editor(
            st.session_state.setdefault(f"cemse_{net}_table", post_table(rows)),
            key=f"cemse_{net}_editor_{st.session_state.get(f'cemse_{net}_version', 0)}",
            column_config=column_config,
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
        )
        try:
            probs, target = prediction_table(
                edited,
                classes=MCCAFFREY_CLASSES,
                target_column=TRUE_COLUMN,
                labels=shown_classes,
                separator=_(", "),
            )
        except ValueError as exc:
            col.error(_("{network}: {problem}", network=_(title), problem=i18n.describe(exc)))
            continue
        sums = probs.sum(axis=1)
        off = np.flatnonzero(np.abs(sums - 1.0) > 1e-6)
        if off.size:
            listed = _(", ").join(_("row {row} sums to {total}", row=i + 1, total=f"{sums[i]:.4g}") for i in off[:3])
            col.warning(
                _(
                    "{network}: every row should sum to 1, but {rows}. The scores use each row divided by its sum.",
                    network=_(title),
                    rows=listed,
                )
            )
            col.button(
                _("Normalise the rows"),
                key=f"cemse_{net}_normalise",
                on_click=normalise_table,
                args=(net, edited, probs),
            )
            probs = normalize(probs, axis=-1)
        scores[net] = score_predictions(probs, target, base=units.base)
        s = scores[net]
        box = col.container(border=True)
        scored = row(box)
        scored.metric(
            _("Error"), f"{int((~s.correct).sum())}/{s.correct.size}", help=_("Classification error: rows wrong")
        )
        scored.metric(
            _("CE, {unit}", unit=units.symbol),
            "∞" if math.isinf(s.cross_entropy) else f"{s.cross_entropy:.3f}",
            help=_("Average CE"),
        )
        scored.metric(
            _("MSE"),
            f"{s.squared_error:.3f}",
            help=_("Σ over the 3 classes, mean over the rows (the post's convention)"),
        )

    st.button(_("Reset to the post's numbers"), key="cemse_reset", on_click=reset_tables)
    if scores:
        fmt = "{:.6f}".format

        def table_row(label: str, values: list[str]) -> str:
            return "| " + " | ".join([label, *values]) + " |"

        st.markdown(
            "\n".join(
                [
                    table_row(_("measure"), [_(NETWORKS[n][0]) for n in scores]),
                    "|---|" + "---|" * len(scores),
                    table_row(_("classification error"), [f"{s.classification_error:.6f}" for s in scores.values()]),
                    table_row(
                        _("average cross-entropy ({unit})", unit=units.symbol),
                        ["∞" if math.isinf(s.cross_entropy) else fmt(s.cross_entropy) for s in scores.values()],
                    ),
                    table_row(
                        _("MSE: Σ over classes, mean over rows (the post)"),
                        [fmt(s.squared_error) for s in scores.values()],
                    ),
                    table_row(
                        _("`nn.MSELoss()`: mean over all N·C elements"),
                        [fmt(s.mse_loss) for s in scores.values()],
                    ),
                ]
            )
        )
    post1, post2 = (score_predictions(rows, np.array(MCCAFFREY_TARGET)) for _title, rows in NETWORKS.values())
    st.markdown(
        _(
            "**Conventions.** The post's MSE sums the squared errors over the three classes and averages over the "
            "rows; PyTorch's `nn.MSELoss()` averages over all N·C elements, a third of the post's number ({first} "
            "and {second} for the post's predictions). The post prints the second network's cross-entropy as 0.54: "
            "a typo (McCaffrey's original says 0.64); the exact value is {exact} nats.",
            first=f"{post1.mse_loss:.3f}",
            second=f"{post2.mse_loss:.3f}",
            exact=f"{post2.cross_entropy:.6f}",
        )
    )
    st.markdown(
        _(
            "**What to notice.** The classification error is the same for both networks; cross-entropy and MSE "
            "both prefer network 2, which is confidently right twice and only narrowly wrong once. Make one of "
            "network 1's true-class probabilities tiny and watch cross-entropy explode while MSE barely changes."
        )
    )


confidence_section_ui()
bce_section()
gradients_section_ui()
neuron_section_ui()
logreg_section_ui()
surfaces_section_ui()
worked_section_ui()
checks_section("ce-vs-mse", CHECKS["ce-vs-mse"])
