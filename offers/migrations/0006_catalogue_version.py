"""A version number of the public catalogue, advanced by every statement that changes a
table the public pages are made of; the search index and the page cache key on it
(offers.catalogue)."""

from django.db import migrations

TABLES = [
    "offers_offer",
    "offers_offertranslation",
    "offers_offerlocation",
    "offers_location",
    "offers_schedule",
    "offers_contact",
    "offers_offer_categories",
    "offers_offer_target_groups",
    "offers_category",
    "offers_targetgroup",
    "kim_portal_organisation",
    "kim_portal_municipality",
]

FORWARD = [
    "CREATE SEQUENCE offers_catalogue_version",
    # nextval, not a counter row: a sequence never goes back on rollback, so two states of
    # the catalogue never share a version, and writers do not queue on a row lock.
    """
    CREATE FUNCTION offers_catalogue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM nextval('offers_catalogue_version');
        RETURN NULL;
    END
    $$
    """,
    *(
        f"CREATE TRIGGER offers_catalogue_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
        f" ON {table} FOR EACH STATEMENT EXECUTE FUNCTION offers_catalogue_changed()"
        for table in TABLES
    ),
]

BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS offers_catalogue_changed ON {table}" for table in TABLES),
    "DROP FUNCTION IF EXISTS offers_catalogue_changed()",
    "DROP SEQUENCE IF EXISTS offers_catalogue_version",
]


class Migration(migrations.Migration):
    dependencies = [("offers", "0005_location_term_modified_at")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
