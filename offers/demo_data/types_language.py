"""Offer types: German courses, from the integration course to the Sprachcafé."""

from .schema import Course, Hours, OfferType, text, translation

COURSE_NEWCOMERS = ("neuzugewanderte", "gefluechtete", "ukraine")

INTEGRATION_COURSE_COST = {
    "de": """Kostenbeitrag 2,29 € pro Unterrichtsstunde, Befreiung möglich (z. B. bei
        Bürgergeld oder Leistungen nach dem Asylbewerberleistungsgesetz)""",
    "en": """Contribution €2.29 per lesson; exemption possible (e.g. if you receive
        Bürgergeld or benefits under the Asylum Seekers’ Benefits Act)""",
    "ar": """مساهمة قدرها 2.29 يورو عن كل حصة، ويمكن الإعفاء منها (مثلًا عند الحصول على
        Bürgergeld أو إعانات قانون إعانات طالبي اللجوء)""",
    "uk": """Внесок 2,29 € за урок, можливе звільнення (наприклад, якщо ви отримуєте
        Bürgergeld або виплати за законом про допомогу шукачам притулку)""",
}

INTEGRATION_COURSE_ELIGIBILITY = {
    "de": """Menschen mit einer Berechtigung oder Verpflichtung zur Teilnahme (Bescheid von
        Ausländerbehörde, Jobcenter oder BAMF). Ohne Bescheid können Sie beim BAMF eine
        Zulassung beantragen – wir helfen dabei.""",
    "en": """People entitled or obliged to attend (notice from the foreigners’ authority, the
        Jobcenter or the BAMF). Without a notice you can apply to the BAMF for admission – we
        help you with that.""",
    "ar": """الأشخاص الذين يحق لهم أو يتوجب عليهم المشاركة (بقرار من دائرة الأجانب أو الجوب
        سنتر أو المكتب الاتحادي للهجرة واللاجئين). إذا لم يكن لديك قرار، يمكنك طلب القبول من
        المكتب الاتحادي – ونحن نساعدك في ذلك.""",
    "uk": """Люди з правом або обов’язком участі (рішення відомства у справах іноземців,
        Jobcenter або BAMF). Якщо рішення немає, можна подати заяву на допуск до BAMF – ми
        допоможемо.""",
}


def _course_cost(lang: str) -> str:
    return text(INTEGRATION_COURSE_COST[lang])


INTEGRATION_COURSE = OfferType(
    key="integrationskurs",
    title="Integrationskurs {in_town}",
    summary=text("""Deutsch bis Niveau B1 und Orientierungskurs zu Alltag, Geschichte und Recht
        in Deutschland – mit Abschlussprüfung „Deutsch-Test für Zuwanderer“ und Test „Leben in
        Deutschland“."""),
    description=text("""<p>Der Integrationskurs besteht aus einem Sprachkurs (600
        Unterrichtsstunden) und einem Orientierungskurs (100 Unterrichtsstunden). Vor
        Kursbeginn machen Sie bei uns einen kostenlosen Einstufungstest, damit Sie im
        passenden Kursabschnitt beginnen.</p>
        <ul><li>Kleine Gruppen, erfahrene Lehrkräfte</li><li>Prüfungen im eigenen Haus</li>
        <li>Hilfe beim Antrag auf Kostenbefreiung und Fahrtkosten</li></ul>"""),
    eligibility=text(INTEGRATION_COURSE_ELIGIBILITY["de"]),
    application_process=text("""Kommen Sie mit Ihrem Berechtigungsschein und Ihrem Ausweis in
        die Sprechstunde der Kursberatung. Dort machen Sie den Einstufungstest und melden sich
        an."""),
    cost_text=_course_cost("de"),
    categories=("sprache",),
    target_groups=COURSE_NEWCOMERS,
    min_age=16,
    is_free=False,
    registration_required=True,
    schedule=Course(
        "MO,TU,WE,TH,FR",
        "08:30",
        "12:15",
        weeks=36,
        note="""Einstieg nach
        Einstufungstest auch in spätere Kursabschnitte möglich""",
    ),
    contact_role="Kursberatung Integrationskurse",
    translations={
        "en": translation(
            "Integration course {in_town}",
            """German up to level B1 plus an orientation course on everyday life, history and
            law in Germany – ending with the “German Test for Immigrants” and the “Life in
            Germany” test.""",
            """<p>The integration course consists of a language course (600 lessons) and an
            orientation course (100 lessons). Before the course starts you take a free
            placement test so you begin at the right level.</p><ul><li>Small groups,
            experienced teachers</li><li>Exams on site</li><li>Help with applying for fee
            exemption and travel costs</li></ul>""",
            eligibility=INTEGRATION_COURSE_ELIGIBILITY["en"],
            cost_text=INTEGRATION_COURSE_COST["en"],
        ),
        "ar": translation(
            "دورة الاندماج {in_town}",
            """تعلّم الألمانية حتى المستوى B1 ودورة توجيهية عن الحياة اليومية والتاريخ والقانون
            في ألمانيا، تنتهي باختبار «اللغة الألمانية للمهاجرين» واختبار «الحياة في
            ألمانيا».""",
            """<p>تتكون دورة الاندماج من دورة لغة (600 حصة) ودورة توجيهية (100 حصة). قبل بدء
            الدورة تجري اختبار تحديد مستوى مجانيًا لتبدأ في المستوى المناسب.</p><ul><li>مجموعات
            صغيرة ومعلمون ذوو خبرة</li><li>الامتحانات في مقر المعهد</li><li>المساعدة في طلب
            الإعفاء من الرسوم وتكاليف المواصلات</li></ul>""",
            eligibility=INTEGRATION_COURSE_ELIGIBILITY["ar"],
            cost_text=INTEGRATION_COURSE_COST["ar"],
        ),
        "uk": translation(
            "Інтеграційний курс {in_town}",
            """Німецька мова до рівня B1 та орієнтаційний курс про повсякденне життя, історію
            та право в Німеччині – із заключним іспитом «Deutsch-Test für Zuwanderer» і тестом
            «Leben in Deutschland».""",
            """<p>Інтеграційний курс складається з мовного курсу (600 уроків) та
            орієнтаційного курсу (100 уроків). Перед початком ви безкоштовно проходите тест на
            визначення рівня, щоб почати з відповідного модуля.</p><ul><li>Невеликі групи,
            досвідчені викладачі</li><li>Іспити на місці</li><li>Допомога із заявою на
            звільнення від оплати та компенсацію проїзду</li></ul>""",
            eligibility=INTEGRATION_COURSE_ELIGIBILITY["uk"],
            cost_text=INTEGRATION_COURSE_COST["uk"],
        ),
        "tr": translation(
            "{in_town} Uyum Kursu",
            """B1 seviyesine kadar Almanca ve Almanya’da günlük yaşam, tarih ve hukuk üzerine
            oryantasyon kursu – „Göçmenler için Almanca Testi“ ve „Almanya’da Yaşam“ testiyle
            sona erer.""",
        ),
        "ru": translation(
            "Интеграционный курс {in_town}",
            """Немецкий язык до уровня B1 и ориентационный курс о повседневной жизни, истории и
            праве в Германии – с итоговым экзаменом «Deutsch-Test für Zuwanderer» и тестом
            «Leben in Deutschland».""",
        ),
        "fa": translation(
            "دوره ادغام {in_town}",
            """آموزش زبان آلمانی تا سطح B1 و دوره آشنایی با زندگی روزمره، تاریخ و قوانین آلمان
            – همراه با آزمون پایانی «آلمانی برای مهاجران» و آزمون «زندگی در آلمان».""",
        ),
    },
)

INTEGRATION_COURSE_CHILDCARE = OfferType(
    key="integrationskurs_kinder",
    title="Integrationskurs mit Kinderbetreuung {in_town}",
    summary=text("""Integrationskurs am Vormittag, während Ihre Kinder bis zum Schulalter
        nebenan betreut werden."""),
    description=text("""<p>Lernen Sie Deutsch, während Ihre kleinen Kinder in unserer
        kursbegleitenden Kinderbetreuung gut aufgehoben sind. Die Betreuung ist kostenlos und
        findet im selben Gebäude statt.</p><ul><li>Sprachkurs und Orientierungskurs (700
        Unterrichtsstunden)</li><li>Betreuung für Kinder ab 1 Jahr bis zur Einschulung</li>
        <li>Unterrichtszeiten passend zu Kita und Schule</li></ul>"""),
    eligibility=text("""Teilnahmeberechtigung für den Integrationskurs. Die Kinderbetreuung ist
        für Kinder, die noch keinen Kita- oder Schulplatz haben."""),
    application_process=text("""Anmeldung in der Kursberatung; bitte geben Sie Alter und Anzahl
        der Kinder an. Die Plätze in der Kinderbetreuung sind begrenzt."""),
    cost_text=_course_cost("de") + "; Kinderbetreuung kostenlos",
    categories=("sprache", "familie"),
    target_groups=("neuzugewanderte", "familien", "frauen"),
    min_age=16,
    is_free=False,
    registration_required=True,
    childcare=True,
    schedule=Course("MO,TU,WE,TH,FR", "08:45", "12:00", weeks=40),
    contact_role="Kursberatung Integrationskurse",
    translations={
        "en": translation(
            "Integration course with childcare {in_town}",
            """Morning integration course while your children up to school age are looked
            after next door.""",
            """<p>Learn German while your young children are well looked after in our on-site
            childcare. Childcare is free and takes place in the same building.</p><ul>
            <li>Language and orientation course (700 lessons)</li><li>Care for children from
            age 1 until they start school</li><li>Lesson times that fit around nursery and
            school</li></ul>""",
            cost_text=INTEGRATION_COURSE_COST["en"] + "; childcare free of charge",
        ),
        "ar": translation(
            "دورة الاندماج مع رعاية الأطفال {in_town}",
            """دورة اندماج صباحية، بينما يُعتنى بأطفالك حتى سن المدرسة في الغرفة المجاورة.""",
            """<p>تعلّم الألمانية بينما يكون أطفالك الصغار في رعاية جيدة لدينا. رعاية الأطفال
            مجانية وتتم في المبنى نفسه.</p><ul><li>دورة اللغة والدورة التوجيهية (700
            حصة)</li><li>رعاية الأطفال من عمر سنة حتى دخول المدرسة</li><li>مواعيد دروس تناسب
            الروضة والمدرسة</li></ul>""",
            cost_text=INTEGRATION_COURSE_COST["ar"] + "؛ رعاية الأطفال مجانية",
        ),
        "uk": translation(
            "Інтеграційний курс із доглядом за дітьми {in_town}",
            """Інтеграційний курс зранку, поки за вашими дітьми дошкільного віку доглядають у
            сусідньому приміщенні.""",
            """<p>Вивчайте німецьку, поки ваші малюки під доглядом у нашій групі при курсі.
            Догляд безкоштовний і відбувається в тій самій будівлі.</p><ul><li>Мовний та
            орієнтаційний курс (700 уроків)</li><li>Догляд за дітьми від 1 року до вступу до
            школи</li><li>Розклад, зручний із садочком і школою</li></ul>""",
            cost_text=INTEGRATION_COURSE_COST["uk"] + "; догляд за дітьми безкоштовний",
        ),
    },
)

WOMENS_INTEGRATION_COURSE = OfferType(
    key="frauenkurs",
    title="Frauenintegrationskurs {in_town}",
    summary=text("""Integrationskurs mit 1.000 Unterrichtsstunden nur für Frauen – mit Themen
        wie Kita, Schule, Gesundheit und Erziehung."""),
    description=text("""<p>Der Kurs geht langsamer voran als der allgemeine Integrationskurs
        und verbindet Deutschlernen mit Fragen aus dem Familienalltag. Sie lernen Kitas,
        Schulen und Beratungsstellen vor Ort kennen.</p><ul><li>Nur Frauen im Kurs,
        Lehrerin</li><li>Kinderbetreuung nach Absprache</li><li>Besuche bei Einrichtungen in
        der Stadt</li></ul>"""),
    eligibility="Frauen mit Teilnahmeberechtigung für den Integrationskurs.",
    application_process=text("""Persönliche Anmeldung in der Kursberatung, gern mit Begleitung.
        Wir rufen Sie auch zurück."""),
    cost_text=_course_cost("de"),
    categories=("sprache", "familie"),
    target_groups=("frauen", "familien", "neuzugewanderte"),
    min_age=16,
    is_free=False,
    registration_required=True,
    childcare=True,
    schedule=Course("MO,TU,WE,TH", "09:00", "12:15", weeks=48),
    contact_role="Kursberatung Integrationskurse",
    translations={
        "en": translation(
            "Integration course for women {in_town}",
            """Integration course with 1,000 lessons for women only – covering topics such as
            nursery, school, health and parenting.""",
            """<p>The course moves more slowly than the general integration course and links
            learning German with questions from family life. You get to know local
            nurseries, schools and advice centres.</p><ul><li>Women only, female
            teacher</li><li>Childcare by arrangement</li><li>Visits to places in
            town</li></ul>""",
        ),
        "ar": translation(
            "دورة الاندماج للنساء {in_town}",
            """دورة اندماج من 1000 حصة للنساء فقط، تتناول مواضيع مثل الروضة والمدرسة والصحة
            وتربية الأطفال.""",
            """<p>تسير هذه الدورة بوتيرة أبطأ من دورة الاندماج العامة، وتربط تعلّم الألمانية
            بأسئلة الحياة العائلية اليومية. تتعرفين على الروضات والمدارس ومراكز الاستشارة في
            المدينة.</p><ul><li>للنساء فقط، مع معلّمة</li><li>رعاية الأطفال
            بالاتفاق</li><li>زيارات لمؤسسات في المدينة</li></ul>""",
        ),
        "uk": translation(
            "Інтеграційний курс для жінок {in_town}",
            """Інтеграційний курс на 1000 уроків лише для жінок – з темами дитсадка, школи,
            здоров’я та виховання.""",
            """<p>Курс іде повільніше, ніж загальний інтеграційний курс, і поєднує вивчення
            німецької з питаннями сімейного життя. Ви знайомитеся з дитсадками, школами та
            консультаційними службами у місті.</p><ul><li>Лише жінки, викладачка</li>
            <li>Догляд за дітьми за домовленістю</li><li>Відвідування установ у
            місті</li></ul>""",
        ),
        "fa": translation(
            "دوره ادغام ویژه زنان {in_town}",
            """دوره ادغام ۱۰۰۰ جلسه‌ای فقط برای زنان – با موضوعاتی مانند مهدکودک، مدرسه، سلامت
            و تربیت فرزند.""",
        ),
    },
)

YOUTH_INTEGRATION_COURSE = OfferType(
    key="jugendkurs",
    title="Jugendintegrationskurs {in_town}",
    summary=text("""Integrationskurs für junge Erwachsene bis 27 Jahre: Deutsch bis B1 und
        Vorbereitung auf Ausbildung, Schule oder Studium."""),
    description=text("""<p>Im Jugendintegrationskurs (1.000 Unterrichtsstunden) lernen junge
        Menschen Deutsch und bereiten sich auf den nächsten Schritt vor: Schulabschluss,
        Ausbildung oder Studium.</p><ul><li>Praktika und Betriebsbesuche</li>
        <li>Bewerbungstraining</li><li>Zusammenarbeit mit dem Jugendmigrationsdienst</li>
        </ul>"""),
    eligibility=text("""Junge Menschen von 16 bis 27 Jahren, die nicht mehr schulpflichtig sind
        und eine Teilnahmeberechtigung haben."""),
    application_process=text("""Anmeldung in der Kursberatung mit Berechtigungsschein. Der
        Jugendmigrationsdienst hilft beim Antrag."""),
    cost_text=_course_cost("de"),
    categories=("sprache", "bildung"),
    target_groups=("jugendliche", "neuzugewanderte"),
    min_age=16,
    max_age=27,
    is_free=False,
    registration_required=True,
    schedule=Course("MO,TU,WE,TH,FR", "09:00", "13:00", weeks=45),
    contact_role="Kursberatung Integrationskurse",
    translations={
        "en": translation(
            "Integration course for young adults {in_town}",
            """Integration course for young adults up to 27: German up to B1 and preparation
            for vocational training, school or university.""",
        ),
        "ar": translation(
            "دورة الاندماج للشباب {in_town}",
            """دورة اندماج للشباب حتى سن 27 عامًا: الألمانية حتى المستوى B1 والتحضير للتدريب
            المهني أو المدرسة أو الجامعة.""",
        ),
        "uk": translation(
            "Інтеграційний курс для молоді {in_town}",
            """Інтеграційний курс для молодих людей до 27 років: німецька до рівня B1 і
            підготовка до профнавчання, школи чи навчання в університеті.""",
        ),
    },
)

ONLINE_INTEGRATION_COURSE = OfferType(
    key="online_integrationskurs",
    title="Online-Integrationskurs im virtuellen Klassenzimmer",
    summary=text("""Integrationskurs live im Internet mit fester Lehrkraft und Gruppe – lernen
        Sie von zu Hause aus, mit wenigen Präsenzterminen für Prüfungen."""),
    description=text("""<p>Der Unterricht findet live per Videokonferenz statt. Sie brauchen
        einen Laptop oder ein Tablet mit Kamera und eine stabile Internetverbindung.
        Leihgeräte sind begrenzt verfügbar.</p><ul><li>Einführung in die Lernplattform vor
        Kursbeginn</li><li>Prüfungen vor Ort in der VHS</li></ul>"""),
    eligibility=text("""Teilnahmeberechtigung für den Integrationskurs; sichere
        Grundkenntnisse im Umgang mit Computer oder Tablet."""),
    application_process=text("""Anmeldung per E-Mail oder Telefon; der Einstufungstest findet
        vor Ort statt."""),
    cost_text=_course_cost("de"),
    categories=("sprache",),
    target_groups=COURSE_NEWCOMERS,
    min_age=16,
    is_free=False,
    registration_required=True,
    mode="online",
    schedule=Course("MO,TU,WE,TH", "17:30", "20:45", weeks=44),
    contact_role="Kursberatung Integrationskurse",
    translations={
        "en": translation(
            "Online integration course in a virtual classroom",
            """Live integration course on the internet with a regular teacher and group –
            learn from home, with only a few in-person dates for exams.""",
        ),
        "ar": translation(
            "دورة الاندماج عبر الإنترنت في فصل افتراضي",
            """دورة اندماج مباشرة عبر الإنترنت مع معلم ومجموعة ثابتين – تعلّم من المنزل، مع
            مواعيد حضورية قليلة للامتحانات فقط.""",
        ),
        "uk": translation(
            "Онлайн-інтеграційний курс у віртуальному класі",
            """Інтеграційний курс наживо в інтернеті з постійним викладачем і групою –
            навчайтеся вдома, очно лише кілька разів на іспити.""",
        ),
    },
)

LITERACY_COURSE = OfferType(
    key="alphabetisierung",
    title="Integrationskurs mit Alphabetisierung {in_town}",
    summary=text("""Lesen und Schreiben lernen und gleichzeitig Deutsch sprechen – für
        Menschen, die nicht oder kaum lesen und schreiben können oder die lateinische Schrift
        neu lernen."""),
    description=text("""<p>Im Alphabetisierungskurs (bis zu 1.300 Unterrichtsstunden) lernen
        Sie Schritt für Schritt lesen, schreiben und sprechen. Wir arbeiten mit Bildern, viel
        Wiederholung und in kleinen Gruppen.</p><ul><li>Für Erst- und
        Zweitschriftlernende</li><li>Geduldige, speziell ausgebildete Lehrkräfte</li></ul>"""),
    eligibility=text("""Teilnahmeberechtigung für den Integrationskurs. Welcher Kurs passt,
        klären wir im Einstufungsgespräch."""),
    application_process=text("""Kommen Sie in die Sprechstunde der Kursberatung, gern mit einer
        Begleitperson, die übersetzen kann."""),
    cost_text=_course_cost("de"),
    categories=("sprache",),
    target_groups=COURSE_NEWCOMERS,
    min_age=16,
    is_free=False,
    registration_required=True,
    schedule=Course("MO,TU,WE,TH,FR", "08:30", "11:45", weeks=60),
    contact_role="Kursberatung Alphabetisierung",
    translations={
        "en": translation(
            "Integration course with literacy training {in_town}",
            """Learn to read and write while learning to speak German – for people who cannot
            or can barely read and write, or who are new to the Latin alphabet.""",
            """<p>In the literacy course (up to 1,300 lessons) you learn to read, write and
            speak step by step. We work with pictures, plenty of repetition and in small
            groups.</p><ul><li>For first-time learners and learners of a second
            script</li><li>Patient, specially trained teachers</li></ul>""",
        ),
        "ar": translation(
            "دورة الاندماج مع محو الأمية {in_town}",
            """تعلّم القراءة والكتابة والتحدث بالألمانية في الوقت نفسه – لمن لا يجيدون القراءة
            والكتابة أو يتعلمون الحروف اللاتينية لأول مرة.""",
            """<p>في دورة محو الأمية (حتى 1300 حصة) تتعلّم القراءة والكتابة والتحدث خطوة بخطوة.
            نعمل بالصور والكثير من التكرار وفي مجموعات صغيرة.</p><ul><li>لمن يتعلمون الكتابة
            لأول مرة أو يتعلمون أبجدية ثانية</li><li>معلمون صبورون ومدرّبون خصيصًا</li></ul>""",
        ),
        "uk": translation(
            "Інтеграційний курс з алфавітизацією {in_town}",
            """Навчіться читати й писати та водночас говорити німецькою – для людей, які не
            вміють або погано вміють читати й писати чи вперше вивчають латиницю.""",
            """<p>На курсі алфавітизації (до 1300 уроків) ви крок за кроком вчитеся читати,
            писати й говорити. Ми працюємо з картинками, багато повторюємо і навчаємо в малих
            групах.</p><ul><li>Для тих, хто вчиться писати вперше або опановує друге
            письмо</li><li>Терплячі викладачі зі спеціальною підготовкою</li></ul>""",
        ),
        "fa": translation(
            "دوره ادغام همراه با سوادآموزی {in_town}",
            """خواندن و نوشتن را یاد بگیرید و همزمان آلمانی صحبت کنید – برای کسانی که خواندن و
            نوشتن نمی‌دانند یا کم می‌دانند، یا تازه با خط لاتین آشنا می‌شوند.""",
        ),
    },
)

JOB_GERMAN_COST = text("""Für Arbeitsuchende und Leistungsbeziehende kostenlos; Beschäftigte
    zahlen je nach Einkommen einen Eigenanteil.""")

JOB_GERMAN_B2 = OfferType(
    key="berufssprachkurs",
    title="Berufssprachkurs B2 {in_town}",
    summary=text("""Deutsch für den Beruf von B1 bis B2: E-Mails, Telefonate, Gespräche im Team
        und Fachwortschatz – mit Zertifikatsprüfung."""),
    description=text("""<p>Der Berufssprachkurs (Deutschsprachförderung nach DeuFöV) bereitet
        Sie auf Arbeit, Ausbildung oder Anerkennung vor. Der Kurs umfasst 500
        Unterrichtsstunden und endet mit einer Prüfung.</p><ul><li>Berufsbezogene Themen und
        Rollenspiele</li><li>Auch in Teilzeit neben der Arbeit möglich</li></ul>"""),
    eligibility=text("""Abgeschlossener Integrationskurs oder Deutschkenntnisse auf B1-Niveau;
        arbeitsuchend gemeldet, in Ausbildung oder beschäftigt."""),
    application_process=text("""Berechtigung über Jobcenter, Agentur für Arbeit oder – bei
        Beschäftigten – direkt beim BAMF. Danach Anmeldung bei uns."""),
    cost_text=JOB_GERMAN_COST,
    categories=("sprache", "arbeit"),
    target_groups=("arbeitsuchende", "neuzugewanderte"),
    min_age=18,
    is_free=False,
    registration_required=True,
    schedule=Course("MO,TU,WE,TH", "08:30", "12:45", weeks=31),
    contact_role="Kursberatung Berufssprachkurse",
    translations={
        "en": translation(
            "Job-related German course B2 {in_town}",
            """German for work from B1 to B2: emails, phone calls, team conversations and
            specialist vocabulary – with a certificate exam.""",
        ),
        "ar": translation(
            "دورة اللغة المهنية B2 {in_town}",
            """الألمانية للعمل من B1 إلى B2: رسائل البريد الإلكتروني والمكالمات الهاتفية والحوار
            مع الفريق والمفردات المهنية – مع امتحان للحصول على شهادة.""",
        ),
        "uk": translation(
            "Професійний курс німецької B2 {in_town}",
            """Німецька для роботи від B1 до B2: листи, телефонні розмови, спілкування в
            команді та фахова лексика – з сертифікатним іспитом.""",
        ),
        "ru": translation(
            "Профессиональный курс немецкого B2 {in_town}",
            """Немецкий для работы от B1 до B2: письма, телефонные разговоры, общение в команде
            и профессиональная лексика – с сертификационным экзаменом.""",
        ),
    },
)

JOB_GERMAN_CARE = OfferType(
    key="berufssprachkurs_pflege",
    title="Berufssprachkurs Pflege und Gesundheit {in_town}",
    summary=text("""Fachsprache für Pflegekräfte und Gesundheitsberufe: Übergaben,
        Pflegedokumentation und Gespräche mit Patientinnen und Patienten."""),
    description=text("""<p>Spezialkurs für Menschen, die in der Pflege oder einem
        Gesundheitsberuf arbeiten möchten oder ihre Anerkennung anstreben. Der Kurs bereitet
        auf die Fachsprachprüfung vor.</p><ul><li>Praxisnahe Übungen mit
        Fallbeispielen</li><li>Kooperation mit Pflegeeinrichtungen in der Region</li></ul>"""),
    eligibility=text("""Deutschkenntnisse auf B1-Niveau; Ausbildung oder Berufserfahrung in
        Pflege oder Gesundheitswesen."""),
    application_process=text("""Berechtigung über Jobcenter, Agentur für Arbeit oder BAMF;
        vorher ein Termin bei der Anerkennungsberatung wird empfohlen."""),
    cost_text=JOB_GERMAN_COST,
    categories=("sprache", "arbeit", "anerkennung"),
    target_groups=("arbeitsuchende", "neuzugewanderte"),
    min_age=18,
    is_free=False,
    registration_required=True,
    schedule=Course("MO,TU,WE,TH,FR", "08:30", "13:00", weeks=20),
    contact_role="Kursberatung Berufssprachkurse",
    translations={
        "en": translation(
            "Job-related German for nursing and health care {in_town}",
            """Specialist language for nurses and health professionals: handovers, care
            documentation and talking with patients.""",
        ),
        "ar": translation(
            "دورة اللغة المهنية للتمريض والرعاية الصحية {in_town}",
            """لغة متخصصة للعاملين في التمريض والمهن الصحية: تسليم المناوبات وتوثيق الرعاية
            والتحدث مع المرضى.""",
        ),
        "uk": translation(
            "Професійна німецька для догляду та охорони здоров’я {in_town}",
            """Фахова мова для медсестер, доглядальників і медичних працівників: передача
            зміни, документація догляду та розмови з пацієнтами.""",
        ),
    },
)

JOB_GERMAN_C1_ONLINE = OfferType(
    key="berufssprachkurs_c1",
    title="Berufssprachkurs C1 online",
    summary=text("""Deutsch auf C1-Niveau für Akademikerinnen, Akademiker und Fachkräfte – live
        online am Abend, neben Beruf oder Anerkennungsverfahren."""),
    description=text("""<p>Der Kurs findet an zwei Abenden pro Woche im virtuellen
        Klassenzimmer statt, dazu kommen Selbstlernphasen. Schwerpunkte: Präsentieren,
        Fachtexte verstehen, schriftliche Kommunikation.</p>"""),
    eligibility="Deutschkenntnisse auf B2-Niveau.",
    application_process=text("""Einstufung online; Berechtigung über Jobcenter, Agentur für
        Arbeit oder BAMF."""),
    cost_text=JOB_GERMAN_COST,
    categories=("sprache", "arbeit"),
    target_groups=("arbeitsuchende",),
    min_age=18,
    is_free=False,
    registration_required=True,
    mode="online",
    schedule=Course("TU,TH", "18:00", "21:00", weeks=40),
    contact_role="Kursberatung Berufssprachkurse",
)

LANGUAGE_CAFE = OfferType(
    key="sprachcafe",
    title="Sprachcafé {in_town}",
    summary=text("""Deutsch sprechen in lockerer Runde bei Tee und Kaffee – ohne Anmeldung,
        ohne Kosten, alle Niveaus willkommen."""),
    description=text("""<p>Ehrenamtliche und Neuzugewanderte treffen sich, um Deutsch im
        Alltag zu üben. Wir spielen, erzählen und beantworten Fragen zu Briefen und
        Formularen.</p><ul><li>Einfach vorbeikommen</li><li>Kinder dürfen mitgebracht
        werden</li></ul>"""),
    eligibility="Alle, die Deutsch üben möchten.",
    application_process="Keine Anmeldung nötig – kommen Sie einfach vorbei.",
    categories=("sprache", "freizeit"),
    target_groups=COURSE_NEWCOMERS,
    languages=(("de",), ("de", "en"), ("de", "en", "ar"), ("de", "uk", "ru")),
    schedule=Hours(
        (
            (("WE", "15:00", "17:00"),),
            (("TU", "16:00", "18:00"),),
            (("TH", "10:00", "12:00"),),
            (("SA", "10:00", "12:00"),),
            (("MO", "17:00", "19:00"),),
        ),
        note="nicht in den Schulferien",
    ),
    contact_role="Team Sprachcafé",
    personal_contact=True,
    translations={
        "en": translation(
            "Language café {in_town}",
            """Speak German in a relaxed group over tea and coffee – no registration, no cost,
            all levels welcome.""",
            """<p>Volunteers and newcomers meet to practise everyday German. We play games,
            chat and answer questions about letters and forms.</p><ul><li>Just drop
            in</li><li>Children are welcome</li></ul>""",
        ),
        "ar": translation(
            "مقهى اللغة {in_town}",
            """تحدّث الألمانية في جلسة ودية مع الشاي والقهوة – دون تسجيل ودون تكلفة، وجميع
            المستويات مرحّب بها.""",
            """<p>يلتقي المتطوعون والقادمون الجدد للتدرّب على الألمانية اليومية. نلعب ونتحدث
            ونجيب عن الأسئلة المتعلقة بالرسائل والاستمارات.</p><ul><li>تعال ببساطة دون
            موعد</li><li>يمكن إحضار الأطفال</li></ul>""",
        ),
        "uk": translation(
            "Мовне кафе {in_town}",
            """Розмовляйте німецькою в невимушеній компанії за чаєм і кавою – без реєстрації,
            безкоштовно, запрошуємо всіх незалежно від рівня.""",
            """<p>Волонтери та новоприбулі зустрічаються, щоб практикувати німецьку в
            повсякденних ситуаціях. Граємо, розмовляємо та відповідаємо на запитання про листи
            й формуляри.</p><ul><li>Просто приходьте</li><li>Можна приходити з
            дітьми</li></ul>""",
        ),
        "fa": translation(
            "کافه زبان {in_town}",
            """در جمعی صمیمی با چای و قهوه آلمانی صحبت کنید – بدون ثبت‌نام، رایگان، با هر سطحی
            از زبان خوش آمدید.""",
        ),
        "tr": translation(
            "{in_town} Dil Kafesi",
            """Çay ve kahve eşliğinde rahat bir ortamda Almanca konuşun – kayıt yok, ücret yok,
            her seviye hoş karşılanır.""",
        ),
        "ru": translation(
            "Языковое кафе {in_town}",
            """Говорите по-немецки в непринуждённой обстановке за чаем и кофе – без записи,
            бесплатно, приглашаем всех, независимо от уровня.""",
        ),
    },
)

NATURALISATION_TEST_PREP = OfferType(
    key="einbuergerungstest",
    title="Vorbereitung auf den Einbürgerungstest {in_town}",
    summary=text("""Kompaktkurs zu den Fragen des Tests „Leben in Deutschland“ und des
        Einbürgerungstests: Politik, Geschichte, Gesellschaft – mit Probetest."""),
    description=text("""<p>An vier Abenden gehen wir die wichtigsten Themen durch und üben mit
        dem offiziellen Fragenkatalog. Zum Abschluss schreiben Sie einen Probetest.</p>"""),
    eligibility=text("""Alle, die den Test ablegen möchten; Deutschkenntnisse ab A2
        empfohlen."""),
    application_process="Anmeldung online, telefonisch oder im Servicebüro der VHS.",
    cost_text="45 € inklusive Material, ermäßigt 25 €",
    categories=("sprache", "aufenthalt"),
    target_groups=("neuzugewanderte",),
    min_age=16,
    is_free=False,
    registration_required=True,
    schedule=Course("TU", "18:00", "20:30", count=4, starts_in_days=(10, 70)),
    contact_role="VHS-Servicebüro",
    translations={
        "en": translation(
            "Preparation for the naturalisation test {in_town}",
            """Short course on the questions of the “Life in Germany” test and the
            naturalisation test: politics, history, society – with a practice test.""",
            cost_text="€45 including materials, reduced rate €25",
        ),
        "ar": translation(
            "التحضير لاختبار التجنس {in_town}",
            """دورة مكثفة حول أسئلة اختبار «الحياة في ألمانيا» واختبار التجنس: السياسة
            والتاريخ والمجتمع – مع اختبار تجريبي.""",
            cost_text="45 يورو شاملة المواد، والسعر المخفّض 25 يورو",
        ),
        "uk": translation(
            "Підготовка до тесту на натуралізацію {in_town}",
            """Короткий курс із питань тесту «Leben in Deutschland» і тесту на натуралізацію:
            політика, історія, суспільство – з пробним тестом.""",
            cost_text="45 € разом із матеріалами, пільгова ціна 25 €",
        ),
    },
)

UKRAINIAN_COMMUNITY_GERMAN = OfferType(
    key="deutsch_ukraine",
    title="Deutsch für den Einstieg – Kurs der Ukrainischen Gemeinschaft {in_town}",
    summary=text("""Ehrenamtlicher Deutschkurs für Anfängerinnen und Anfänger aus der Ukraine,
        bis ein Platz im Integrationskurs frei wird – Erklärungen auch auf Ukrainisch."""),
    description=text("""<p>Unsere ehrenamtlichen Lehrerinnen sprechen Ukrainisch und Deutsch.
        Wir üben Alltagssituationen: Arzttermin, Einkauf, Gespräch mit der Schule.</p>"""),
    eligibility="Erwachsene aus der Ukraine ohne oder mit geringen Deutschkenntnissen.",
    application_process=text("""Anmeldung per Telefon oder Messenger; ein Einstieg ist
        jederzeit möglich."""),
    categories=("sprache",),
    target_groups=("ukraine",),
    languages=(("de", "uk", "ru"),),
    min_age=16,
    registration_required=True,
    schedule=Hours(((("SA", "10:00", "12:00"),), (("MO", "17:00", "19:00"),))),
    contact_role="Kurskoordination",
    personal_contact=True,
    translations={
        "uk": translation(
            "Німецька для початківців – курс Української громади {in_town}",
            """Волонтерський курс німецької для початківців з України, поки не звільниться
            місце на інтеграційному курсі – з поясненнями українською.""",
            """<p>Наші викладачки-волонтерки говорять українською та німецькою.
            Відпрацьовуємо повсякденні ситуації: запис до лікаря, покупки, розмова зі
            школою.</p>""",
        ),
        "en": translation(
            "German for beginners – course by the Ukrainian community {in_town}",
            """Volunteer German course for beginners from Ukraine until a place in an
            integration course becomes free – with explanations in Ukrainian.""",
        ),
        "ar": translation(
            "الألمانية للمبتدئين – دورة الجالية الأوكرانية {in_town}",
            """دورة ألمانية تطوعية للمبتدئين القادمين من أوكرانيا إلى أن يتوفر مكان في دورة
            الاندماج – مع شرح باللغة الأوكرانية.""",
        ),
        "ru": translation(
            "Немецкий для начинающих – курс Украинской общины {in_town}",
            """Волонтёрский курс немецкого для начинающих из Украины, пока не освободится место
            на интеграционном курсе – с объяснениями на украинском.""",
        ),
    },
)

PARENTS_GERMAN = OfferType(
    key="elternkurs",
    title="Deutschkurs für Eltern mit Kinderbetreuung {in_town}",
    summary=text("""Kostenloser Deutschkurs am Vormittag für Mütter und Väter – Ihre kleinen
        Kinder werden währenddessen im Nebenraum betreut."""),
    description=text("""<p>Zweimal in der Woche lernen Eltern Deutsch für den Alltag mit
        Kita, Schule, Arztpraxis und Behörden. Während des Kurses spielen Ihre Kinder unter
        Aufsicht im Nebenraum.</p><ul><li>Kleine Gruppe, geduldige Kursleitung</li><li>Alle
        Materialien kostenlos</li><li>Einstieg jederzeit nach einem kurzen Gespräch</li></ul>"""),
    eligibility="Eltern mit Kindern bis 6 Jahre; Deutschkenntnisse nicht nötig.",
    application_process="Bitte melden Sie sich telefonisch oder direkt im Familienzentrum an.",
    categories=("sprache", "familie"),
    target_groups=("familien", "frauen", "neuzugewanderte"),
    languages=(("de",), ("de", "ar"), ("de", "uk", "ru")),
    schedule=Course("TU,TH", "09:00", "11:30", weeks=20, starts_in_days=(10, 40)),
    contact_role="Kursleitung Elternkurs",
    is_free=True,
    registration_required=True,
    childcare=True,
    translations={
        "en": translation(
            "German course for parents with childcare {in_town}",
            """Free German course in the morning for mothers and fathers – your young children
            are looked after in the next room meanwhile.""",
            """<p>Twice a week parents learn German for everyday life with nursery, school,
            doctors and offices. During the course your children play under supervision next
            door.</p><ul><li>Small group, patient teacher</li><li>All materials free</li><li>Join
            at any time after a short talk</li></ul>""",
        ),
        "ar": translation(
            "دورة لغة ألمانية للآباء والأمهات مع رعاية الأطفال {in_town}",
            """دورة ألمانية مجانية في الصباح للأمهات والآباء – يُعتنى بأطفالكم الصغار في الغرفة
            المجاورة أثناء الدرس.""",
            """<p>مرتين في الأسبوع يتعلّم الآباء والأمهات الألمانية للحياة اليومية مع الحضانة
            والمدرسة والطبيب والدوائر الرسمية. أثناء الدرس يلعب أطفالكم تحت الإشراف في الغرفة
            المجاورة.</p><ul><li>مجموعة صغيرة ومعلّمة صبورة</li><li>جميع المواد مجانية</li><li>يمكن
            البدء في أي وقت بعد حديث قصير</li></ul>""",
        ),
        "uk": translation(
            "Курс німецької для батьків із доглядом за дітьми {in_town}",
            """Безкоштовний ранковий курс німецької для мам і тат – ваших маленьких дітей тим
            часом доглядають у сусідній кімнаті.""",
            """<p>Двічі на тиждень батьки вивчають німецьку для повсякденного життя: садочок,
            школа, лікар, установи. Під час заняття ваші діти граються під наглядом у сусідній
            кімнаті.</p><ul><li>Невелика група, терпляча викладачка</li><li>Усі матеріали
            безкоштовні</li><li>Почати можна будь-коли після короткої розмови</li></ul>""",
        ),
    },
)


LANGUAGE_TYPES = [
    INTEGRATION_COURSE,
    INTEGRATION_COURSE_CHILDCARE,
    WOMENS_INTEGRATION_COURSE,
    YOUTH_INTEGRATION_COURSE,
    ONLINE_INTEGRATION_COURSE,
    LITERACY_COURSE,
    JOB_GERMAN_B2,
    JOB_GERMAN_CARE,
    JOB_GERMAN_C1_ONLINE,
    LANGUAGE_CAFE,
    NATURALISATION_TEST_PREP,
    UKRAINIAN_COMMUNITY_GERMAN,
    PARENTS_GERMAN,
]
