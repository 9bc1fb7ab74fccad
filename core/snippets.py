"""Code that reproduces a calculator result: a PyTorch snippet and a plain-NumPy one written from scratch.

Pure string building: `torch_snippet` and `numpy_snippet` take the same
inputs and options as `core.steps.compute_steps` and return the text of a
short, self-contained Python script that prints the loss in the calculator's
display format (`core.steps.format_value`), so a reader can paste it into a
notebook and see the very number the page shows.  The data are embedded with
``repr`` of each float64, which round-trips exactly.

The NumPy version follows the from-scratch recipe of the post that opens
进行二分类或多分类问题时 (softmax, pick the target's probability, -log, average)
with the stabilisations PyTorch uses: the row maximum is subtracted before
``exp``, ``log σ(z)`` is ``-logaddexp(0, -z)``, and ``F.binary_cross_entropy``'s
clamp of each log at -100 is spelled out.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from .steps import LOSSES

__all__ = [
    "DISPLAY_MAX_CELLS",
    "numpy_snippet",
    "torch_snippet",
]

#: Above this many cells, `display_snippet` shows only the first rows and columns of the data.
DISPLAY_MAX_CELLS = 2_000
_SHOW_ROWS, _SHOW_COLS = 3, 8

_INPUT_NAMES = {"logits": "logits", "probabilities": "probs", "log_probabilities": "log_probs"}


def _alpha(loss: str, alpha: ArrayLike | float | None) -> ArrayLike | float | None:
    """``alpha`` as the snippets write it: the sigmoid focal loss's negative alpha (torchvision's -1) is ``None``."""
    if loss == "sigmoid_focal" and alpha is not None and np.ndim(alpha) == 0 and np.asarray(alpha).item() < 0:
        return None
    return alpha


def _num(v: float) -> str:
    """The shortest text that reads back as exactly this float64 (``repr``)."""
    return repr(float(v))


def _row(values: ArrayLike, max_cols: int | None) -> str:
    vals = [_num(v) for v in np.asarray(values, dtype=np.float64)]
    if max_cols is not None and len(vals) > max_cols:
        vals = [*vals[:max_cols], "..."]
    return "[" + ", ".join(vals) + "]"


def _matrix(m: ArrayLike, max_rows: int | None = None, max_cols: int | None = None) -> str:
    a = np.asarray(m, dtype=np.float64)
    rows = [f"    {_row(r, max_cols)}," for r in a[: max_rows if max_rows is not None else len(a)]]
    if max_rows is not None and len(a) > max_rows:
        rows.append(f"    # ... {len(a) - max_rows:,} more rows: download the script for the full data")
    return "[\n" + "\n".join(rows) + "\n]"


def _ints(t: ArrayLike, max_items: int | None = None) -> str:
    vals = [str(int(v)) for v in np.asarray(t).ravel()]
    if max_items is not None and len(vals) > max_items:
        vals = [*vals[:max_items], "..."]
    return "[" + ", ".join(vals) + "]"


def _vector(v: ArrayLike | float) -> str:
    a = np.asarray(v, dtype=np.float64)
    return _num(float(a)) if a.ndim == 0 else "[" + ", ".join(_num(x) for x in a.ravel()) + "]"


class _Data:
    """How the prediction and target literals are written (in full, or cut short for display)."""

    def __init__(self, pred: ArrayLike, target: ArrayLike, elide: bool) -> None:
        self.pred = np.asarray(pred, dtype=np.float64)
        self.target = np.asarray(target)
        big = elide and self.pred.size > DISPLAY_MAX_CELLS
        self.max_rows = _SHOW_ROWS if big else None
        self.max_cols = _SHOW_COLS if big and self.pred.shape[-1] > _SHOW_COLS else None
        self.elided = big
        self.indices = np.issubdtype(self.target.dtype, np.integer)

    def pred_literal(self) -> str:
        return _matrix(self.pred, self.max_rows, self.max_cols)

    def target_literal(self) -> str:
        if self.indices:
            return _ints(self.target, self.max_rows)
        return _matrix(self.target, self.max_rows, self.max_cols)


def _header(kind: str, data: _Data, expected: str | None) -> list[str]:
    shape = f"{data.pred.shape[0]} × {data.pred.shape[1]}"
    lines = [f"# Reproduces the calculator's result ({shape} input) with {kind}, in float64 like the page."]
    if expected is not None:
        lines.append(f"# It prints {expected}.")
    if data.elided:
        lines.append("# The data below are cut short for display; the downloaded script has all of them.")
    return lines


def _print_line(scalar: bool, var: str, torch: bool) -> str:
    if scalar:
        return f'print(f"{{{var}.item():.6f}}")' if torch else f'print(f"{{{var}:.6f}}")'
    it = f"{var}.flatten().tolist()" if torch else f"{var}.ravel()"
    return f'print(", ".join(f"{{v:.6f}}" for v in {it}))'


def torch_snippet(
    loss: str,
    pred: ArrayLike,
    target: ArrayLike,
    *,
    input_kind: str | None = None,
    weight: ArrayLike | None = None,
    ignore_index: int = -100,
    label_smoothing: float = 0.0,
    pos_weight: ArrayLike | None = None,
    gamma: float = 2.0,
    alpha: ArrayLike | float | None = None,
    reduction: str = "mean",
    expected: str | None = None,
    elide: bool = False,
) -> str:
    """A PyTorch script computing ``loss`` on these inputs with these options (see `core.steps.compute_steps`).

    ``expected`` (the page's number) goes into a comment; ``elide=True`` cuts
    data larger than `DISPLAY_MAX_CELLS` short for on-page display (the result
    is then no longer runnable; offer the full version as a download).
    """
    spec = LOSSES[loss]
    kind = input_kind or spec.input_kinds[0]
    alpha = _alpha(loss, alpha)
    d = _Data(pred, target, elide)
    x = _INPUT_NAMES[kind]
    red = f'reduction="{reduction}"'
    out = _header("PyTorch", d, expected)
    out += ["import torch", "import torch.nn.functional as F", ""]
    out.append(f"{x} = torch.tensor({d.pred_literal()}, dtype=torch.float64)")
    if d.indices:
        out.append(f"target = torch.tensor({d.target_literal()})  # class indices (int64)")
    else:
        out.append(f"target = torch.tensor({d.target_literal()}, dtype=torch.float64)")
    if weight is not None and "weight" in spec.options:
        out.append(f"weight = torch.tensor({_vector(weight)}, dtype=torch.float64)")
    out.append("")
    extra = ""
    if weight is not None and "weight" in spec.options:
        extra += ", weight=weight"
    if "ignore_index" in spec.options and ignore_index != -100:
        extra += f", ignore_index={int(ignore_index)}"

    if loss == "cross_entropy":
        if label_smoothing:
            extra += f", label_smoothing={float(label_smoothing)!r}"
        out.append(f"loss = F.cross_entropy(logits, target{extra}, {red})")
    elif loss == "nll":
        if kind == "probabilities":
            out.append("log_probs = torch.log(probs)  # NLL takes log-probabilities")
        elif kind == "logits":
            out.append("log_probs = F.log_softmax(logits, dim=1)")
        out.append(f"loss = F.nll_loss(log_probs, target{extra}, {red})")
    elif loss == "bce":
        out.append(f"loss = F.binary_cross_entropy(probs, target{extra}, {red})")
    elif loss == "bce_logits":
        if pos_weight is not None:
            out.insert(-1, f"pos_weight = torch.tensor({_vector(pos_weight)}, dtype=torch.float64)")
            extra += ", pos_weight=pos_weight"
        out.append(f"loss = F.binary_cross_entropy_with_logits(logits, target{extra}, {red})")
    elif loss == "kl_div":
        if kind == "probabilities":
            out.append("log_q = torch.log(probs)  # kl_div takes the log of the prediction")
        elif kind == "logits":
            out.append("log_q = F.log_softmax(logits, dim=1)  # kl_div takes the log of the prediction")
        else:
            out.append("log_q = log_probs")
        out.append(f"loss = F.kl_div(log_q, target, {red})  # KL(target ‖ q)")
    elif loss == "sigmoid_focal":
        a = "None" if alpha is None else _num(float(alpha))  # type: ignore[arg-type]
        out += [
            f"alpha, gamma = {a}, {float(gamma)!r}",
            "# torchvision.ops.sigmoid_focal_loss(logits, target, alpha, gamma, reduction) computes exactly",
            "# this (torchvision spells 'no alpha' as alpha=-1); written out so it runs without torchvision:",
            "p = torch.sigmoid(logits)",
            'ce = F.binary_cross_entropy_with_logits(logits, target, reduction="none")',
            "p_t = p * target + (1 - p) * (1 - target)",
            "loss = ce * ((1 - p_t) ** gamma)",
        ]
        if alpha is not None:
            out += ["alpha_t = alpha * target + (1 - alpha) * (1 - target)", "loss = alpha_t * loss"]
        out += _torch_reduce(reduction)
    else:  # softmax_focal
        out += [
            f"gamma = {float(gamma)!r}",
            "# Multi-class focal loss (Lin et al. 2017, eq. 5, with softmax); PyTorch has no built-in one.",
            "log_p = F.log_softmax(logits, dim=1)",
            "log_p_t = log_p.gather(1, target[:, None]).squeeze(1)",
            "loss = -((1 - log_p_t.exp()) ** gamma) * log_p_t",
        ]
        if alpha is not None:
            if np.ndim(alpha) == 0:
                out.append(f"loss = {_num(float(alpha))} * loss  # alpha")  # type: ignore[arg-type]
            else:
                out += [
                    f"alpha = torch.tensor({_vector(alpha)}, dtype=torch.float64)",
                    "loss = alpha[target] * loss",
                ]
        out += _torch_reduce(reduction)
    out.append(_print_line(reduction != "none", "loss", torch=True))
    return "\n".join(out) + "\n"


def _torch_reduce(reduction: str) -> list[str]:
    if reduction == "mean":
        return ["loss = loss.mean()"]
    if reduction == "sum":
        return ["loss = loss.sum()"]
    return []


def numpy_snippet(
    loss: str,
    pred: ArrayLike,
    target: ArrayLike,
    *,
    input_kind: str | None = None,
    weight: ArrayLike | None = None,
    ignore_index: int = -100,
    label_smoothing: float = 0.0,
    pos_weight: ArrayLike | None = None,
    gamma: float = 2.0,
    alpha: ArrayLike | float | None = None,
    reduction: str = "mean",
    expected: str | None = None,
    elide: bool = False,
) -> str:
    """The same computation from scratch in plain NumPy, one commented step per line (arguments as `torch_snippet`)."""
    spec = LOSSES[loss]
    kind = input_kind or spec.input_kinds[0]
    alpha = _alpha(loss, alpha)
    d = _Data(pred, target, elide)
    x = _INPUT_NAMES[kind]
    w = weight if (weight is not None and "weight" in spec.options) else None
    out = _header("plain NumPy, from scratch", d, expected)
    out += ["import numpy as np", ""]
    out.append(f"{x} = np.array({d.pred_literal()})")
    if d.indices:
        out.append(f"target = np.array({d.target_literal()})  # class indices")
    else:
        out.append(f"target = np.array({d.target_literal()})")
    if w is not None:
        out.append(f"weight = np.array({_vector(w)})  # one weight per class")
    out.append("")

    if loss in ("cross_entropy", "nll", "softmax_focal"):
        out += _numpy_picked(loss, kind, d, w, ignore_index, label_smoothing, gamma, alpha, reduction)
    elif loss == "bce":
        out += [
            "# 1. the two logs, each clamped at -100 as F.binary_cross_entropy does (log 0 would be -inf)",
            'with np.errstate(divide="ignore"):',
            "    log_x = np.maximum(np.log(probs), -100.0)",
            "    log_1mx = np.maximum(np.log1p(-probs), -100.0)",
            "# 2. one binary cross-entropy per element",
            "losses = -(target * log_x + (1 - target) * log_1mx)",
        ]
        if w is not None:
            out.append("losses = losses * weight")
        out += _numpy_elementwise_reduce(reduction)
    elif loss == "bce_logits":
        out += [
            "# 1. log σ(z) and log(1 − σ(z)) = log σ(−z), stably: log σ(z) = −log(1 + e^(−z))",
            "log_sig = -np.logaddexp(0.0, -logits)",
            "log_one_minus_sig = -np.logaddexp(0.0, logits)",
        ]
        if pos_weight is not None:
            out += [
                f"pos_weight = np.array({_vector(pos_weight)})  # weight of the positive term",
                "log_sig = log_sig * pos_weight",
            ]
        out += [
            "# 2. one binary cross-entropy per element",
            "losses = -(target * log_sig + (1 - target) * log_one_minus_sig)",
        ]
        if w is not None:
            out.append("losses = losses * weight")
        out += _numpy_elementwise_reduce(reduction)
    elif loss == "kl_div":
        out += _numpy_log_q(kind)
        out += [
            "# 2. p·(log p − log q) per element, with 0·log 0 = 0",
            "p_log_p = np.where(target > 0, target * np.log(np.where(target > 0, target, 1.0)), 0.0)",
            "losses = p_log_p - target * log_q",
            "print('KL per row:', losses.sum(axis=1))",
        ]
        out += _numpy_elementwise_reduce(reduction)
    else:  # sigmoid_focal
        out += [
            "# 1. p = σ(z) and 1 − p, from log σ so that neither cancels to 0",
            "p = np.exp(-np.logaddexp(0.0, -logits))",
            "one_minus_p = np.exp(-np.logaddexp(0.0, logits))",
            "# 2. binary cross-entropy, and 1 − p_t (p_t: the probability of the right answer)",
            "ce = np.logaddexp(0.0, -logits) * target + np.logaddexp(0.0, logits) * (1 - target)",
            "one_minus_p_t = one_minus_p * target + p * (1 - target)",
            f"# 3. the focal factor (1 − p_t)^γ, γ = {float(gamma):g}",
            f"losses = ce * one_minus_p_t ** {float(gamma)!r}",
        ]
        if alpha is not None:
            a = _num(float(alpha))  # type: ignore[arg-type]
            out += [f"alpha = {a}", "losses = (alpha * target + (1 - alpha) * (1 - target)) * losses"]
        out += _numpy_elementwise_reduce(reduction)
    out.append(_print_line(reduction != "none", "loss" if reduction != "none" else "losses", torch=False))
    return "\n".join(out) + "\n"


def _numpy_log_q(kind: str) -> list[str]:
    if kind == "probabilities":
        return ["# 1. the log of the predicted probabilities", "log_q = np.log(probs)"]
    if kind == "logits":
        return [
            "# 1. log-softmax, row by row; subtracting each row's max keeps exp() from overflowing",
            "shifted = logits - logits.max(axis=1, keepdims=True)",
            "log_q = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))",
        ]
    return ["# 1. the log-probabilities, as given", "log_q = log_probs"]


def _numpy_picked(
    loss: str,
    kind: str,
    d: _Data,
    w: ArrayLike | None,
    ignore_index: int,
    eps: float,
    gamma: float,
    alpha: ArrayLike | float | None,
    reduction: str,
) -> list[str]:
    """CE, NLL and softmax focal: log-probabilities, then the target's entry of each row."""
    out = _numpy_log_q(kind if loss == "nll" else "logits")
    if not d.indices:  # cross-entropy with probability ("soft") targets
        if eps > 0.0:
            out += [
                f"# 2. label smoothing ε = {eps:g}: mix the targets with the uniform distribution",
                f"eps, C = {eps!r}, log_q.shape[1]",
                "target = target * (1 - eps) + eps / C",
            ]
        terms = "weight * target * log_q" if w is not None else "target * log_q"
        out += ["# 3. each row's loss: minus the target-weighted sum of its log-probabilities"]
        out += [f"losses = -({terms}).sum(axis=1)"]
        out += _numpy_sample_reduce(reduction, "len(losses)  # N: probability targets ignore the weights here")
        return out
    out.append("rows = np.arange(len(target))")
    ignoring = loss != "softmax_focal" and bool((d.target == ignore_index).any())
    if ignoring:
        out += [
            f"# 2. pick log q of each row's target class; rows whose target is {ignore_index} are ignored",
            f"keep = target != {int(ignore_index)}",
            "safe = np.where(keep, target, 0)",
            "picked = log_q[rows, safe]",
            ("w_y = weight[safe] * keep" if w is not None else "w_y = keep * 1.0") + "  # 0 for ignored rows",
        ]
    else:
        out += ["# 2. pick log q of each row's target class", "picked = log_q[rows, target]"]
        if loss != "softmax_focal":
            out.append("w_y = weight[target]" if w is not None else "w_y = np.ones(len(target))")
    if loss == "softmax_focal":
        out += [
            "print('p of the target class:', np.exp(picked))",
            f"# 3. the focal factor (1 − p_y)^γ, γ = {float(gamma):g}, times −log p_y",
            f"losses = -((1 - np.exp(picked)) ** {float(gamma)!r}) * picked",
        ]
        if alpha is not None:
            if np.ndim(alpha) == 0:
                out.append(f"losses = {_num(float(alpha))} * losses  # alpha")  # type: ignore[arg-type]
            else:
                out += [f"alpha = np.array({_vector(alpha)})", "losses = alpha[target] * losses"]
        out += _numpy_sample_reduce(reduction, "len(losses)")
        return out
    out += [
        "print('p of the target class:', np.exp(picked))",
        "# 3. the per-row loss",
        "losses = -w_y * picked",
    ]
    if loss == "cross_entropy" and eps > 0.0:
        keep = " * keep" if ignoring else ""
        smooth = "-(log_q * weight).sum(axis=1)" if w is not None else "-log_q.sum(axis=1)"
        out += [
            f"# label smoothing ε = {eps:g}: mix in ε/C times minus the sum of all the row's log-probabilities",
            f"eps, C = {eps!r}, log_q.shape[1]",
            f"losses = (1 - eps) * losses + eps / C * {smooth}{keep}",
        ]
    den = "w_y.sum()  # the sum of the picked weights" if w is not None else "w_y.sum()  # the number of rows counted"
    out += _numpy_sample_reduce(reduction, den)
    return out


def _numpy_sample_reduce(reduction: str, mean_den: str) -> list[str]:
    if reduction == "mean":
        return ["# 4. reduction 'mean'", f"loss = losses.sum() / {mean_den}"]
    if reduction == "sum":
        return ["# 4. reduction 'sum'", "loss = losses.sum()"]
    return ["# 4. reduction 'none': the per-row losses themselves"]


def _numpy_elementwise_reduce(reduction: str) -> list[str]:
    if reduction == "mean":
        return ["# reduction 'mean': over all N·C elements", "loss = losses.sum() / losses.size"]
    if reduction == "batchmean":
        return ["# reduction 'batchmean': over the N rows", "loss = losses.sum() / losses.shape[0]"]
    if reduction == "sum":
        return ["# reduction 'sum'", "loss = losses.sum()"]
    return ["# reduction 'none': every element's loss"]
