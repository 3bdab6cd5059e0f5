from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from kim_portal.models import Organisation, Role
from kim_portal.services import invitation_create


class Command(BaseCommand):
    help = "Invite a staff member: creates the account in its role and emails a set-password link."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument(
            "--organisation", required=True, help="Name or short name of the organisation"
        )
        parser.add_argument("--name", default="", help="Display name")
        parser.add_argument("--language", default="de", help="Language of the emails (de, en, …)")

    def handle(self, *args, email, role, organisation, name, language, **options):
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Not an email address: {email}") from error
        matches = list(
            Organisation.objects.filter(name__iexact=organisation)
            or Organisation.objects.filter(short_name__iexact=organisation)
        )
        if len(matches) != 1:
            known = ", ".join(Organisation.objects.values_list("name", flat=True)[:20])
            raise CommandError(f"Organisation {organisation!r} not found. Known: {known}")
        try:
            invitation = invitation_create(
                email=email,
                role=role,
                organisation=matches[0],
                display_name=name,
                preferred_language=language,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Invited {invitation.email} as {role} ({matches[0].name}); "
                f"valid until {invitation.expires_at:%Y-%m-%d %H:%M %Z}."
            )
        )
