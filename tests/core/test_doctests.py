"""`core`'s docstring examples run, as optax's and scipy's do: an example that prints a wrong number fails here.

Every module of `core` is searched (``import core`` itself, the library, the page modules and the
`core.steps` package); `make test` runs this file with the rest of the suite.
"""

from __future__ import annotations

import doctest
import importlib
import io
import pkgutil
import types

import pytest

import core

MODULES = ["core", *sorted(m.name for m in pkgutil.walk_packages(core.__path__, "core."))]

#: Public functions whose examples teach something; dropping one of these examples fails the suite.
MUST_HAVE_EXAMPLES = [
    "core.information.surprisal",
    "core.information.entropy",
    "core.information.cross_entropy",
    "core.information.kl_divergence",
    "core.information.js_divergence",
    "core.numerics.logsumexp",
    "core.numerics.softmax",
    "core.numerics.log_sigmoid",
    "core.losses.cross_entropy_loss",
    "core.losses.nll_loss",
    "core.losses.binary_cross_entropy",
    "core.losses.mse_loss",
    "core.losses.kl_div",
    "core.losses.sigmoid_focal_loss",
    "core.losses.softmax_focal_loss",
    "core.gradients.sigmoid_mse_grad",
    "core.comparison.score_predictions",
    "core.distributions.summarize",
    "core.focal.multiclass_focal",
    "core.gaussians.fit_gaussians",
]


def _run(module: types.ModuleType) -> tuple[int, int, str]:
    """Run every docstring example of ``module``: (examples, failures, the report of the failures)."""
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(verbose=False)
    out = io.StringIO()
    for test in finder.find(module, module.__name__):
        runner.run(test, out=out.write)
    return runner.tries, runner.failures, out.getvalue()


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_print_what_they_say(name: str) -> None:
    _, failures, report = _run(importlib.import_module(name))
    assert failures == 0, report


def test_the_examples_are_collected() -> None:
    examples: dict[str, int] = {}
    for name in MODULES:
        module = importlib.import_module(name)
        for test in doctest.DocTestFinder(exclude_empty=True).find(module, name):
            examples[test.name] = len(test.examples)
    missing = [name for name in MUST_HAVE_EXAMPLES if not examples.get(name)]
    assert missing == []
    assert sum(examples.values()) >= 50


def test_a_wrong_example_fails() -> None:
    """The runner is not a formality: an example that prints something else is reported."""
    module = types.ModuleType("core_fake", ">>> import core\n>>> round(core.entropy([0.5, 0.5]), 6)\n0.5\n")
    tries, failures, report = _run(module)
    assert (tries, failures) == (2, 1)
    assert "0.693147" in report
