"""What the benchmark scripts share: the description of the machine, and a PostgreSQL database
made when it is missing. Import after ``django.setup()``."""

import os
import platform
from pathlib import Path


def cpu():
    try:
        for regel in Path("/proc/cpuinfo").read_text().splitlines():
            if regel.startswith("model name"):
                return regel.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine():
    """'<cpu>, N cores; Python x; PostgreSQL y' (or SQLite) of the default database."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            db = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            db = f"SQLite {connection.Database.sqlite_version}"
    return f"{cpu()}, {os.cpu_count()} cores; Python {platform.python_version()}; {db}"


def maak_database():
    """CREATE DATABASE for a PostgreSQL default database that does not exist yet (nothing for
    SQLite). Returns whether it made one; psycopg's OperationalError when the server is down."""
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        return False
    params = {
        "dbname": "postgres",
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as c:
        if c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
            return False
        c.execute(f'CREATE DATABASE "{db["NAME"]}"')
    print(f"database {db['NAME']} aangemaakt", flush=True)
    return True
