"""scripts/backup-db and scripts/restore-db: a seeded database, dumped and restored into a fresh one, has every
row of every table."""

import subprocess
import uuid

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from tests.conftest import ROOT, need


def url_for(name: str) -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _run(url: str, sql: str, autocommit=False):
    import psycopg2

    conn = psycopg2.connect(url)
    conn.autocommit = autocommit
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall() if cursor.description else None
    finally:
        conn.close()


def row_counts(url: str) -> dict[str, int]:
    tables = [name for (name,) in _run(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    if not tables:
        return {}
    union = " UNION ALL ".join(f"SELECT '{table}', count(*) FROM \"{table}\"" for table in sorted(tables))
    return dict(_run(url, union))


@pytest.fixture
def fresh_database():
    name = f"btb_restore_{uuid.uuid4().hex[:8]}"
    _run(url_for("postgres"), f'CREATE DATABASE "{name}"', autocommit=True)
    yield url_for(name)
    _run(url_for("postgres"), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', autocommit=True)


def test_a_seeded_database_is_restored_row_for_row(transactional_db, postgres, fresh_database, tmp_path):
    need(subprocess.run(["which", "pg_dump"], capture_output=True).returncode == 0, "needs pg_dump")
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    source = url_for(connection.settings_dict["NAME"])
    expected = row_counts(source)
    assert sum(expected.values()) > 500 and expected["events_summit"] > 0 and expected["feedback_surveyresponse"] > 0

    dump = tmp_path / "btb.dump"
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": source}
    backup = subprocess.run([ROOT / "scripts/backup-db", str(dump)], env=env, capture_output=True, text=True)
    assert backup.returncode == 0, backup.stderr
    assert dump.stat().st_size > 0 and oct(dump.stat().st_mode)[-3:] == "600"

    restore = subprocess.run(
        [ROOT / "scripts/restore-db", str(dump), fresh_database], env=env, capture_output=True, text=True
    )
    assert restore.returncode == 0, restore.stderr
    assert row_counts(fresh_database) == expected
    print(f"\nrestored {sum(expected.values())} rows in {len(expected)} tables")


def test_restore_of_a_damaged_dump_changes_nothing(transactional_db, postgres, fresh_database, tmp_path):
    damaged = tmp_path / "damaged.dump"
    damaged.write_bytes(b"PGDMP" + b"\0" * 100)
    restore = subprocess.run(
        [ROOT / "scripts/restore-db", str(damaged), fresh_database], capture_output=True, text=True
    )
    assert restore.returncode != 0 and row_counts(fresh_database) == {}
