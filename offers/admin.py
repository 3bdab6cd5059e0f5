"""Admin of the offer catalogue: the coordinator keeps the taxonomy (categories and target
groups with their names in every portal language); offers themselves are edited and
published in the staff area, so the admin only shows them."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kim_portal.services import audit_record

from .models import TRANSLATION_LANGUAGES, Category, Offer, OfferEvent, TargetGroup


def _name_fields() -> dict[str, forms.Field]:
    names = dict(settings.LANGUAGES)
    return {
        f"name_{language}": forms.CharField(
            label=format_lazy("{} ({})", _("Name"), names[language]),
            max_length=120,
            required=False,
            widget=forms.TextInput(attrs={"lang": language, "dir": "auto", "class": "vTextField"}),
        )
        for language in TRANSLATION_LANGUAGES
    }


class _TermAdminFormBase(forms.ModelForm):
    """One input per portal language instead of the raw ``name_translations`` JSON."""

    class Meta:
        fields = ["slug", "name", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.name_translations or {}
        for language in TRANSLATION_LANGUAGES:
            self.fields[f"name_{language}"].initial = current.get(language, "")

    def save(self, commit=True):
        translations = dict(self.instance.name_translations or {})
        for language in TRANSLATION_LANGUAGES:
            value = self.cleaned_data.get(f"name_{language}", "").strip()
            if value:
                translations[language] = value
            else:
                translations.pop(language, None)
        self.instance.name_translations = translations
        return super().save(commit=commit)


# The language fields are declared on the class, so the admin's fieldsets may name them.
TermAdminForm = type("TermAdminForm", (_TermAdminFormBase,), _name_fields())


class TermAdmin(admin.ModelAdmin):
    form = TermAdminForm
    list_display = ["name", "slug", "position", "translated_languages"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    ordering = ["position", "name"]

    def get_fieldsets(self, request, obj=None):
        return [
            (None, {"fields": ["name", "slug", "position"]}),
            (
                _("Namen in den anderen Portalsprachen"),
                {
                    "description": _("Leer gelassene Sprachen zeigen den deutschen Namen."),
                    "fields": [f"name_{language}" for language in TRANSLATION_LANGUAGES],
                },
            ),
        ]

    @admin.display(description=_("übersetzt"))
    def translated_languages(self, obj):
        return ", ".join(sorted(obj.name_translations)) or "–"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            action=f"offers.{obj._meta.model_name}.{'change' if change else 'create'}",
            obj=obj,
            request=request,
            details={"fields": sorted(form.changed_data)},
        )

    def delete_model(self, request, obj):
        audit_record(action=f"offers.{obj._meta.model_name}.delete", obj=obj, request=request)
        super().delete_model(request, obj)


@admin.register(Category)
class CategoryAdmin(TermAdmin):
    pass


@admin.register(TargetGroup)
class TargetGroupAdmin(TermAdmin):
    pass


class OfferEventInline(admin.TabularInline):
    model = OfferEvent
    fields = ["occurred_at", "action", "actor", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-occurred_at", "-id"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    """Offers are edited, reviewed and published in the staff area: here they are only
    shown, with their history."""

    list_display = ["title", "organisation", "status", "published_at", "last_reviewed_at"]
    list_filter = ["status", "organisation"]
    search_fields = ["title"]
    list_select_related = ["organisation"]
    date_hierarchy = "modified_at"
    inlines = [OfferEventInline]
    readonly_fields = [
        "organisation",
        *Offer.CONTENT_FIELDS,
        "status",
        "published_at",
        "last_reviewed_at",
        "source_revision",
        "created_at",
        "modified_at",
    ]
    exclude = ["search_de"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
