"""PostgreSQL itself keeps the audit trail append-only: UPDATE and DELETE raise."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION kim_audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'kim_portal_auditevent is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER kim_audit_append_only
    BEFORE UPDATE OR DELETE ON kim_portal_auditevent
    FOR EACH ROW EXECUTE FUNCTION kim_audit_refuse_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS kim_audit_append_only ON kim_portal_auditevent;
DROP FUNCTION IF EXISTS kim_audit_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("kim_portal", "0001_initial")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
