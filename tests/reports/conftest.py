import pytest

from reports.periods import quarter_filter

from .fixtures import build_programme


@pytest.fixture
def programme(db):
    return build_programme()


@pytest.fixture
def q1():
    return quarter_filter(2025, 1)
