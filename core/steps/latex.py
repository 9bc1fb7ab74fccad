r"""The formulas a step table shows, as LaTeX strings for ``st.latex``.

Each function returns the general formula of one loss for the options in use
(class weights, label smoothing, ``pos_weight``, α, γ), and
`reduction_formula` the reduction with the numbers of the calculation.  Pure
string building: no arithmetic happens here.

>>> print(nll_formulas(weighted=True)[0])
\ell_n = -w_{y_n}\log q_{n,y_n}
"""

from __future__ import annotations

#: ``log_softmax`` written out, the first formula of cross-entropy.
LOG_SOFTMAX = r"\log p_{n,c} = z_{n,c} - \log\sum_j e^{z_{n,j}}"


def _number(x: float) -> str:
    """A denominator as people write it: ``2``, ``1000000``, ``3.5``, ``0.333333``."""
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else f"{x:.6g}"


def reduction_formula(
    reduction: str, *, elementwise: bool, numerator: str, denominator: str, denominator_value: float, value: str
) -> str:
    r"""The reduction with its numbers: ``loss = Σ ℓ / denominator = numerator / denominator_value = value``.

    ``numerator`` and ``value`` come formatted (six decimals); ``denominator``
    is the denominator's symbol (``N``, ``N \cdot C``, ``\sum w_{y_n}``).

    >>> print(reduction_formula("mean", elementwise=False, numerator="1.836986", denominator="N",
    ...                         denominator_value=2.0, value="0.918493"))
    \text{loss} = \frac{\sum_n \ell_n}{N} = \frac{1.836986}{2} = 0.918493
    """
    sum_sym = r"\sum_{n,c} \ell_{n,c}" if elementwise else r"\sum_n \ell_n"
    if reduction == "none":
        return r"\text{reduction='none': every loss is returned, unreduced}"
    if reduction == "sum":
        return r"\text{loss} = " + sum_sym + " = " + numerator
    return (
        r"\text{loss} = \frac{"
        + sum_sym
        + "}{"
        + denominator
        + r"} = \frac{"
        + numerator
        + "}{"
        + _number(denominator_value)
        + "} = "
        + value
    )


def cross_entropy_formulas(
    *, weighted: bool, label_smoothing: float, n_classes: int, probability_targets: bool
) -> list[str]:
    """``F.cross_entropy``: log-softmax, then the row loss for class-index or probability targets."""
    eps, c = label_smoothing, n_classes
    if probability_targets:
        return [
            LOG_SOFTMAX,
            r"\ell_n = -\sum_c " + (r"w_c\," if weighted else "") + r"P'_{n,c} \log p_{n,c}",
            rf"P' = (1-\varepsilon)\,P + \frac{{\varepsilon}}{{C}}, \quad \varepsilon = {eps:g}, C = {c}"
            if eps > 0.0
            else r"P' = P \text{ (no label smoothing)}",
        ]
    wy = "w_{y_n}" if weighted else ""
    if eps > 0.0:
        return [
            LOG_SOFTMAX,
            r"\ell_n = (1-\varepsilon)\,a_n + \frac{\varepsilon}{C}\,b_n, \quad " + rf"\varepsilon = {eps:g}, C = {c}",
            r"a_n = -" + wy + r"\log p_{n,y_n}, \quad b_n = -\sum_c " + (r"w_c" if weighted else "") + r"\log p_{n,c}",
        ]
    return [LOG_SOFTMAX, r"\ell_n = -" + wy + r"\log p_{n,y_n}"]


def nll_formulas(*, weighted: bool) -> list[str]:
    """``F.nll_loss`` on ``log q``: the picked, weighted log-probability."""
    return [r"\ell_n = -" + ("w_{y_n}" if weighted else "") + r"\log q_{n,y_n}"]


def softmax_focal_formulas(*, alpha: bool, gamma: float) -> list[str]:
    """The softmax focal loss; ``alpha`` says whether a class weight α is in use."""
    return [
        r"\ell_n = -"
        + (r"\alpha_{y_n}\," if alpha else "")
        + r"(1-p_{n,y_n})^{\gamma}\log p_{n,y_n}, \quad \gamma = "
        + f"{gamma:g}"
    ]


def bce_formulas(*, weighted: bool) -> list[str]:
    """``F.binary_cross_entropy`` on probabilities ``x``."""
    return [
        r"\ell_{n,c} = -"
        + (r"w_c\," if weighted else "")
        + r"\bigl[y_{n,c}\log x_{n,c} + (1-y_{n,c})\log(1-x_{n,c})\bigr]"
    ]


def bce_with_logits_formulas(*, weighted: bool, pos_weighted: bool) -> list[str]:
    """``F.binary_cross_entropy_with_logits``, with ``pos_weight`` on the positive term."""
    return [
        r"\ell_{n,c} = -"
        + (r"w_c\," if weighted else "")
        + r"\bigl["
        + (r"p_{w,c}\," if pos_weighted else "")
        + r"y_{n,c}\log\sigma(z_{n,c}) + (1-y_{n,c})\log\sigma(-z_{n,c})\bigr]"
    ]


def kl_div_formulas() -> list[str]:
    """``F.kl_div``: the element loss, and each row's sum as KL(p‖q)."""
    return [
        r"\ell_{n,c} = p_{n,c}\,(\log p_{n,c} - \log q_{n,c})",
        r"\sum_c \ell_{n,c} = D_{\mathrm{KL}}(p_n \,\|\, q_n)",
    ]


def sigmoid_focal_formulas(*, alpha: float | None, gamma: float) -> list[str]:
    """torchvision's sigmoid focal loss: ``p_t`` (and ``α_t``), then the element loss with γ (and α)."""
    return [
        r"p_t = \begin{cases} p & y = 1 \\ 1-p & y = 0 \end{cases}"
        + (
            r", \quad \alpha_t = \begin{cases} \alpha & y = 1 \\ 1-\alpha & y = 0 \end{cases}"
            if alpha is not None
            else ""
        ),
        r"\ell_{n,c} = "
        + (r"-\alpha_t\," if alpha is not None else "-")
        + rf"(1-p_t)^{{\gamma}}\log p_t, \quad \gamma = {gamma:g}"
        + ("" if alpha is None else rf", \alpha = {float(alpha):g}"),
    ]
