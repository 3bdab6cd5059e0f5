"""The upload form of the CSV import."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from kim_portal.forms import KernFormMixin
from kim_portal.models import Organisation, Role

from .csv_io import MAX_UPLOAD_BYTES, CsvFileError, csv_decode


class OfferImportForm(KernFormMixin, forms.Form):
    """One CSV file; the coordinator also picks the provider for rows without one.

    Size: Django does not refuse a large upload by itself — DATA_UPLOAD_MAX_MEMORY_SIZE
    leaves file data out, and FILE_UPLOAD_MAX_MEMORY_SIZE only moves bigger files to a
    temporary file — so the limit is checked here and becomes a form error."""

    file = forms.FileField(
        label=_("CSV-Datei"),
        help_text=_("UTF-8, Trennzeichen Semikolon oder Komma, höchstens 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    organisation = forms.ModelChoiceField(
        label=_("Träger für neue Angebote"),
        queryset=Organisation.objects.all(),
        required=False,
        empty_label=_("– bitte wählen –"),
        help_text=_("Gilt für Zeilen ohne ID, deren Spalte „organisation“ leer ist."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.has_role(Role.COORDINATOR):
            del self.fields["organisation"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _(
                    "Die Datei ist zu groß (%(size)s); erlaubt sind höchstens %(max)s. Bitte "
                    "auf mehrere Dateien aufteilen."
                ),
                params={
                    "size": filesizeformat(upload.size),
                    "max": filesizeformat(MAX_UPLOAD_BYTES),
                },
                code="too_large",
            )
        try:
            # The decoded text travels on as cleaned_data["text"].
            self.cleaned_data["text"] = csv_decode(upload.read())
        except CsvFileError as problem:
            raise forms.ValidationError(str(problem), code="unreadable") from None
        return upload
