"""pytest configuration shared by tests/ and the notebooks under nbval.

Hypothesis runs derandomized (see below).

The notebooks that compare with PyTorch (an optional extra, `pip install
dlnotes[torch]`) need it installed: without it they are skipped, with the
reason, on a developer's machine, and fail in CI (CI=true), which installs it.
"""

import importlib.util
import os

import pytest
from hypothesis import settings

# Hypothesis draws the same examples on every run (derandomize): a test that fails fails every
# time, on every machine, instead of now and then. HYPOTHESIS_PROFILE=explore draws new ones.
settings.register_profile("deterministic", derandomize=True, deadline=None)
settings.register_profile("explore", deadline=None, max_examples=200)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

NEEDS_TORCH = ("12_autograd_and_pytorch.ipynb",)


def pytest_collection_modifyitems(config, items):
    if importlib.util.find_spec("torch") is not None or os.environ.get("CI", "").lower() == "true":
        return
    skip = pytest.mark.skip(reason="PyTorch is not installed (pip install dlnotes[torch]): this notebook compares with it")
    for item in items:
        if item.path.name in NEEDS_TORCH:
            item.add_marker(skip)
