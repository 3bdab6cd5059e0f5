"""A reminder kind that exists only in the tests: it records the language that was active
while it was rendered."""

from django.utils import translation

from kim_portal.reminder_engine import RenderedReminder, reminder_kind

SAMPLE_KIND = "tests.sample"
rendered_languages: list[str] = []


@reminder_kind(SAMPLE_KIND)
def render_sample(reminder) -> RenderedReminder:
    rendered_languages.append(translation.get_language())
    return RenderedReminder(
        subject=f"Testerinnerung {reminder.target_id}", body="Bitte prüfen.", link="/de/staff/"
    )


BROKEN_KIND = "tests.broken"


@reminder_kind(BROKEN_KIND)
def render_broken(reminder) -> RenderedReminder:
    raise RuntimeError("this kind cannot be rendered")
