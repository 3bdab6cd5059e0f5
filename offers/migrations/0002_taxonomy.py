"""The starting taxonomy (DOMAIN.md): categories and target groups in every portal language.
The coordinator edits them afterwards in the admin."""

from django.db import migrations

CATEGORIES = [
    ("sprache", "Sprache & Integrationskurse", {
        "en": "Language & integration courses", "ar": "اللغة ودورات الاندماج",
        "uk": "Мова та інтеграційні курси", "tr": "Dil ve uyum kursları",
        "ru": "Язык и интеграционные курсы", "fa": "زبان و دوره‌های ادغام"}),
    ("beratung", "Beratung", {
        "en": "Counselling", "ar": "الاستشارة", "uk": "Консультації", "tr": "Danışmanlık",
        "ru": "Консультации", "fa": "مشاوره"}),
    ("arbeit", "Arbeit & Beruf", {
        "en": "Work & career", "ar": "العمل والمهنة", "uk": "Робота та професія",
        "tr": "İş ve meslek", "ru": "Работа и профессия", "fa": "کار و شغل"}),
    ("anerkennung", "Anerkennung", {
        "en": "Recognition of qualifications", "ar": "الاعتراف بالشهادات",
        "uk": "Визнання кваліфікацій", "tr": "Diploma denkliği", "ru": "Признание квалификаций",
        "fa": "به رسمیت شناختن مدارک"}),
    ("bildung", "Bildung & Schule", {
        "en": "Education & school", "ar": "التعليم والمدرسة", "uk": "Освіта та школа",
        "tr": "Eğitim ve okul", "ru": "Образование и школа", "fa": "آموزش و مدرسه"}),
    ("familie", "Kinder & Familie", {
        "en": "Children & family", "ar": "الأطفال والأسرة", "uk": "Діти та сім’я",
        "tr": "Çocuk ve aile", "ru": "Дети и семья", "fa": "کودکان و خانواده"}),
    ("gesundheit", "Gesundheit", {
        "en": "Health", "ar": "الصحة", "uk": "Здоров’я", "tr": "Sağlık", "ru": "Здоровье",
        "fa": "سلامت"}),
    ("wohnen", "Wohnen", {
        "en": "Housing", "ar": "السكن", "uk": "Житло", "tr": "Konut", "ru": "Жильё",
        "fa": "مسکن"}),
    ("aufenthalt", "Aufenthalt & Recht", {
        "en": "Residence & law", "ar": "الإقامة والقانون", "uk": "Перебування та право",
        "tr": "Oturum ve hukuk", "ru": "Пребывание и право", "fa": "اقامت و حقوق"}),
    ("freizeit", "Freizeit & Begegnung", {
        "en": "Leisure & meeting people", "ar": "الترفيه واللقاءات", "uk": "Дозвілля та зустрічі",
        "tr": "Boş zaman ve buluşma", "ru": "Досуг и встречи", "fa": "اوقات فراغت و دیدار"}),
    ("ehrenamt", "Ehrenamt", {
        "en": "Volunteering", "ar": "العمل التطوعي", "uk": "Волонтерство", "tr": "Gönüllülük",
        "ru": "Волонтёрство", "fa": "کار داوطلبانه"}),
]

TARGET_GROUPS = [
    ("neuzugewanderte", "Neu Zugewanderte", {
        "en": "Newcomers", "ar": "القادمون الجدد", "uk": "Новоприбулі", "tr": "Yeni gelenler",
        "ru": "Недавно приехавшие", "fa": "تازه‌واردان"}),
    ("gefluechtete", "Geflüchtete", {
        "en": "Refugees", "ar": "اللاجئون", "uk": "Біженці", "tr": "Mülteciler",
        "ru": "Беженцы", "fa": "پناهندگان"}),
    ("ukraine", "Menschen aus der Ukraine", {
        "en": "People from Ukraine", "ar": "القادمون من أوكرانيا", "uk": "Люди з України",
        "tr": "Ukrayna'dan gelenler", "ru": "Люди из Украины", "fa": "افراد اهل اوکراین"}),
    ("frauen", "Frauen", {
        "en": "Women", "ar": "النساء", "uk": "Жінки", "tr": "Kadınlar", "ru": "Женщины",
        "fa": "زنان"}),
    ("familien", "Familien", {
        "en": "Families", "ar": "العائلات", "uk": "Сім’ї", "tr": "Aileler", "ru": "Семьи",
        "fa": "خانواده‌ها"}),
    ("kinder", "Kinder", {
        "en": "Children", "ar": "الأطفال", "uk": "Діти", "tr": "Çocuklar", "ru": "Дети",
        "fa": "کودکان"}),
    ("jugendliche", "Jugendliche und junge Erwachsene", {
        "en": "Young people", "ar": "الشباب", "uk": "Молодь", "tr": "Gençler",
        "ru": "Молодёжь", "fa": "نوجوانان و جوانان"}),
    ("senioren", "Ältere Menschen", {
        "en": "Older people", "ar": "كبار السن", "uk": "Люди похилого віку", "tr": "Yaşlılar",
        "ru": "Пожилые люди", "fa": "سالمندان"}),
    ("arbeitsuchende", "Arbeitsuchende", {
        "en": "Job seekers", "ar": "الباحثون عن عمل", "uk": "Шукачі роботи", "tr": "İş arayanlar",
        "ru": "Ищущие работу", "fa": "جویندگان کار"}),
    ("behinderung", "Menschen mit Behinderung", {
        "en": "People with disabilities", "ar": "الأشخاص ذوو الإعاقة",
        "uk": "Люди з інвалідністю", "tr": "Engelliler", "ru": "Люди с инвалидностью",
        "fa": "افراد دارای معلولیت"}),
]


def load(apps, schema_editor):
    for model_name, rows in (("Category", CATEGORIES), ("TargetGroup", TARGET_GROUPS)):
        model = apps.get_model("offers", model_name)
        for position, (slug, name, translations) in enumerate(rows):
            model.objects.update_or_create(
                slug=slug,
                defaults={"name": name, "name_translations": translations, "position": position},
            )


def unload(apps, schema_editor):
    apps.get_model("offers", "Category").objects.filter(slug__in=[c[0] for c in CATEGORIES]).delete()
    apps.get_model("offers", "TargetGroup").objects.filter(
        slug__in=[t[0] for t in TARGET_GROUPS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("offers", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
