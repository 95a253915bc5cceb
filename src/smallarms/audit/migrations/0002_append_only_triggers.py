"""The database itself refuses to change or remove an audit entry: triggers that abort any
UPDATE or DELETE of audit_entry (and TRUNCATE on PostgreSQL), whoever sends it."""

from django.db import migrations

SQLITE = [
    """
    CREATE TRIGGER audit_entry_refuse_update BEFORE UPDATE ON audit_entry
    BEGIN
        SELECT RAISE(ABORT, 'audit_entry is append-only: UPDATE is refused');
    END
    """,
    """
    CREATE TRIGGER audit_entry_refuse_delete BEFORE DELETE ON audit_entry
    BEGIN
        SELECT RAISE(ABORT, 'audit_entry is append-only: DELETE is refused');
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_entry_refuse_update",
    "DROP TRIGGER IF EXISTS audit_entry_refuse_delete",
]

POSTGRESQL = [
    """
    CREATE FUNCTION audit_entry_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit_entry is append-only: % is refused', TG_OP
            USING ERRCODE = 'restrict_violation';
    END
    $$
    """,
    """
    CREATE TRIGGER audit_entry_refuse_update_delete BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change()
    """,
    """
    CREATE TRIGGER audit_entry_refuse_truncate BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_change()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_entry_refuse_truncate ON audit_entry",
    "DROP TRIGGER IF EXISTS audit_entry_refuse_update_delete ON audit_entry",
    "DROP FUNCTION IF EXISTS audit_entry_refuse_change()",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            raise RuntimeError(f"No append-only triggers for the {vendor} database.")
        for statement in statements[vendor]:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
