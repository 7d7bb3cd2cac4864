"""The documented pg_dump / pg_restore procedure gives back every signature."""

import os
import shutil
import subprocess

import psycopg2
import pytest
from django.db import connection

from tests.factories import ConfirmedSignatureFactory, PendingSignatureFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql" or not shutil.which("pg_dump"),
    reason="needs PostgreSQL and its client tools",
)


def _conninfo(dbname):
    s = connection.settings_dict
    return {
        "host": s["HOST"] or "127.0.0.1",
        "port": str(s["PORT"] or 5432),
        "user": s["USER"] or "postgres",
        "password": s["PASSWORD"] or "",
        "dbname": dbname,
    }


def _env(info):
    return {
        **os.environ,
        "PGHOST": info["host"],
        "PGPORT": info["port"],
        "PGUSER": info["user"],
        "PGPASSWORD": info["password"],
    }


SNAPSHOT = "SELECT name, email, country, state FROM petition_signature ORDER BY id"


@pytest.mark.django_db(transaction=True)
def test_a_dump_restored_into_a_new_database_has_the_same_signatures(petition, tmp_path):
    ConfirmedSignatureFactory.create_batch(20, petition=petition)
    ConfirmedSignatureFactory(petition=petition, name="陳大文", country="HK")
    PendingSignatureFactory(petition=petition, name="Nguyễn Văn A")
    with connection.cursor() as cursor:
        cursor.execute(SNAPSHOT)
        before = cursor.fetchall()

    source = _conninfo(connection.settings_dict["NAME"])
    target_name = f"{source['dbname']}_restore_{os.getpid()}"
    dump = tmp_path / "campaign.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--file", str(dump), source["dbname"]],
        env=_env(source),
        check=True,
        timeout=120,
    )
    admin = psycopg2.connect(**{**source, "dbname": "postgres"})
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target_name}"')
            cursor.execute(f'CREATE DATABASE "{target_name}"')
        subprocess.run(
            ["pg_restore", "--no-owner", "--dbname", target_name, str(dump)],
            env=_env(source),
            check=True,
            timeout=120,
        )
        restored = psycopg2.connect(**{**source, "dbname": target_name})
        try:
            with restored.cursor() as cursor:
                cursor.execute(SNAPSHOT)
                after = cursor.fetchall()
        finally:
            restored.close()
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target_name}"')
        admin.close()

    assert after == before
    assert len(after) == 22
