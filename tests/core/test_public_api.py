"""The `core` contract: `import core` offers the reusable library alone, each name documented, numpy alone.

The pages' own models stay importable from their modules (``from core.focal import ...``) and are
documented there, but are not re-exported (docs/DESIGN.md, "`core`").
"""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys

import pytest

import core

#: The public surface of `core`, pinned, by the module each name comes from: a name added or removed
#: here is an API change.
PUBLIC_BY_MODULE = {
    "numerics": ("logsumexp", "softmax", "log_softmax", "sigmoid", "log_sigmoid"),
    "information": (
        "surprisal", "entropy", "binary_entropy", "cross_entropy", "kl_divergence", "js_divergence", "normalize",
    ),
    "losses": (
        "cross_entropy_loss", "nll_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits", "mse_loss",
        "kl_div", "sigmoid_focal_loss", "softmax_focal_loss", "BCE_LOG_CLAMP",
    ),
    "gradients": (
        "softmax_cross_entropy_grad", "sigmoid_cross_entropy_grad", "sigmoid_mse_grad", "softmax_mse_grad",
        "sigmoid_focal_grad", "softmax_focal_grad",
    ),
    "_validation": ("SUM_TOLERANCE",),
}  # fmt: skip
PUBLIC = sorted(name for names in PUBLIC_BY_MODULE.values() for name in names)

#: The library's modules, whose public functions `core` re-exports.
LIBRARY = ("numerics", "information", "losses", "gradients")
#: The pages' modules: importable by name, never re-exported.
PAGE_MODULES = (
    "comparison",
    "distillation",
    "distributions",
    "focal",
    "gaussians",
    "snippets",
    "steps",
    "surfaces",
    "training",
)


def _page_names() -> list[tuple[str, str]]:
    return [(f"core.{m}", name) for m in PAGE_MODULES for name in importlib.import_module(f"core.{m}").__all__]


def test_the_public_list_is_pinned() -> None:
    assert core.__all__ == PUBLIC  # sorted, as ruff keeps it


@pytest.mark.parametrize(("module", "names"), PUBLIC_BY_MODULE.items(), ids=list(PUBLIC_BY_MODULE))
def test_each_public_name_is_the_library_modules_own(module: str, names: tuple[str, ...]) -> None:
    mod = importlib.import_module(f"core.{module}")
    for name in names:
        assert getattr(core, name) is getattr(mod, name), name


def test_import_core_offers_exactly_the_public_list() -> None:
    offered = {
        n for n in dir(core) if not n.startswith("_") and not inspect.ismodule(getattr(core, n))
    }  # submodules become attributes once imported; they are not names `core` offers
    assert offered == set(PUBLIC)


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_is_documented_in_the_package_docstring(name: str) -> None:
    assert f"`{name}`" in (core.__doc__ or ""), f"core's docstring does not list {name}"


@pytest.mark.parametrize(("module", "name"), [("core", n) for n in PUBLIC] + _page_names(), ids=lambda v: str(v))
def test_every_public_name_is_importable_and_documented(module: str, name: str) -> None:
    obj = getattr(importlib.import_module(module), name)
    if inspect.isfunction(obj) or inspect.isclass(obj):
        doc = inspect.getdoc(obj)
        assert doc, f"{module}.{name} has no docstring"
        assert len(doc.splitlines()[0]) > 10, f"{module}.{name}'s summary line is too thin: {doc.splitlines()[0]!r}"


def test_page_models_are_not_re_exported() -> None:
    leaked = sorted(name for _, name in _page_names() if name in dir(core))
    assert leaked == []


def test_every_library_function_is_public() -> None:
    """Each public function of the library modules is in `core.__all__` (the list is neither short nor long)."""
    for m in LIBRARY:
        mod = importlib.import_module(f"core.{m}")
        defined = {
            n
            for n, obj in vars(mod).items()
            if inspect.isfunction(obj) and obj.__module__ == mod.__name__ and not n.startswith("_")
        }
        internal = {"xlogy", "kl_terms_unchecked"}  # helpers the page modules share; not part of the library
        assert defined - internal <= set(PUBLIC), m


def test_public_functions_document_a_reference_or_formula() -> None:
    """Loss and measure docstrings carry a formula or a reference (docs/DESIGN.md: "`core`")."""
    foundation = [
        "entropy", "cross_entropy", "kl_divergence", "js_divergence", "binary_entropy", "surprisal",
        "cross_entropy_loss", "nll_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits", "mse_loss",
        "kl_div", "sigmoid_focal_loss", "softmax_focal_loss", "softmax", "log_softmax", "logsumexp", "sigmoid",
        "log_sigmoid",
    ]  # fmt: skip
    for name in foundation:
        doc = inspect.getdoc(getattr(core, name)) or ""
        assert "Reference" in doc or "torch" in doc, name


def test_no_duplicate_public_names() -> None:
    assert len(core.__all__) == len(set(core.__all__))


def test_importing_core_loads_neither_streamlit_nor_plotly() -> None:
    code = "import sys, core; print(sorted(m for m in ('streamlit', 'plotly', 'scipy', 'torch') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_importing_core_loads_none_of_the_page_modules() -> None:
    code = "import sys, core; print(sorted(m for m in sys.modules if m.startswith('core.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == str(sorted(f"core.{m}" for m in ("_validation", *LIBRARY)))
