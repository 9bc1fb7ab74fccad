"""Every "check yourself" answer, verified independently of the function that computes it.

References: SciPy for entropies and KL, closed forms written out here, the blog posts' and papers'
printed numbers where they exist (named in each case).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.stats import entropy as scipy_entropy

from ui.check_questions import CHECKS
from ui.checks import Check, decimals_tolerance

BY_KEY = {(page, c.key): c for page, checks in CHECKS.items() for c in checks}

# (page, key) -> the expected answer, from an independent source.
EXPECTED = {
    ("entropy", "computer_bits"): scipy_entropy([0.7, 0.2, 0.1], base=2),  # 1.156780 bits
    ("entropy", "most_uncertain"): 1,  # the uniform (0.25, 0.25, 0.25, 0.25) is the second option
    ("entropy", "die_perplexity"): 6.0,
    ("entropy", "rare_contribution"): 1,  # 0.01·4.6 = 0.046 < 0.3·1.2 = 0.36: "smaller"
    ("ce-vs-mse", "ce_at_005"): -math.log(0.05),  # 2.995732
    ("ce-vs-mse", "bad_start_gradient"): 0,  # CE: σ(4) = 0.982; squared error: 0.982·0.982·0.018
    ("ce-vs-mse", "network2_ce"): -(math.log(0.7) + math.log(0.7) + math.log(0.3)) / 3,  # 0.639108 (McCaffrey)
    ("ce-vs-mse", "error_ties"): 2,
    ("kl-asymmetry", "two_modes_kl"): 2 * 0.49 * math.log(0.49 / 0.25) + 2 * 0.01 * math.log(0.01 / 0.25),
    ("kl-asymmetry", "infinite_direction"): 0,
    ("kl-asymmetry", "ce_identity"): scipy_entropy([0.7, 0.2, 0.1]) + scipy_entropy([0.7, 0.2, 0.1], [0.5, 0.3, 0.2]),
    ("kl-asymmetry", "reverse_fit"): 1,  # Bishop, PRML Fig. 10.3: mode-seeking
    ("focal-loss", "ratio_09"): 100.0,  # Lin et al. (2017), §3.2
    ("focal-loss", "gamma_zero"): 0.918493,  # the blog post's nn.CrossEntropyLoss, 0.9185
    ("focal-loss", "easy_vs_hard"): 1,  # γ
    ("focal-loss", "prior_bias"): math.log(0.01 / 0.99),  # Lin et al. (2017), §4.1: -4.595
}


def test_every_topic_page_has_three_to_five_checks() -> None:
    assert set(CHECKS) == {"entropy", "ce-vs-mse", "kl-asymmetry", "focal-loss"}
    for checks in CHECKS.values():
        assert 3 <= len(checks) <= 5
        assert len({c.key for c in checks}) == len(checks)


def test_every_check_has_an_independent_reference() -> None:
    assert set(EXPECTED) == set(BY_KEY)


@pytest.mark.parametrize("where", sorted(EXPECTED), ids=lambda w: f"{w[0]}:{w[1]}")
def test_answer_matches_the_reference(where: tuple[str, str]) -> None:
    check = BY_KEY[where]
    expected = EXPECTED[where]
    answer = check.answer()
    if check.options:
        assert 0 <= int(answer) < len(check.options)
        assert int(answer) == expected
    else:
        assert answer == pytest.approx(expected, abs=max(check.tolerance / 10, 1e-9))


@pytest.mark.parametrize("where", sorted(EXPECTED), ids=lambda w: f"{w[0]}:{w[1]}")
def test_right_and_wrong_answers_are_marked(where: tuple[str, str]) -> None:
    check = BY_KEY[where]
    assert check.is_right(None) is None
    if check.options:
        right = int(check.answer())
        assert check.is_right(right) is True
        for wrong in set(range(len(check.options))) - {right}:
            assert check.is_right(wrong) is False
        return
    value = float(check.answer())
    decimals = max(0, round(-math.log10(check.tolerance * 2))) if check.tolerance < 0.5 else 0
    assert check.is_right(round(value, decimals)) is True  # what a reader types, rounded as asked
    assert check.is_right(value + 3 * check.tolerance) is False
    assert check.is_right(value - 3 * check.tolerance) is False
    assert check.is_right(math.nan) is False
    assert check.is_right(math.inf) is False


def test_tolerance_is_half_a_unit_of_the_last_decimal() -> None:
    assert decimals_tolerance(3) == pytest.approx(0.0005)
    check = Check("k", "q", lambda: 1.2345, "why", "a", "s", tolerance=decimals_tolerance(3))
    assert check.is_right(1.234) is True  # |1.234 - 1.2345| = 0.0005
    assert check.is_right(1.233) is False


def test_answers_are_finite_numbers() -> None:
    for check in BY_KEY.values():
        assert np.isfinite(check.answer())
