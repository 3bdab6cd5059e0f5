"""Offer types: work and careers, recognition of qualifications, school and education."""

from .schema import Course, Hours, Monthly, OfferType, text, translation

JOBCENTER = OfferType(
    key="jobcenter",
    title="Jobcenter: Beratung und Arbeitsvermittlung für Geflüchtete {in_town}",
    summary=text("""Ansprechpartner für Bürgergeld, Sprachkurs, Arbeit und Ausbildung – mit
        Teams, die auf Geflüchtete und Neuzugewanderte spezialisiert sind."""),
    description=text("""<p>Das Jobcenter sichert Ihren Lebensunterhalt und unterstützt Sie auf
        dem Weg in Arbeit. Ihre Integrationsfachkraft plant mit Ihnen die nächsten Schritte:
        Sprachkurs, Anerkennung, Qualifizierung, Bewerbung.</p><ul><li>Leistungen nach dem
        SGB II (Bürgergeld)</li><li>Vermittlung in Sprachkurse und Arbeit</li><li>Übernahme
        von Kosten für Bewerbungen und Fahrten</li></ul>"""),
    eligibility=text("""Erwerbsfähige Menschen ab 15 Jahren mit Anspruch auf Bürgergeld und
        ihre Familien."""),
    application_process=text("""Termin über die Servicenummer oder online. Bringen Sie Ausweis,
        Aufenthaltstitel und vorhandene Bescheide mit."""),
    categories=("arbeit", "beratung"),
    target_groups=("gefluechtete", "arbeitsuchende", "ukraine"),
    languages=(("de", "en"),),
    min_age=15,
    registration_required=True,
    schedule=Hours(
        (
            (("MO,TU,TH,FR", "08:00", "12:00"), ("TH", "14:00", "17:30")),
            (("MO,TU,WE,FR", "08:00", "12:30"), ("TH", "13:30", "17:00")),
        ),
        note="Eingangszone; Beratungsgespräche mit Termin, bei Bedarf mit Dolmetschung",
    ),
    contact_role="Team Integration",
    translations={
        "en": translation(
            "Jobcenter: counselling and job placement for refugees {in_town}",
            """Your contact for Bürgergeld, language courses, work and training – with teams
            specialised in refugees and newcomers.""",
            """<p>The Jobcenter secures your living costs and supports you on your way into
            work. Your integration adviser plans the next steps with you: language course,
            recognition, qualification, applications.</p><ul><li>Benefits under SGB II
            (Bürgergeld)</li><li>Placement in language courses and jobs</li><li>Covering
            costs for applications and travel</li></ul>""",
        ),
        "ar": translation(
            "الجوب سنتر: استشارة وتوظيف للاجئين {in_town}",
            """جهة الاتصال بخصوص إعانة Bürgergeld ودورات اللغة والعمل والتدريب المهني – مع فرق
            متخصصة في اللاجئين والقادمين الجدد.""",
            """<p>يؤمّن الجوب سنتر تكاليف معيشتك ويدعمك في طريقك إلى العمل. يخطط معك مستشار
            الاندماج للخطوات التالية: دورة اللغة، والاعتراف بالشهادات، والتأهيل، وطلبات
            التوظيف.</p><ul><li>إعانات وفق الكتاب الثاني من القانون الاجتماعي
            (Bürgergeld)</li><li>التوجيه إلى دورات اللغة والعمل</li><li>تغطية تكاليف طلبات
            التوظيف والمواصلات</li></ul>""",
        ),
        "uk": translation(
            "Jobcenter: консультації та працевлаштування для біженців {in_town}",
            """Ваш контакт щодо Bürgergeld, мовних курсів, роботи та профнавчання – з
            командами, що спеціалізуються на біженцях і новоприбулих.""",
            """<p>Jobcenter забезпечує ваші витрати на життя та підтримує на шляху до роботи.
            Ваш консультант з інтеграції планує з вами наступні кроки: мовний курс, визнання,
            кваліфікацію, подання заявок.</p><ul><li>Виплати за SGB II
            (Bürgergeld)</li><li>Направлення на мовні курси та роботу</li><li>Оплата витрат на
            пошук роботи та проїзд</li></ul>""",
        ),
    },
)

JOB_CAFE = OfferType(
    key="jobcafe",
    title="Jobcafé für Geflüchtete {in_town}",
    summary=text("""Arbeitgeber aus der Region kennenlernen, Fragen stellen, Bewerbungsunterlagen
        prüfen lassen – einmal im Monat im Jobcenter."""),
    description=text("""<p>Im Jobcafé stellen sich Betriebe aus dem Märkischen Kreis vor. Sie
        können direkt ins Gespräch kommen und Ihren Lebenslauf mitbringen. Auch mit
        Deutschkenntnissen ab A2 lohnt sich der Besuch.</p>"""),
    eligibility="Geflüchtete und Neuzugewanderte, die Arbeit suchen.",
    application_process=text("""Ohne Anmeldung; Kundinnen und Kunden des Jobcenters erhalten
        eine Einladung."""),
    categories=("arbeit",),
    target_groups=("gefluechtete", "arbeitsuchende"),
    languages=(("de", "en"),),
    min_age=16,
    schedule=Monthly("1WE", "10:00", "12:30", count=6),
    contact_role="Arbeitgeberservice",
    translations={
        "en": translation(
            "Job café for refugees {in_town}",
            """Meet local employers, ask questions and have your application documents
            checked – once a month at the Jobcenter.""",
        ),
        "ar": translation(
            "مقهى الوظائف للاجئين {in_town}",
            """تعرّف على أصحاب العمل في المنطقة، واطرح أسئلتك، واطلب مراجعة ملف طلب التوظيف –
            مرة في الشهر في الجوب سنتر.""",
        ),
        "uk": translation(
            "Кафе вакансій для біженців {in_town}",
            """Знайомтеся з роботодавцями регіону, ставте запитання й отримайте перевірку
            документів для пошуку роботи – раз на місяць у Jobcenter.""",
        ),
    },
)

CAREER_GUIDANCE = OfferType(
    key="berufsberatung",
    title="Berufsberatung für junge Zugewanderte {in_town}",
    summary=text("""Welche Ausbildung passt zu mir? Die Berufsberatung der Agentur für Arbeit
        hilft bei Berufswahl, Ausbildungssuche und Förderung."""),
    description=text("""<p>Gemeinsam finden wir heraus, welche Berufe zu Ihren Interessen und
        Fähigkeiten passen, und suchen nach Ausbildungsplätzen in der Region. Wir informieren
        über Berufsausbildungsbeihilfe und Unterstützung während der Ausbildung.</p>"""),
    eligibility="Junge Menschen bis 25 Jahre, auch mit noch geringen Deutschkenntnissen.",
    application_process=text("""Termin über die kostenlose Servicenummer der Agentur für
        Arbeit oder online."""),
    categories=("arbeit", "bildung"),
    target_groups=("jugendliche", "neuzugewanderte"),
    languages=(("de", "en"),),
    min_age=14,
    max_age=25,
    registration_required=True,
    schedule=Hours(((("MO,TU,WE,TH,FR", "08:00", "12:30"), ("TH", "14:00", "18:00")),)),
    contact_role="Berufsberatung",
    translations={
        "en": translation(
            "Career guidance for young immigrants {in_town}",
            """Which apprenticeship suits me? The careers service of the employment agency
            helps with choosing a career, finding a training place and funding.""",
        ),
        "ar": translation(
            "التوجيه المهني للشباب المهاجرين {in_town}",
            """أي تدريب مهني يناسبني؟ يساعدك التوجيه المهني في وكالة العمل على اختيار المهنة
            والبحث عن مكان تدريب والحصول على الدعم.""",
        ),
        "uk": translation(
            "Профорієнтація для молодих мігрантів {in_town}",
            """Яке профнавчання мені підходить? Служба профорієнтації Агентства з питань праці
            допомагає обрати професію, знайти місце навчання та отримати підтримку.""",
        ),
    },
)

ADULT_CAREER_COUNSELLING = OfferType(
    key="berufsberatung_erwerbsleben",
    title="Berufsberatung im Erwerbsleben {in_town}",
    summary=text("""Beratung für Erwachsene, die sich beruflich neu orientieren, weiterbilden
        oder ihren ausländischen Abschluss nutzen möchten."""),
    description=text("""<p>Sie haben im Herkunftsland gearbeitet und möchten hier anknüpfen? Wir
        besprechen Weiterbildung, Umschulung und Anerkennung und zeigen Fördermöglichkeiten wie
        den Bildungsgutschein.</p>"""),
    eligibility="Erwachsene, auch Beschäftigte; eine Arbeitslosmeldung ist nicht nötig.",
    application_process="Termin telefonisch oder online, auch als Videoberatung.",
    categories=("arbeit", "anerkennung"),
    target_groups=("arbeitsuchende", "neuzugewanderte"),
    min_age=25,
    registration_required=True,
    mode="hybrid",
    schedule=Hours(((("TU,WE", "08:30", "15:00"),),), note="nur mit Termin"),
    contact_role="Berufsberatung im Erwerbsleben",
    translations={
        "en": translation(
            "Career counselling for adults {in_town}",
            """Advice for adults who want to change career, get further training or make use
            of their foreign qualification.""",
        ),
    },
)

APPLICATION_WORKSHOP = OfferType(
    key="bewerbungswerkstatt",
    title="Bewerbungswerkstatt {in_town}",
    summary=text("""Lebenslauf, Anschreiben, Online-Bewerbung: Wir erstellen mit Ihnen Ihre
        Bewerbungsunterlagen und üben Vorstellungsgespräche."""),
    description=text("""<p>Bringen Sie Zeugnisse und Ideen mit – wir helfen beim Formulieren,
        Übersetzen und Gestalten. Computer und Drucker sind vorhanden.</p><ul><li>Deutscher
        Lebenslauf mit Foto</li><li>Bewerbungsportale und E-Mail-Bewerbung</li><li>Training
        für Vorstellungsgespräche</li></ul>"""),
    eligibility="Arbeit- und Ausbildungsuchende; Deutschkenntnisse ab A2 sind hilfreich.",
    application_process="Offene Werkstatt; für Einzeltermine bitte anrufen.",
    categories=("arbeit",),
    target_groups=("arbeitsuchende", "jugendliche"),
    languages=(("de",), ("de", "en"), ("de", "ar")),
    min_age=16,
    schedule=Hours(((("TU", "13:00", "16:00"),), (("WE", "09:30", "12:30"),))),
    contact_role="Bewerbungswerkstatt",
    personal_contact=True,
    translations={
        "en": translation(
            "Job application workshop {in_town}",
            """CV, cover letter, online applications: we help you put together your
            application documents and practise job interviews.""",
        ),
        "ar": translation(
            "ورشة طلبات التوظيف {in_town}",
            """السيرة الذاتية وخطاب التقديم والتقديم عبر الإنترنت: نُعدّ معك ملف طلب التوظيف
            ونتدرّب على مقابلات العمل.""",
        ),
        "uk": translation(
            "Майстерня резюме {in_town}",
            """Резюме, супровідний лист, онлайн-заявки: разом підготуємо ваші документи для
            пошуку роботи та потренуємося до співбесід.""",
        ),
    },
)

SCHOOL_CERTIFICATE = OfferType(
    key="schulabschluss",
    title="Hauptschulabschluss nachholen {in_town}",
    summary=text("""Abendkurs zum Ersten Schulabschluss (Hauptschulabschluss) mit Deutsch,
        Mathematik und Englisch – für Jugendliche und Erwachsene ab 16."""),
    description=text("""<p>In einem Schuljahr bereiten wir Sie auf die Prüfung zum Ersten
        Schulabschluss vor. Der Abschluss öffnet den Weg in Ausbildung und weitere
        Schulen.</p><ul><li>Sprachförderung Deutsch im Kurs</li><li>Lernbegleitung und
        Bewerbungstraining</li></ul>"""),
    eligibility=text("""Ab 16 Jahren, nicht mehr schulpflichtig; Deutschkenntnisse auf
        B1-Niveau."""),
    application_process="Beratungsgespräch und Einstufungstest in der VHS.",
    cost_text="Kurs kostenlos (Landesförderung), Lernmaterial ca. 30 €",
    categories=("bildung",),
    target_groups=("jugendliche", "neuzugewanderte"),
    min_age=16,
    registration_required=True,
    schedule=Course("MO,TU,WE,TH", "17:30", "21:00", weeks=40, starts_in_days=(30, 150)),
    contact_role="Fachbereich Schulabschlüsse",
    translations={
        "en": translation(
            "Catch up on your school-leaving certificate {in_town}",
            """Evening course for the first school-leaving certificate (Hauptschulabschluss)
            in German, maths and English – for young people and adults aged 16 and over.""",
        ),
        "ar": translation(
            "الحصول على الشهادة المدرسية الأولى {in_town}",
            """دورة مسائية للحصول على الشهادة المدرسية الأولى (Hauptschulabschluss) في الألمانية
            والرياضيات والإنجليزية – للشباب والبالغين من عمر 16 عامًا.""",
        ),
        "uk": translation(
            "Здобути атестат основної школи {in_town}",
            """Вечірній курс для отримання першого шкільного атестата (Hauptschulabschluss):
            німецька, математика, англійська – для молоді та дорослих від 16 років.""",
        ),
    },
)

RECOGNITION = OfferType(
    key="anerkennungsberatung",
    title="Anerkennungsberatung {in_town}",
    summary=text("""Kostenlose Beratung zur Anerkennung ausländischer Berufs- und
        Studienabschlüsse: Welche Stelle ist zuständig, welche Unterlagen brauche ich, wer
        übernimmt die Kosten?"""),
    description=text("""<p>Wir prüfen mit Ihnen, ob Ihr Beruf in Deutschland reglementiert ist,
        und begleiten Sie durch das Anerkennungsverfahren. Bei einer Teilanerkennung zeigen
        wir Wege zur Anpassungsqualifizierung.</p><ul><li>Zuständige Stelle finden</li>
        <li>Übersetzungen und Beglaubigungen</li><li>Finanzierung, z. B. über den
        Anerkennungszuschuss</li></ul>"""),
    eligibility=text("""Menschen mit einem im Ausland erworbenen Berufs- oder
        Hochschulabschluss, unabhängig vom Aufenthaltsstatus."""),
    application_process=text("""Termin per E-Mail oder Telefon; Beratung vor Ort, telefonisch
        oder per Video. Bitte Zeugnisse (auch Kopien) mitbringen."""),
    categories=("anerkennung", "arbeit", "beratung"),
    target_groups=("neuzugewanderte", "arbeitsuchende", "ukraine"),
    languages=(("de", "en", "ar"), ("de", "en", "uk", "ru"), ("de", "en", "fa", "tr")),
    min_age=18,
    registration_required=True,
    mode="hybrid",
    schedule=Hours(
        ((("TU,TH", "09:00", "15:00"),), (("MO,WE", "09:00", "16:00"),)),
        note="Beratung nach Terminvereinbarung",
    ),
    contact_role="Anerkennungsberatung",
    personal_contact=True,
    translations={
        "en": translation(
            "Advice on recognition of qualifications {in_town}",
            """Free advice on recognition of foreign vocational and university
            qualifications: which office is responsible, which documents do I need, who pays
            the costs?""",
            """<p>We check with you whether your profession is regulated in Germany and guide
            you through the recognition procedure. If you receive partial recognition, we
            show you routes to adaptation training.</p><ul><li>Finding the responsible
            office</li><li>Translations and certified copies</li><li>Funding, e.g. the
            recognition grant</li></ul>""",
        ),
        "ar": translation(
            "استشارة الاعتراف بالشهادات {in_town}",
            """استشارة مجانية حول الاعتراف بالشهادات المهنية والجامعية الأجنبية: ما الجهة
            المختصة، وما الوثائق المطلوبة، ومن يتحمل التكاليف؟""",
            """<p>نتحقق معك مما إذا كانت مهنتك منظَّمة في ألمانيا، ونرافقك خلال إجراءات
            الاعتراف. وفي حال الاعتراف الجزئي نوضح لك طرق التأهيل التكميلي.</p><ul><li>إيجاد
            الجهة المختصة</li><li>الترجمات والنسخ المصدّقة</li><li>التمويل، مثل منحة
            الاعتراف</li></ul>""",
        ),
        "uk": translation(
            "Консультація з визнання кваліфікацій {in_town}",
            """Безкоштовна консультація щодо визнання іноземних професійних кваліфікацій і
            дипломів про вищу освіту: яка установа відповідальна, які документи потрібні, хто
            оплачує витрати?""",
            """<p>Ми перевіряємо разом із вами, чи є ваша професія регульованою в Німеччині, і
            супроводжуємо вас у процедурі визнання. У разі часткового визнання покажемо шляхи
            адаптаційного навчання.</p><ul><li>Пошук відповідальної установи</li><li>Переклади
            та засвідчені копії</li><li>Фінансування, наприклад грант на визнання</li></ul>""",
        ),
        "ru": translation(
            "Консультация по признанию квалификаций {in_town}",
            """Бесплатная консультация по признанию иностранных профессиональных и вузовских
            дипломов: какое ведомство отвечает, какие документы нужны, кто оплачивает
            расходы?""",
        ),
        "fa": translation(
            "مشاوره به رسمیت شناختن مدارک {in_town}",
            """مشاوره رایگان درباره به رسمیت شناختن مدارک حرفه‌ای و دانشگاهی خارجی: کدام اداره
            مسئول است، چه مدارکی لازم است، هزینه‌ها را چه کسی می‌پردازد؟""",
        ),
    },
)

NURSING_KNOWLEDGE_EXAM = OfferType(
    key="kenntnispruefung_pflege",
    title="Vorbereitung auf die Kenntnisprüfung Pflege {in_town}",
    summary=text("""Anpassungsqualifizierung für Pflegefachkräfte mit ausländischem Abschluss:
        Theorie, Praxiseinsätze und Prüfungsvorbereitung bis zur vollen Anerkennung."""),
    description=text("""<p>Der Lehrgang richtet sich an Pflegefachkräfte, deren Abschluss nur
        teilweise anerkannt wurde. Nach bestandener Kenntnisprüfung dürfen Sie als
        Pflegefachfrau oder Pflegefachmann arbeiten.</p>"""),
    eligibility=text("""Bescheid der Anerkennungsstelle mit festgestellten wesentlichen
        Unterschieden; Deutschkenntnisse auf B2-Niveau."""),
    application_process=text("""Bewerbung mit Bescheid und Lebenslauf; Förderung über
        Bildungsgutschein oder Arbeitgeber möglich."""),
    cost_text=text("""Lehrgangsgebühr; in der Regel vollständig über Bildungsgutschein oder
        Arbeitgeber gefördert"""),
    categories=("anerkennung", "arbeit", "gesundheit"),
    target_groups=("arbeitsuchende", "neuzugewanderte"),
    min_age=18,
    is_free=False,
    registration_required=True,
    schedule=Course("MO,TU,WE,TH,FR", "08:00", "15:00", weeks=26, starts_in_days=(40, 150)),
    contact_role="Lehrgangsleitung Pflege",
    translations={
        "en": translation(
            "Preparation for the nursing knowledge exam {in_town}",
            """Adaptation training for nurses with a foreign qualification: theory, work
            placements and exam preparation through to full recognition.""",
        ),
        "ar": translation(
            "التحضير لامتحان المعرفة في التمريض {in_town}",
            """تأهيل تكميلي للممرضين الحاصلين على شهادات أجنبية: دروس نظرية وتدريب عملي وتحضير
            للامتحان حتى الاعتراف الكامل.""",
        ),
        "uk": translation(
            "Підготовка до іспиту знань для медсестер {in_town}",
            """Адаптаційне навчання для медсестер і медбратів з іноземним дипломом: теорія,
            практика та підготовка до іспиту – аж до повного визнання.""",
        ),
    },
)

SCHOOL_ADVICE = OfferType(
    key="schulberatung",
    title="Schulberatung für neu zugewanderte Kinder und Jugendliche {in_town}",
    summary=text("""Das Kommunale Integrationszentrum berät Familien zur Schulanmeldung,
        ermittelt die passende Schulform und vermittelt einen Schulplatz."""),
    description=text("""<p>Kinder und Jugendliche sind in Nordrhein-Westfalen schulpflichtig.
        Wir führen ein Erstgespräch mit Ihnen und Ihrem Kind, schauen auf bisherige
        Schulerfahrungen und Sprachkenntnisse und vermitteln dann an eine passende
        Schule.</p><ul><li>Gespräch mit Dolmetscherin oder Dolmetscher möglich</li>
        <li>Informationen zu Seiteneinstieg und Sprachförderung</li><li>Beratung zu Zeugnissen
        aus dem Herkunftsland</li></ul>"""),
    eligibility=text("""Familien mit schulpflichtigen Kindern (6 bis 18 Jahre), die neu im
        Märkischen Kreis wohnen."""),
    application_process=text("""Termin telefonisch oder per E-Mail; bitte Meldebescheinigung
        und, wenn vorhanden, Zeugnisse mitbringen."""),
    categories=("bildung", "familie"),
    target_groups=("kinder", "jugendliche", "familien", "neuzugewanderte"),
    languages=(("de", "en", "ar", "uk", "fa"),),
    min_age=6,
    max_age=18,
    registration_required=True,
    schedule=Hours(((("MO,TU,TH", "08:30", "12:30"),),), note="Erstgespräche nach Termin"),
    contact_role="Schulberatung Seiteneinstieg",
    translations={
        "en": translation(
            "School advice for newly arrived children and young people {in_town}",
            """The Municipal Integration Centre advises families on school enrolment,
            identifies the right type of school and arranges a school place.""",
            """<p>School attendance is compulsory in North Rhine-Westphalia. We hold a first
            meeting with you and your child, look at previous schooling and language skills,
            and then arrange a suitable school.</p><ul><li>Interpreter available on
            request</li><li>Information on lateral entry and language support</li><li>Advice
            on school reports from your home country</li></ul>""",
        ),
        "ar": translation(
            "الاستشارة المدرسية للأطفال والشباب القادمين حديثًا {in_town}",
            """يقدّم المركز البلدي للاندماج الاستشارة للعائلات حول تسجيل الأطفال في المدرسة،
            ويحدد نوع المدرسة المناسب، ويؤمّن مقعدًا دراسيًا.""",
            """<p>التعليم إلزامي في ولاية شمال الراين-وستفاليا. نجري معك ومع طفلك لقاءً أوليًا،
            ونطّلع على تجربته المدرسية السابقة ومعرفته باللغة، ثم نوجّهه إلى مدرسة
            مناسبة.</p><ul><li>إمكانية حضور مترجم أو مترجمة</li><li>معلومات عن الالتحاق المتأخر
            بالمدرسة ودعم اللغة</li><li>استشارة حول الشهادات المدرسية من بلدك الأصلي</li></ul>""",
        ),
        "uk": translation(
            "Шкільна консультація для новоприбулих дітей і підлітків {in_town}",
            """Комунальний інтеграційний центр консультує сім’ї щодо запису до школи, визначає
            відповідний тип школи та допомагає отримати місце.""",
            """<p>У Північному Рейні-Вестфалії навчання в школі є обов’язковим. Ми проводимо
            першу розмову з вами та вашою дитиною, з’ясовуємо попередній шкільний досвід і
            знання мов, а потім направляємо до відповідної школи.</p><ul><li>Можлива участь
            перекладача</li><li>Інформація про вступ до школи під час навчального року та
            мовну підтримку</li><li>Консультація щодо шкільних документів з вашої
            країни</li></ul>""",
        ),
        "fa": translation(
            "مشاوره مدرسه برای کودکان و نوجوانان تازه‌وارد {in_town}",
            """مرکز ادغام شهری به خانواده‌ها درباره ثبت‌نام در مدرسه مشاوره می‌دهد، نوع مدرسه
            مناسب را مشخص می‌کند و برای کودک جای تحصیل پیدا می‌کند.""",
        ),
    },
)

HOMEWORK_HELP = OfferType(
    key="hausaufgabenhilfe",
    title="Hausaufgabenhilfe und Lernförderung {in_town}",
    summary=text("""Ehrenamtliche helfen Schulkindern bei Hausaufgaben, Lesen und Deutsch –
        kostenlos, zweimal pro Woche nach der Schule."""),
    description=text("""<p>In kleinen Gruppen unterstützen Ehrenamtliche Kinder der Klassen 1
        bis 10 beim Lernen. Eltern sind willkommen und können Fragen zur Schule
        stellen.</p>"""),
    eligibility="Schulkinder der Klassen 1 bis 10.",
    application_process=text("""Anmeldung durch die Eltern beim ersten Besuch; ein Einstieg ist
        jederzeit möglich."""),
    categories=("bildung", "familie"),
    target_groups=("kinder", "jugendliche"),
    languages=(("de",), ("de", "ar"), ("de", "tr"), ("de", "uk")),
    min_age=6,
    max_age=16,
    schedule=Hours(
        ((("MO,WE", "14:30", "16:30"),), (("TU,TH", "15:00", "17:00"),)),
        note="nicht in den Schulferien",
    ),
    contact_role="Hausaufgabenhilfe",
    personal_contact=True,
    translations={
        "en": translation(
            "Homework help and learning support {in_town}",
            """Volunteers help schoolchildren with homework, reading and German – free of
            charge, twice a week after school.""",
        ),
        "ar": translation(
            "المساعدة في الواجبات المدرسية ودعم التعلّم {in_town}",
            """يساعد متطوعون تلاميذ المدارس في الواجبات والقراءة واللغة الألمانية – مجانًا،
            مرتين في الأسبوع بعد المدرسة.""",
        ),
        "uk": translation(
            "Допомога з домашніми завданнями та навчанням {in_town}",
            """Волонтери допомагають школярам із домашніми завданнями, читанням і німецькою –
            безкоштовно, двічі на тиждень після уроків.""",
        ),
    },
)

PARENTS_SCHOOL_INFO = OfferType(
    key="elterninfo_schule",
    title="Elterninfo online: Das Schulsystem in NRW",
    summary=text("""Videoveranstaltung für Eltern: Grundschule, weiterführende Schulen,
        Ausbildung und Studium – mit Dolmetschung in mehrere Sprachen."""),
    description=text("""<p>Wie funktioniert Schule in Nordrhein-Westfalen? Wir erklären
        Schulformen, Zeugnisse und Übergänge und beantworten Ihre Fragen. Die Veranstaltung
        wird ins Arabische, Ukrainische und Farsi gedolmetscht.</p>"""),
    eligibility="Eltern und Angehörige von Schulkindern.",
    application_process="Anmeldung per E-Mail; den Zugangslink erhalten Sie am Vortag.",
    categories=("bildung", "familie"),
    target_groups=("familien", "neuzugewanderte"),
    languages=(("de", "ar", "uk", "fa"),),
    registration_required=True,
    mode="online",
    schedule=Monthly("2TU", "18:00", "19:30", count=4),
    contact_role="Bildungsberatung",
    translations={
        "en": translation(
            "Online parents’ information: the school system in NRW",
            """Video event for parents: primary school, secondary schools, vocational
            training and university – interpreted into several languages.""",
        ),
        "ar": translation(
            "معلومات للوالدين عبر الإنترنت: النظام المدرسي في شمال الراين-وستفاليا",
            """لقاء عبر الفيديو للآباء والأمهات: المدرسة الابتدائية والمدارس الثانوية والتدريب
            المهني والجامعة – مع ترجمة فورية إلى عدة لغات.""",
        ),
        "uk": translation(
            "Онлайн-інформація для батьків: шкільна система в NRW",
            """Відеозустріч для батьків: початкова школа, середні школи, профнавчання та
            університет – з перекладом кількома мовами.""",
        ),
        "fa": translation(
            "اطلاعات آنلاین برای والدین: نظام مدرسه در NRW",
            """جلسه ویدیویی برای والدین: دبستان، مدارس متوسطه، آموزش حرفه‌ای و دانشگاه – با
            ترجمه همزمان به چند زبان.""",
        ),
    },
)

WORK_SCHOOL_TYPES = [
    JOBCENTER,
    JOB_CAFE,
    CAREER_GUIDANCE,
    ADULT_CAREER_COUNSELLING,
    APPLICATION_WORKSHOP,
    SCHOOL_CERTIFICATE,
    RECOGNITION,
    NURSING_KNOWLEDGE_EXAM,
    SCHOOL_ADVICE,
    HOMEWORK_HELP,
    PARENTS_SCHOOL_INFO,
]
