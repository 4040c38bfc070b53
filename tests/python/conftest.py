"""Shared fixtures: the repository's folders, and a run store of the test's own."""

import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent


@pytest.fixture
def store(tmp_path):
    return str(tmp_path / "zcnas.db")


@pytest.fixture
def zcnas_binary():
    build = os.environ.get("ZCNAS_BUILD_DIR")
    if not build:
        pytest.skip("ZCNAS_BUILD_DIR not set (ctest sets it)")
    return os.path.join(build, "zcnas")


def rows(table):
    """The rows of a zcnas table (a DataFrame, or numpy columns without pandas) as dicts."""
    if hasattr(table, "to_dict"):
        return table.to_dict("records")
    names = list(table)
    return [dict(zip(names, values)) for values in zip(*(table[n] for n in names))]
