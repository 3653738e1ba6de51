import pytest


@pytest.fixture
def eager_retries():
    """In eager mode a retry runs inline at once (no countdown); it must not be raised to the test."""
    from btb.celery import app

    previous = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = previous
