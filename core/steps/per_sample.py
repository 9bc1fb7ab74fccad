"""The losses with one value per sample: cross-entropy, NLL and the softmax focal loss, step by step.

Each ``*_steps`` function takes the same inputs as its `core.losses`
counterpart and repeats its arithmetic operation for operation, so the
`Steps` it returns ends on the core function's number bitwise.  See
`core.steps`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from core._validation import FloatArray, IntArray, as_float_array
from core.losses import cross_entropy_loss, nll_loss, softmax_focal_loss
from core.numerics import log_softmax
from i18n import N_, _

from .latex import cross_entropy_formulas, nll_formulas, softmax_focal_formulas
from .table import (
    INPUT_KINDS,
    Column,
    Steps,
    _accuracy,
    _check_batch,
    _col,
    _finish,
    _index_denominator,
    _index_targets,
    _reduce_per_sample,
)

_IGNORED_NOTE = N_(
    "Rows whose target is ignore_index = {ignore_index} add 0 and are left out of the mean's denominator."
)


def _pick(
    log_p: FloatArray, t: IntArray, w: FloatArray | None, ignore_index: int
) -> tuple[NDArray[np.bool_], IntArray, FloatArray, FloatArray]:
    """Which rows count, their target (0 where ignored), its log-probability and its class weight (0 where ignored).

    The same arithmetic as ``core.losses._picked_nll``.
    """
    keep = t != ignore_index
    safe_t = np.where(keep, t, 0)
    picked = log_p[np.arange(t.size), safe_t]
    w_picked = (np.ones(t.size) if w is None else w[safe_t]) * keep
    return keep, safe_t, picked, w_picked


def _is_target_column(t: IntArray, n_classes: int) -> Column:
    """1 in each row's target class, 0 elsewhere."""
    return _col(
        "is_target",
        _("target?"),
        _("1 for the row's target class."),
        (np.arange(n_classes) == t[:, None]) * 1.0,
        integer=True,
    )


def _weight_and_ignored_columns(
    w: FloatArray | None, w_picked: FloatArray, keep: NDArray[np.bool_], ignore_index: int
) -> list[Column]:
    """The target's class weight w[y] (with class weights) and the ignored-row flag (when a row is ignored)."""
    cols = []
    if w is not None:
        cols.append(_col("w_y", "w[y]", _("Weight of the target class (0 for an ignored row)."), w_picked))
    if not keep.all():
        cols.append(
            _col(
                "ignored",
                _("ignored?"),
                _("1 where the target equals ignore_index = {ignore_index}.", ignore_index=ignore_index),
                ~keep * 1.0,
                integer=True,
            )
        )
    return cols


def cross_entropy_steps(
    logits: ArrayLike,
    target: ArrayLike,
    *,
    weight: ArrayLike | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Steps:
    """`core.cross_entropy_loss` step by step: logits → softmax → log p → picked term → ℓ_n → reduction.

    Class-index targets: ``ℓ_n = (1-ε)(-w_{y_n} log p_{n,y_n}) + (ε/C)(-Σ_c w_c log p_{n,c})``,
    ``'mean'`` divides by ``Σ w_{y_n}`` over the non-ignored rows.  Probability
    targets (float ``(N, C)``): ``ℓ_n = -Σ_c w_c P'_{n,c} log p_{n,c}`` with
    ``P' = (1-ε)P + ε/C``, ``'mean'`` divides by ``N``.
    """
    z = _check_batch(logits, "logits")
    cross_entropy_loss(  # checks the arguments as the core function does
        z, target, weight=weight, ignore_index=ignore_index, reduction=reduction, label_smoothing=label_smoothing
    )
    n, c = z.shape
    eps = float(label_smoothing)
    w = None if weight is None else as_float_array(weight, "weight")
    lp = log_softmax(z, axis=-1)
    p = np.exp(lp)
    tgt = np.asarray(target)
    cls: list[Column] = [
        _col("logit", "z (logit)", _("The raw score the model gives each class."), z),
        _col("softmax", "p = softmax(z)", _("exp(z_c) / Σ_j exp(z_j): the predicted probability of each class."), p),
        _col("log_p", "log p", _("log_softmax(z) = z_c − logsumexp(z), computed without forming p."), lp),
    ]
    if w is not None:
        cls.append(_col("weight", _("w (class weight)"), _("The weight of each class."), np.broadcast_to(w, z.shape)))
    notes: list[str] = []

    if np.issubdtype(tgt.dtype, np.floating) and tgt.shape == z.shape:
        # Probability ("soft") targets: same arithmetic as core.losses._soft_target_ce.
        P = as_float_array(tgt, "target")
        Ps = P * (1.0 - eps) + eps / c if eps > 0.0 else P
        terms = Ps * lp
        if w is not None:
            terms = terms * w
        losses = -terms.sum(axis=-1)
        reduced = _reduce_per_sample(losses, reduction, float(n), _("the number of rows N = {n}", n=n), "N")
        cls.append(_col("target", _("P (target)"), _("The target probability of each class, as given."), P))
        if eps > 0.0:
            cls.append(_col("target_smoothed", "P′ = (1−ε)P + ε/C", _("The target after label smoothing."), Ps))
        cls.append(
            _col(
                "term",
                "−w·P′·log p" if w is not None else "−P′·log p",
                "Each class's contribution to the row's loss.",
                -terms + 0.0,
            )
        )
        rows = [
            _col("target_sum", "Σ P", _("The target row's sum (1 for a probability distribution)."), P.sum(axis=-1)),
            _col("loss", _("ℓ (row loss)"), _("The row's loss: the sum of its terms."), losses),
        ]
        formulas = cross_entropy_formulas(
            weighted=w is not None, label_smoothing=eps, n_classes=c, probability_targets=True
        )
        if ignore_index != -100:
            notes.append(_("ignore_index applies only to class-index targets."))
        notes.append(
            _(
                "Probability targets: 'mean' divides by the number of rows N, even with class weights "
                "(with class-index targets it divides by the sum of the picked weights)."
            )
        )
        return _finish("cross_entropy", reduction, c, cls, rows, losses, reduced, formulas, notes)

    t = _index_targets(tgt).reshape(-1)
    keep, safe_t, picked, w_picked = _pick(lp, t, w, ignore_index)
    nll = -(w_picked * picked) + 0.0
    losses = nll
    smooth = None
    if eps > 0.0:
        smooth = -(lp if w is None else lp * w).sum(axis=-1) * keep
        losses = (1.0 - eps) * nll + (eps / c) * smooth + 0.0
    reduced = _reduce_per_sample(losses, reduction, *_index_denominator(w_picked, keep, w is not None))

    nan = np.nan
    cls.append(_is_target_column(t, c))
    rows = [
        _col("target_class", _("y (target class)"), _("The class index given as target."), t, integer=True),
        _col("z_y", "z[y]", _("The logit of the target class."), np.where(keep, z[np.arange(n), safe_t], nan)),
        _col(
            "logsumexp",
            "logsumexp(z)",
            _("log Σ_j exp(z_j), computed as max(z) + log Σ_j exp(z_j − max(z))."),
            z.max(axis=-1) + np.log(np.exp(z - z.max(axis=-1, keepdims=True)).sum(axis=-1)),
        ),
        _col(
            "log_p_y",
            "log p[y]",
            _("log-probability of the target class: z[y] − logsumexp(z)."),
            np.where(keep, picked, nan),
        ),
        _col("p_y", "p[y]", _("Predicted probability of the target class."), np.where(keep, np.exp(picked), nan)),
    ]
    rows += _weight_and_ignored_columns(w, w_picked, keep, ignore_index)
    if smooth is not None:
        rows.append(_col("nll", "−w[y]·log p[y]" if w is not None else "−log p[y]", "The picked term.", nll))
        rows.append(
            _col(
                "smooth",
                "−Σ w·log p" if w is not None else "−Σ log p",
                "The label-smoothing term: minus the (weighted) sum of all the row's log-probabilities.",
                smooth + 0.0,
            )
        )
    rows.append(_col("loss", _("ℓ (row loss)"), _("The row's loss before the reduction."), losses))
    acc_cols, acc_note = _accuracy(z, t, keep)
    rows[1:1] = acc_cols
    formulas = cross_entropy_formulas(
        weighted=w is not None, label_smoothing=eps, n_classes=c, probability_targets=False
    )
    if w is not None:
        notes.append(
            _("With class weights, 'mean' is a weighted mean: it divides by the sum of the picked weights, not by N.")
        )
    if not keep.all():
        notes.append(_(_IGNORED_NOTE, ignore_index=ignore_index))
    if acc_note:
        notes.append(acc_note)
    return _finish("cross_entropy", reduction, c, cls, rows, losses, reduced, formulas, notes)


def log_probabilities(pred: ArrayLike, input_kind: str) -> FloatArray:
    """``log q`` from a prediction matrix read as ``'probabilities'``, ``'log_probabilities'`` or ``'logits'``.

    Probabilities are logged as they are (no renormalisation, as ``torch.log(q)``);
    logits go through `log_softmax`.  A probability of 0 gives ``-inf``, which the
    losses then reject.
    """
    a = as_float_array(pred, "input")
    if input_kind == "log_probabilities":
        return a
    if input_kind == "logits":
        return log_softmax(a, axis=-1)
    if input_kind == "probabilities":
        with np.errstate(divide="ignore"):
            return np.log(a)
    raise ValueError(f"input_kind must be one of {', '.join(INPUT_KINDS)}; got {input_kind!r}")


def _input_columns(pred: FloatArray, lq: FloatArray, input_kind: str, sym: str) -> list[Column]:
    if input_kind == "probabilities":
        return [
            _col(
                "prob", _("{sym} (probability)", sym=sym), _("The predicted probability of each class, as given."), pred
            ),
            _col("log_prob", f"log {sym}", _("The natural log of {sym}.", sym=sym), lq),
        ]
    if input_kind == "logits":
        return [
            _col("logit", "z (logit)", _("The raw score of each class."), pred),
            _col("log_prob", f"log {sym} = log_softmax(z)", "z_c − logsumexp(z).", lq),
            _col("prob", f"{sym} = softmax(z)", _("The predicted probability of each class."), np.exp(lq)),
        ]
    return [
        _col("log_prob", _("log {sym} (as given)", sym=sym), _("The log-probability of each class, as given."), lq),
        _col("prob", f"{sym} = exp(log {sym})", _("The probability it stands for."), np.exp(lq)),
    ]


def nll_steps(
    pred: ArrayLike,
    target: ArrayLike,
    *,
    input_kind: str = "log_probabilities",
    weight: ArrayLike | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> Steps:
    """`core.nll_loss` on ``log q`` (see `log_probabilities`) step by step: ``ℓ_n = -w_{y_n} log q_{n,y_n}``."""
    a = _check_batch(pred, "input")
    lq = log_probabilities(a, input_kind)
    nll_loss(lq, target, weight=weight, ignore_index=ignore_index, reduction=reduction)
    c = lq.shape[1]
    w = None if weight is None else as_float_array(weight, "weight")
    t = _index_targets(target).reshape(-1)
    keep, _safe_t, picked, w_picked = _pick(lq, t, w, ignore_index)
    losses = -(w_picked * picked) + 0.0
    reduced = _reduce_per_sample(losses, reduction, *_index_denominator(w_picked, keep, w is not None))
    sym = "q"
    cls = _input_columns(a, lq, input_kind, sym)
    if w is not None:
        cls.append(_col("weight", _("w (class weight)"), _("The weight of each class."), np.broadcast_to(w, a.shape)))
    cls.append(_is_target_column(t, c))
    nan = np.nan
    rows = [
        _col("target_class", _("y (target class)"), _("The class index given as target."), t, integer=True),
        _col("q_y", "q[y]", _("Predicted probability of the target class."), np.where(keep, np.exp(picked), nan)),
        _col("log_q_y", "log q[y]", _("Its log: the number NLL picks."), np.where(keep, picked, nan)),
    ]
    rows += _weight_and_ignored_columns(w, w_picked, keep, ignore_index)
    rows.append(_col("loss", _("ℓ (row loss)"), _("−w[y]·log q[y]: the row's loss before the reduction."), losses))
    acc_cols, acc_note = _accuracy(lq, t, keep)
    rows[1:1] = acc_cols
    notes: list[str] = []
    if input_kind == "probabilities":
        notes.append(
            _(
                "NLL expects log-probabilities: the probabilities are logged first (torch.log), as the blog posts do "
                "by hand. Cross-entropy on logits does both steps at once."
            )
        )
    if w is not None:
        notes.append(_("With class weights, 'mean' divides by the sum of the picked weights, not by N."))
    if not keep.all():
        notes.append(_(_IGNORED_NOTE, ignore_index=ignore_index))
    if acc_note:
        notes.append(acc_note)
    formulas = nll_formulas(weighted=w is not None)
    return _finish("nll", reduction, c, cls, rows, losses, reduced, formulas, notes)


def softmax_focal_steps(
    logits: ArrayLike,
    target: ArrayLike,
    *,
    gamma: float = 2.0,
    alpha: ArrayLike | float | None = None,
    reduction: str = "mean",
) -> Steps:
    """`core.softmax_focal_loss` step by step: ``FL_n = -α_{y_n} (1 - p_{n,y_n})^γ log p_{n,y_n}``."""
    z = _check_batch(logits, "logits")
    softmax_focal_loss(z, target, gamma=gamma, alpha=alpha, reduction=reduction)
    n, c = z.shape
    g = float(gamma)
    t = _index_targets(target).reshape(-1)
    lp = log_softmax(z, axis=-1).reshape(-1, c)
    lp_t = lp[np.arange(n), t]
    one_minus = -np.expm1(lp_t)
    losses = -((-np.expm1(lp_t)) ** g) * lp_t
    cls = [
        _col("logit", "z (logit)", _("The raw score of each class."), z),
        _col("softmax", "p = softmax(z)", _("The predicted probability of each class."), np.exp(lp)),
        _col("log_p", "log p", "log_softmax(z).", lp),
        _is_target_column(t, c),
    ]
    rows = [
        _col("target_class", _("y (target class)"), _("The class index given as target."), t, integer=True),
        _col("p_y", "p[y]", _("Predicted probability of the target class."), np.exp(lp_t)),
        _col("log_p_y", "log p[y]", _("Its log: cross-entropy's term."), lp_t),
        _col(
            "one_minus_p_y", "1 − p[y]", _("Computed as −expm1(log p[y]), exact even when p[y] rounds to 1."), one_minus
        ),
        _col(
            "focal_factor",
            f"(1 − p[y])^{g:g}",
            _("The focal factor: near 0 for easy, well-classified rows."),
            one_minus**g,
        ),
    ]
    if alpha is not None:
        if np.ndim(alpha) == 0:
            a_y = np.full(n, float(alpha))  # type: ignore[arg-type]
            losses = float(alpha) * losses  # type: ignore[arg-type]
        else:
            av = as_float_array(alpha, "alpha")
            a_y = av[t]
            losses = av[t] * losses
        rows.append(_col("alpha_y", "α[y]", _("The weight of the target class."), a_y))
    losses = losses + 0.0
    rows.append(_col("loss", _("ℓ (row loss)"), _("−α[y]·(1 − p[y])^γ·log p[y]."), losses))
    acc_cols, acc_note = _accuracy(lp, t, np.ones(n, dtype=bool))
    rows[1:1] = acc_cols
    reduced = _reduce_per_sample(losses, reduction, float(n), _("the number of rows N = {n}", n=n), "N")
    formulas = softmax_focal_formulas(alpha=alpha is not None, gamma=g)
    notes = [acc_note]
    if g == 0.0 and alpha is None:
        notes.append(_("With γ = 0 and no α this is exactly cross-entropy."))
    return _finish("softmax_focal", reduction, c, cls, rows, losses, reduced, formulas, notes)
