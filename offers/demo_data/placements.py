"""Which provider runs which offer type in which town: about 200 demo offers across all 15
towns."""

from dataclasses import dataclass

from .schema import Course, OfferType, Placement
from .types_counselling import COUNSELLING_TYPES
from .types_family_leisure import FAMILY_LEISURE_TYPES
from .types_language import LANGUAGE_TYPES
from .types_work_school import WORK_SCHOOL_TYPES

OFFER_TYPES: dict[str, OfferType] = {
    offer_type.key: offer_type
    for offer_type in LANGUAGE_TYPES + COUNSELLING_TYPES + WORK_SCHOOL_TYPES + FAMILY_LEISURE_TYPES
}


@dataclass(frozen=True)
class Variant:
    """A second course of the same type at the same place: a title suffix in every language
    and its own times."""

    suffix: dict[str, str]
    schedule: Course | None = None


VARIANTS = {
    "vormittag": Variant(
        {
            "de": "Vormittagskurs",
            "en": "morning course",
            "ar": "دورة صباحية",
            "uk": "ранковий курс",
            "ru": "утренний курс",
            "tr": "sabah kursu",
            "fa": "دوره صبح",
        }
    ),
    "abend": Variant(
        {
            "de": "Abendkurs",
            "en": "evening course",
            "ar": "دورة مسائية",
            "uk": "вечірній курс",
            "ru": "вечерний курс",
            "tr": "akşam kursu",
            "fa": "دوره عصر",
        },
        Course("MO,TU,WE,TH", "17:45", "21:00", weeks=52),
    ),
}


def _place(offer_type: str, provider: str, *towns: str, **options) -> list[Placement]:
    return [Placement(offer_type, provider, town, **options) for town in towns]


LUED, IS, MENDEN = "Lüdenscheid", "Iserlohn", "Menden (Sauerland)"
NACHRODT = "Nachrodt-Wiblingwerde"

PLACEMENTS: list[Placement] = [
    # German courses
    *_place("elternkurs", "fz_iserlohn", IS),
    *_place("elternkurs", "fz_lued", LUED),
    *_place("elternkurs", "fz_menden", MENDEN),
    *_place("integrationskurs", "vhs_lued", LUED, variant="vormittag"),
    *_place("integrationskurs", "vhs_lued", LUED, variant="abend"),
    *_place("integrationskurs", "vhs_is", IS, variant="vormittag"),
    *_place("integrationskurs", "vhs_is", IS, variant="abend"),
    *_place("integrationskurs", "vhs_mhb", MENDEN, "Hemer", "Balve"),
    *_place("integrationskurs", "vhs_volme", "Halver", "Kierspe", "Meinerzhagen"),
    *_place("integrationskurs", "vhs_lenne", "Altena", "Werdohl"),
    *_place("integrationskurs", "vhs_plh", "Plettenberg"),
    *_place("integrationskurs", "bildungswerk", LUED),
    *_place("integrationskurs_kinder", "vhs_lued", LUED),
    *_place("integrationskurs_kinder", "vhs_is", IS),
    *_place("integrationskurs_kinder", "vhs_mhb", MENDEN),
    *_place("integrationskurs_kinder", "vhs_lenne", "Werdohl"),
    *_place("integrationskurs_kinder", "vhs_plh", "Plettenberg"),
    *_place("frauenkurs", "vhs_is", IS),
    *_place("frauenkurs", "vhs_lued", LUED),
    *_place("frauenkurs", "vhs_volme", "Meinerzhagen"),
    *_place("frauenkurs", "vhs_mhb", "Hemer"),
    *_place("jugendkurs", "vhs_lued", LUED, status="draft"),
    *_place("jugendkurs", "vhs_is", IS),
    *_place("online_integrationskurs", "vhs_mhb", MENDEN),
    *_place("online_integrationskurs", "vhs_volme", "Halver"),
    *_place("alphabetisierung", "vhs_lued", LUED),
    *_place("alphabetisierung", "vhs_is", IS),
    *_place("alphabetisierung", "vhs_mhb", MENDEN),
    *_place("alphabetisierung", "vhs_lenne", "Altena"),
    *_place("berufssprachkurs", "vhs_lued", LUED),
    *_place("berufssprachkurs", "vhs_is", IS),
    *_place("berufssprachkurs", "bildungswerk", IS, mode="hybrid"),
    *_place("berufssprachkurs", "vhs_mhb", MENDEN),
    *_place("berufssprachkurs", "vhs_plh", "Plettenberg"),
    *_place("berufssprachkurs_pflege", "bildungswerk", LUED),
    *_place("berufssprachkurs_pflege", "vhs_is", IS),
    *_place("berufssprachkurs_c1", "bildungswerk", LUED),
    *_place("sprachcafe", "diakonie", LUED, "Plettenberg"),
    *_place("sprachcafe", "brueckenbauer", IS),
    *_place("sprachcafe", "caritas", MENDEN),
    *_place("sprachcafe", "willkommen_hemer", "Hemer"),
    *_place("sprachcafe", "awo", "Altena", "Neuenrade"),
    *_place("sprachcafe", "mso_tuerk", "Werdohl"),
    *_place("sprachcafe", "drk", "Meinerzhagen"),
    *_place("sprachcafe", "fh_kierspe", "Kierspe"),
    *_place("sprachcafe", "netz_halver", "Halver"),
    *_place("sprachcafe", "nachbarn_sm", "Schalksmühle"),
    *_place("sprachcafe", "cafe_balve", "Balve"),
    *_place("sprachcafe", "init_herscheid", "Herscheid"),
    *_place("sprachcafe", "begegnung_nw", NACHRODT),
    *_place("einbuergerungstest", "vhs_is", IS),
    *_place("einbuergerungstest", "vhs_lued", LUED),
    *_place("einbuergerungstest", "vhs_lenne", "Werdohl"),
    *_place("deutsch_ukraine", "mso_ukr", LUED),
    *_place("deutsch_ukraine", "mso_ukr", IS, status="draft"),
    # Counselling
    *_place("mbe", "caritas", LUED, MENDEN, "Altena", "Balve", NACHRODT),
    *_place("mbe", "diakonie", IS, "Plettenberg", "Meinerzhagen", "Herscheid"),
    *_place("mbe", "awo", "Hemer", "Neuenrade"),
    *_place("mbe", "awo", "Werdohl", outdated=True),
    *_place("mbe", "drk", "Kierspe", "Halver", "Schalksmühle"),
    *_place("jmd", "diakonie", LUED, "Plettenberg"),
    *_place("jmd", "awo", IS, "Werdohl"),
    *_place("jmd", "caritas", MENDEN),
    *_place("beratung_ukraine", "caritas", IS),
    *_place("beratung_ukraine", "drk", "Meinerzhagen"),
    *_place("beratung_ukraine", "diakonie", LUED),
    *_place("schuldnerberatung", "diakonie", LUED),
    *_place("schuldnerberatung", "caritas", IS),
    *_place("schuldnerberatung", "awo", MENDEN),
    *_place("beratung_eu", "awo", LUED, IS),
    *_place("psychosozial", "psz", LUED, also_in=("Plettenberg",)),
    *_place("psychosozial", "psz", IS, MENDEN),
    *_place("gesundheitslotsen", "lotsen", LUED, IS, "Plettenberg"),
    *_place("gesundheitslotsen", "lotsen", "Werdohl", also_in=("Neuenrade",)),
    *_place("wohnungssuche", "mieter", LUED, IS, MENDEN),
    *_place("wohnungssuche", "diakonie", "Altena"),
    *_place("wohnungsnotfall", "caritas", LUED),
    *_place("wohnungsnotfall", "diakonie", IS),
    *_place("asylberatung", "drk", LUED),
    *_place("asylberatung", "diakonie", IS),
    *_place("asylberatung", "caritas", MENDEN),
    *_place("asylberatung", "paritaet", "Plettenberg"),
    *_place("teilhabeberatung", "paritaet", LUED, IS),
    *_place("teilhabeberatung", "diakonie", MENDEN),
    *_place("einbuergerung", "ordnung", LUED),
    *_place("einbuergerung", "stadt_is", IS),
    # Work, recognition, school
    *_place("jobcenter", "jobcenter", LUED, IS, MENDEN, "Altena", "Hemer"),
    *_place("jobcenter", "jobcenter", "Plettenberg", "Werdohl", "Meinerzhagen"),
    *_place("jobcafe", "jobcenter", LUED, IS),
    *_place("berufsberatung", "agentur", IS, LUED, MENDEN),
    *_place("berufsberatung_erwerbsleben", "agentur", IS, LUED),
    *_place("bewerbungswerkstatt", "awo", LUED),
    *_place("bewerbungswerkstatt", "caritas", "Hemer"),
    *_place("bewerbungswerkstatt", "paritaet", "Kierspe"),
    *_place("bewerbungswerkstatt", "bildungswerk", IS),
    *_place("schulabschluss", "vhs_lued", LUED),
    *_place("schulabschluss", "vhs_is", IS),
    *_place("anerkennungsberatung", "anerkennung", LUED, "Plettenberg"),
    *_place("anerkennungsberatung", "anerkennung", IS, outdated=True),
    *_place("anerkennungsberatung", "anerkennung", MENDEN, also_in=("Hemer",)),
    *_place("kenntnispruefung_pflege", "bildungswerk", LUED),
    *_place("schulberatung", "ki", LUED, IS),
    *_place("hausaufgabenhilfe", "brueckenbauer", IS),
    *_place("hausaufgabenhilfe", "diakonie", "Altena"),
    *_place("hausaufgabenhilfe", "mso_arab", LUED),
    *_place("hausaufgabenhilfe", "willkommen_hemer", "Hemer"),
    *_place("hausaufgabenhilfe", "netz_halver", "Halver"),
    *_place("hausaufgabenhilfe", "fh_kierspe", "Kierspe"),
    *_place("hausaufgabenhilfe", "mso_tuerk", "Werdohl"),
    *_place("hausaufgabenhilfe", "begegnung_nw", NACHRODT),
    *_place("elterninfo_schule", "ki", LUED),
    # Children and family
    *_place("griffbereit", "fz_hemer", "Hemer"),
    *_place("griffbereit", "fz_plettenberg", "Plettenberg"),
    *_place("griffbereit", "fz_menden", MENDEN),
    *_place("griffbereit", "fz_lued", LUED),
    *_place("griffbereit", "fz_kierspe", "Kierspe"),
    *_place("rucksack_kita", "fz_iserlohn", IS),
    *_place("rucksack_kita", "fz_lued", LUED),
    *_place("rucksack_kita", "fz_meinerzhagen", "Meinerzhagen"),
    *_place("rucksack_kita", "fz_neuenrade", "Neuenrade"),
    *_place("rucksack_kita", "fz_halver", "Halver"),
    *_place("kitaplatz", "stadt_is", IS),
    *_place("kitaplatz", "stadt_lued", LUED),
    *_place("kitaplatz", "caritas", MENDEN),
    *_place("schwangerschaftsberatung", "diakonie", LUED),
    *_place("schwangerschaftsberatung", "caritas", IS),
    *_place("schwangerschaftsberatung", "awo", MENDEN),
    # Leisure and sport
    *_place("frauentreff", "frauen_is", IS),
    *_place("frauentreff", "frauen_lenne", "Altena", "Werdohl"),
    *_place("frauentreff", "mso_arab", LUED),
    *_place("frauentreff", "awo", "Neuenrade"),
    *_place("radfahrkurs_frauen", "frauen_is", IS),
    *_place("radfahrkurs_frauen", "sc_hoenne", MENDEN),
    *_place("schwimmkurs_frauen", "sv_lenne", "Werdohl"),
    *_place("schwimmkurs_frauen", "tus_volme", "Halver"),
    *_place("fussball", "fc_international", IS),
    *_place("fussball", "sg_ebbe", "Herscheid"),
    *_place("fussball", "tus_volme", "Schalksmühle"),
    *_place("boxtraining", "boxclub", LUED, status="draft"),
    *_place("schwimmkurs_kinder", "sv_lenne", "Werdohl"),
    *_place("schwimmkurs_kinder", "sc_hoenne", "Balve"),
    *_place("kochtreff", "mso_fa", MENDEN),
    *_place("kochtreff", "mso_afrika", IS),
    *_place("kochtreff", "begegnung_nw", NACHRODT, status="draft"),
    *_place("garten", "netz_halver", "Halver"),
    *_place("garten", "willkommen_hemer", "Hemer"),
    *_place("willkommensspaziergang", "stadt_lued", LUED),
    *_place("willkommensspaziergang", "cafe_balve", "Balve"),
    *_place("willkommensspaziergang", "awo", "Neuenrade"),
    *_place("willkommensspaziergang", "begegnung_nw", NACHRODT),
    *_place("wandern", "sg_ebbe", "Meinerzhagen", "Herscheid", "Plettenberg"),
    # Volunteering
    *_place("patenschaften", "brueckenbauer", IS),
    *_place("patenschaften", "willkommen_hemer", "Hemer"),
    *_place("patenschaften", "fh_kierspe", "Kierspe"),
    *_place("patenschaften", "init_herscheid", "Herscheid"),
    *_place("patenschaften", "nachbarn_sm", "Schalksmühle"),
    *_place("sprachmittlerpool", "ki", LUED),
    *_place("mentoring_beruf", "mso_afrika", IS),
    *_place("mentoring_beruf", "diakonie", LUED),
    *_place("ehrenamt_einstieg", "paritaet", LUED, "Plettenberg"),
    # Past offers
    *_place("sommercamp", "ki", IS, status="archived"),
    *_place("erstorientierung_ukraine", "ki", LUED, status="archived"),
]
