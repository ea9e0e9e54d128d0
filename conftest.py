"""pytest configuration shared by tests/ and the notebooks under nbval.

The notebooks that compare with PyTorch (an optional extra, `pip install
dlnotes[torch]`) need it installed: without it they are skipped, with the
reason, on a developer's machine, and fail in CI (CI=true), which installs it.
"""

import importlib.util
import os

import pytest

NEEDS_TORCH = ("12_autograd_and_pytorch.ipynb",)


def pytest_collection_modifyitems(config, items):
    if importlib.util.find_spec("torch") is not None or os.environ.get("CI", "").lower() == "true":
        return
    skip = pytest.mark.skip(reason="PyTorch is not installed (pip install dlnotes[torch]): this notebook compares with it")
    for item in items:
        if item.path.name in NEEDS_TORCH:
            item.add_marker(skip)
