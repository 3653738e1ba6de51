import os
import uuid

import pytest
from django.conf import settings

from tests.conftest import need


def database_url(name: str) -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def sql(url: str, statement: str, params=()):
    import psycopg2

    conn = psycopg2.connect(url)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall() if cursor.description else None
    finally:
        conn.close()


@pytest.fixture
def fresh_database(postgres):
    """An empty PostgreSQL database of the test's own, dropped afterwards: what a first deployment starts from."""
    name = f"btb_prod_{uuid.uuid4().hex[:8]}"
    sql(database_url("postgres"), f'CREATE DATABASE "{name}"')
    yield database_url(name)
    sql(database_url("postgres"), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def redis_index(redis_broker):
    """A Redis database no one else is using (the suite's own are left alone), emptied afterwards."""
    import redis

    own = int(settings.REDIS_URL.rsplit("/", 1)[1] or 0)
    base = settings.REDIS_URL.rsplit("/", 1)[0]
    for offset in range(8, 24):
        index = (own + offset) % 16
        client = redis.Redis.from_url(f"{base}/{index}")
        if index != own and client.dbsize() == 0 and client.set("btb:production-test", os.getpid(), nx=True):
            break
    else:
        need(False, "no empty Redis database for the production processes")
    yield f"{base}/{index}"
    client.flushdb()
    client.close()
