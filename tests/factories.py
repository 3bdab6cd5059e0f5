"""factory_boy factories for the shared core. Roles are Django groups; ``UserFactory`` takes
``roles=[...]`` (or use ``user_with_role``), and a user can be given a TOTP authenticator
with ``totp_activate``."""

import importlib
from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from kim_portal.models import Organisation, Reminder, User

PASSWORD = "Ein-langes-Testpasswort-2026"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Testorganisation {n}")
    short_name = factory.Sequence(lambda n: f"TO {n}")
    kind = Organisation.Kind.OTHER


class UserFactory(factory.django.DjangoModelFactory):
    """An active staff member with a known password and a verified primary address."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    preferred_language = "de"
    is_active = True
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        # get_or_create: transactional tests flush the groups the data migration made.
        self.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in extracted))

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


def user_with_role(role: str, **kwargs) -> User:
    return UserFactory(roles=[role], **kwargs)


def totp_activate(user: User) -> str:
    """Give ``user`` a TOTP authenticator (stored through our MFA adapter); returns the
    plain base32 secret so tests can compute codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


class NotificationFactory(factory.django.DjangoModelFactory):
    """A reminder already delivered in the portal (what the bell and the list show)."""

    class Meta:
        model = Reminder

    kind = "tests.sample"
    target_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Organisation))
    target_id = factory.LazyAttribute(lambda o: str(OrganisationFactory().pk))
    due_at = factory.Sequence(lambda n: timezone.now() - timedelta(minutes=n + 1))
    recipient = factory.SubFactory(UserFactory)
    subject = factory.Sequence(lambda n: f"Hinweis {n}")
    body = "Text"
    notified_at = factory.LazyFunction(timezone.now)
    emailed_at = factory.LazyFunction(timezone.now)


def reference_data_restore() -> None:
    """Put back what the data migrations load (towns, role groups, taxonomy) if a
    transactional test's flush removed it; a cheap check when nothing is missing."""
    from django.contrib.auth.models import Permission

    from kim_portal.models import Municipality
    from offers.models import Category

    kim = importlib.import_module("kim_portal.migrations.0003_municipalities_and_roles")
    taxonomy = importlib.import_module("offers.migrations.0002_taxonomy")
    if Municipality.objects.count() < len(kim.MUNICIPALITIES) or Group.objects.count() < len(
        kim.ROLES
    ):
        kim.load(django_apps, None)
    if Category.objects.count() < len(taxonomy.CATEGORIES):
        taxonomy.load(django_apps, None)
    coordinator_rights = importlib.import_module("offers.migrations.0003_coordinator_permissions")
    coordinator, _ = Group.objects.get_or_create(name="coordinator")
    if not coordinator.permissions.exists():
        # A flush re-creates permissions (post_migrate) but not the group's grants.
        coordinator.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="offers",
                codename__in=[
                    f"{action}_{model}"
                    for model, actions in coordinator_rights.PERMISSIONS
                    for action in actions
                ],
            )
        )
