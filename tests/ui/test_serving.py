"""The interpreter settings the router applies for serving many sessions from one process."""

from __future__ import annotations

import gc
import sys
import types
from collections.abc import Iterator

import pytest

from ui import serving


@pytest.fixture
def restore_interpreter() -> Iterator[None]:
    interval = sys.getswitchinterval()
    yield
    sys.setswitchinterval(interval)
    gc.unfreeze()


@pytest.mark.usefixtures("restore_interpreter")
def test_the_switch_interval_is_one_millisecond() -> None:
    sys.setswitchinterval(0.005)
    serving.tune_interpreter()
    assert sys.getswitchinterval() == pytest.approx(serving.SWITCH_INTERVAL_S)


@pytest.mark.usefixtures("restore_interpreter")
def test_objects_are_frozen_once_per_growth_of_the_imported_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serving, "_frozen_at_modules", 0)
    assert serving.freeze_new_modules()
    assert gc.get_freeze_count() > 0
    assert not serving.freeze_new_modules()  # nothing new imported: no second pass
    monkeypatch.setitem(sys.modules, "losslab_test_new_module", types.ModuleType("losslab_test_new_module"))
    assert serving.freeze_new_modules()
