"""Offer types: counselling – migration, youth, asylum and residence, health, housing,
debts."""

from .schema import Hours, Monthly, OfferType, text, translation

# Typical walk-in hours of counselling services; one set is chosen per offer.
CONSULTATION_HOURS = Hours(
    (
        (("TU,TH", "09:00", "12:00"),),
        (("MO", "13:30", "16:00"), ("WE", "09:00", "12:00")),
        (("TU", "14:00", "17:00"), ("FR", "09:00", "11:30")),
        (("WE", "09:00", "12:30"), ("TH", "14:00", "16:30")),
        (("MO,TH", "09:00", "12:00"),),
    ),
    note="Offene Sprechstunde; Termine auch außerhalb der Sprechzeiten nach Vereinbarung",
)

MBE = OfferType(
    key="mbe",
    title="Migrationsberatung für Erwachsene (MBE) {in_town}",
    summary=text("""Kostenlose, vertrauliche Beratung für Zugewanderte ab 27 Jahren:
        Aufenthalt, Sprachkurs, Arbeit, Wohnen, Anträge und Briefe von Behörden."""),
    description=text("""<p>Die Migrationsberatung für Erwachsene begleitet Sie in den ersten
        Jahren in Deutschland. Gemeinsam klären wir, was Sie brauchen, und vermitteln Sie an
        passende Stellen weiter.</p><ul><li>Hilfe bei Anträgen und Behördenbriefen</li>
        <li>Integrationskurs finden und beantragen</li><li>Fragen zu Arbeit, Wohnen,
        Gesundheit und Familie</li></ul><p>Die Beratung ist kostenlos und vertraulich.</p>"""),
    eligibility=text("""Zugewanderte ab 27 Jahren, vor allem in den ersten drei Jahren nach
        der Ankunft."""),
    application_process=text("""Offene Sprechstunde ohne Termin oder Termin nach telefonischer
        Vereinbarung. Bringen Sie, wenn vorhanden, Ihre Unterlagen mit."""),
    categories=("beratung", "aufenthalt"),
    target_groups=("neuzugewanderte", "gefluechtete", "ukraine"),
    languages=(
        ("de", "en", "ar"),
        ("de", "ru", "uk"),
        ("de", "tr", "ku"),
        ("de", "fa", "prs"),
        ("de", "en", "fr", "ar"),
    ),
    min_age=27,
    schedule=CONSULTATION_HOURS,
    contact_role="Migrationsberatung",
    personal_contact=True,
    translations={
        "en": translation(
            "Migration counselling for adults (MBE) {in_town}",
            """Free, confidential counselling for immigrants aged 27 and over: residence,
            language course, work, housing, applications and letters from authorities.""",
            """<p>Migration counselling for adults supports you during your first years in
            Germany. Together we work out what you need and refer you to the right
            services.</p><ul><li>Help with applications and letters from
            authorities</li><li>Finding and applying for an integration course</li>
            <li>Questions about work, housing, health and family</li></ul><p>Counselling is
            free and confidential.</p>""",
            eligibility="""Immigrants aged 27 and over, especially in their first three years
            after arrival.""",
        ),
        "ar": translation(
            "استشارات الهجرة للبالغين (MBE) {in_town}",
            """استشارة مجانية وسرية للمهاجرين من عمر 27 عامًا فأكثر: الإقامة ودورة اللغة والعمل
            والسكن والطلبات ورسائل الدوائر الرسمية.""",
            """<p>ترافقك استشارات الهجرة للبالغين في سنواتك الأولى في ألمانيا. نوضح معًا ما
            تحتاجه ونحيلك إلى الجهات المناسبة.</p><ul><li>المساعدة في الطلبات ورسائل الدوائر
            الرسمية</li><li>إيجاد دورة الاندماج وتقديم طلبها</li><li>أسئلة حول العمل والسكن
            والصحة والأسرة</li></ul><p>الاستشارة مجانية وسرية.</p>""",
            eligibility="""المهاجرون من عمر 27 عامًا فأكثر، وخاصة في السنوات الثلاث الأولى بعد
            الوصول.""",
        ),
        "uk": translation(
            "Міграційна консультація для дорослих (MBE) {in_town}",
            """Безкоштовна конфіденційна консультація для мігрантів віком від 27 років:
            перебування, мовний курс, робота, житло, заяви та листи від установ.""",
            """<p>Міграційна консультація для дорослих супроводжує вас у перші роки в
            Німеччині. Разом ми з’ясовуємо, що вам потрібно, і скеровуємо до відповідних
            служб.</p><ul><li>Допомога із заявами та листами від установ</li><li>Пошук
            інтеграційного курсу та подання заяви</li><li>Питання щодо роботи, житла, здоров’я
            та сім’ї</li></ul><p>Консультація безкоштовна та конфіденційна.</p>""",
            eligibility="""Мігранти віком від 27 років, особливо в перші три роки після
            приїзду.""",
        ),
        "tr": translation(
            "{in_town} Yetişkinler için Göç Danışmanlığı (MBE)",
            """27 yaş ve üzeri göçmenler için ücretsiz ve gizli danışmanlık: oturum, dil kursu,
            iş, konut, başvurular ve resmi kurumlardan gelen mektuplar.""",
        ),
        "ru": translation(
            "Миграционная консультация для взрослых (MBE) {in_town}",
            """Бесплатная конфиденциальная консультация для мигрантов от 27 лет: пребывание,
            языковой курс, работа, жильё, заявления и письма от ведомств.""",
        ),
        "fa": translation(
            "مشاوره مهاجرت برای بزرگسالان (MBE) {in_town}",
            """مشاوره رایگان و محرمانه برای مهاجران ۲۷ سال به بالا: اقامت، دوره زبان، کار،
            مسکن، درخواست‌ها و نامه‌های ادارات.""",
        ),
    },
)

JMD = OfferType(
    key="jmd",
    title="Jugendmigrationsdienst (JMD) {in_town}",
    summary=text("""Beratung und Begleitung für junge Zugewanderte von 12 bis 27 Jahren:
        Schule, Ausbildung, Sprache, Freizeit und persönliche Fragen."""),
    description=text("""<p>Der Jugendmigrationsdienst unterstützt junge Menschen dabei, in
        Deutschland anzukommen und ihren Weg in Schule, Ausbildung oder Beruf zu finden. Wir
        arbeiten eng mit Schulen, Jugendhilfe und Jobcenter zusammen.</p><ul><li>Individuelle
        Beratung, auch gemeinsam mit den Eltern</li><li>Gruppenangebote und
        Bewerbungstraining</li><li>Hilfe bei der Suche nach Sprachkurs und
        Ausbildungsplatz</li></ul>"""),
    eligibility="Junge Menschen mit Migrationsgeschichte von 12 bis 27 Jahren.",
    application_process=text("""Termin per Telefon, E-Mail oder Messenger; offene Sprechstunde
        ohne Anmeldung."""),
    categories=("beratung", "bildung", "arbeit"),
    target_groups=("jugendliche", "neuzugewanderte", "gefluechtete"),
    languages=(("de", "en", "ar"), ("de", "en", "uk"), ("de", "fa", "en")),
    min_age=12,
    max_age=27,
    schedule=Hours(
        (
            (("MO,WE", "13:00", "17:00"),),
            (("TU", "14:00", "18:00"), ("TH", "10:00", "13:00")),
        ),
        note="Offene Sprechstunde für Jugendliche",
    ),
    contact_role="Jugendmigrationsdienst",
    personal_contact=True,
    translations={
        "en": translation(
            "Youth Migration Service (JMD) {in_town}",
            """Counselling and support for young immigrants aged 12 to 27: school, vocational
            training, language, leisure and personal questions.""",
            """<p>The Youth Migration Service helps young people settle in Germany and find
            their way into school, vocational training or work. We work closely with schools,
            youth services and the Jobcenter.</p><ul><li>One-to-one counselling, also
            together with parents</li><li>Group activities and application
            training</li><li>Help finding a language course and a training place</li></ul>""",
        ),
        "ar": translation(
            "خدمة هجرة الشباب (JMD) {in_town}",
            """استشارة ومرافقة للشباب المهاجرين من 12 إلى 27 عامًا: المدرسة والتدريب المهني
            واللغة وأوقات الفراغ والمسائل الشخصية.""",
            """<p>تساعد خدمة هجرة الشباب الشباب على الاستقرار في ألمانيا وإيجاد طريقهم إلى
            المدرسة أو التدريب المهني أو العمل. نعمل بشكل وثيق مع المدارس وخدمات الشباب
            والجوب سنتر.</p><ul><li>استشارة فردية، ويمكن أيضًا بحضور الوالدين</li><li>أنشطة
            جماعية وتدريب على طلبات التوظيف</li><li>المساعدة في إيجاد دورة لغة ومكان تدريب
            مهني</li></ul>""",
        ),
        "uk": translation(
            "Молодіжна міграційна служба (JMD) {in_town}",
            """Консультації та супровід для молодих мігрантів від 12 до 27 років: школа,
            профнавчання, мова, дозвілля та особисті питання.""",
            """<p>Молодіжна міграційна служба допомагає молодим людям облаштуватися в
            Німеччині та знайти свій шлях до школи, профнавчання чи роботи. Ми тісно
            співпрацюємо зі школами, службами у справах молоді та Jobcenter.</p><ul>
            <li>Індивідуальні консультації, також разом із батьками</li><li>Групові заняття та
            тренінги з пошуку роботи</li><li>Допомога в пошуку мовного курсу та місця для
            профнавчання</li></ul>""",
        ),
    },
)

UKRAINE_COUNSELLING = OfferType(
    key="beratung_ukraine",
    title="Beratung für Geflüchtete aus der Ukraine {in_town}",
    summary=text("""Sprechstunde auf Ukrainisch und Russisch: Aufenthaltserlaubnis nach § 24,
        Bürgergeld, Kita und Schule, Anerkennung, Wohnungssuche."""),
    description=text("""<p>Wir beantworten Fragen rund um den vorübergehenden Schutz und das
        Leben in Deutschland und begleiten, wenn nötig, zu Ämtern.</p><ul><li>Verlängerung
        der Aufenthaltserlaubnis</li><li>Anträge beim Jobcenter</li><li>Kita- und
        Schulplätze</li></ul>"""),
    eligibility=text("""Menschen aus der Ukraine mit Aufenthaltserlaubnis nach § 24 AufenthG
        oder Fiktionsbescheinigung."""),
    application_process=text("""Offene Sprechstunde; für längere Gespräche bitte einen Termin
        vereinbaren."""),
    categories=("beratung", "aufenthalt"),
    target_groups=("ukraine",),
    languages=(("de", "uk", "ru"),),
    schedule=Hours(((("MO,WE", "09:00", "12:00"),), (("TU", "13:00", "17:00"),))),
    contact_role="Beratung Ukraine",
    personal_contact=True,
    translations={
        "uk": translation(
            "Консультації для біженців з України {in_town}",
            """Консультації українською та російською: дозвіл на проживання за § 24,
            Bürgergeld, садочок і школа, визнання кваліфікацій, пошук житла.""",
            """<p>Відповідаємо на запитання щодо тимчасового захисту та життя в Німеччині, за
            потреби супроводжуємо до установ.</p><ul><li>Продовження дозволу на
            проживання</li><li>Заяви до Jobcenter</li><li>Місця в садочку та школі</li></ul>""",
        ),
        "en": translation(
            "Counselling for refugees from Ukraine {in_town}",
            """Advice in Ukrainian and Russian: residence permit under Section 24, Bürgergeld,
            nursery and school, recognition of qualifications, finding a flat.""",
        ),
        "ru": translation(
            "Консультации для беженцев из Украины {in_town}",
            """Консультации на украинском и русском: вид на жительство по § 24, Bürgergeld,
            детский сад и школа, признание квалификаций, поиск жилья.""",
        ),
    },
)

DEBT_COUNSELLING = OfferType(
    key="schuldnerberatung",
    title="Schuldner- und Insolvenzberatung {in_town}",
    summary=text("""Hilfe bei Schulden, Mahnungen und Verträgen – wir verschaffen Überblick,
        verhandeln mit Gläubigern und begleiten bei der Privatinsolvenz."""),
    description=text("""<p>Schulden entstehen schnell, zum Beispiel durch Handyverträge,
        Nachzahlungen oder Rückforderungen. Wir prüfen Ihre Unterlagen und suchen mit Ihnen
        einen Weg.</p><ul><li>Haushaltsplan und Existenzsicherung</li>
        <li>Pfändungsschutzkonto (P-Konto)</li><li>Verbraucherinsolvenz</li></ul>"""),
    eligibility="Menschen mit Wohnsitz im Märkischen Kreis.",
    application_process=text("""Terminvergabe telefonisch; in akuten Fällen (Kontopfändung,
        Stromsperre) auch kurzfristig."""),
    categories=("beratung",),
    target_groups=("familien", "neuzugewanderte"),
    languages=(("de",), ("de", "en"), ("de", "tr")),
    min_age=18,
    registration_required=True,
    schedule=Hours(((("TU", "14:00", "16:00"),), (("TH", "09:00", "11:00"),))),
    contact_role="Schuldnerberatung",
    translations={
        "en": translation(
            "Debt counselling {in_town}",
            """Help with debts, payment reminders and contracts – we give you an overview,
            negotiate with creditors and support you through personal insolvency.""",
        ),
        "ar": translation(
            "استشارات الديون والإعسار {in_town}",
            """مساعدة في الديون والإنذارات والعقود – نساعدك على فهم وضعك ونتفاوض مع الدائنين
            ونرافقك في إجراءات الإفلاس الشخصي.""",
        ),
        "uk": translation(
            "Консультації щодо боргів і банкрутства {in_town}",
            """Допомога з боргами, нагадуваннями про оплату та договорами – допоможемо
            розібратися, домовимося з кредиторами та супроводимо процедуру особистого
            банкрутства.""",
        ),
    },
)

EU_COUNSELLING = OfferType(
    key="beratung_eu",
    title="Beratung für Zugewanderte aus EU-Staaten {in_town}",
    summary=text("""Beratung für Menschen aus Rumänien, Bulgarien, Polen und anderen
        EU-Staaten: Arbeitsrecht, Krankenversicherung, Kindergeld, Anmeldung."""),
    description=text("""<p>Wir informieren über Ihre Rechte als EU-Bürgerin oder EU-Bürger,
        helfen bei Problemen mit Arbeitgebern und Vermietern und unterstützen bei
        Anträgen.</p>"""),
    eligibility="Zugewanderte aus EU-Staaten und ihre Familien.",
    application_process=text("""Offene Sprechstunde; Beratung auf Rumänisch und Bulgarisch nach
        Vereinbarung."""),
    categories=("beratung", "arbeit"),
    target_groups=("neuzugewanderte", "arbeitsuchende", "familien"),
    languages=(("de", "ro", "bg", "pl"),),
    schedule=CONSULTATION_HOURS,
    contact_role="Beratung EU-Zuwanderung",
    personal_contact=True,
    translations={
        "en": translation(
            "Counselling for immigrants from EU countries {in_town}",
            """Advice for people from Romania, Bulgaria, Poland and other EU countries:
            employment rights, health insurance, child benefit, registration.""",
        ),
    },
)

PSYCHOSOCIAL = OfferType(
    key="psychosozial",
    title="Psychosoziale Beratung für Geflüchtete {in_town}",
    summary=text("""Unterstützung bei seelischen Belastungen, Schlafproblemen und Erlebnissen
        von Flucht und Gewalt – mit Dolmetscherinnen und Dolmetschern, kostenlos und
        vertraulich."""),
    description=text("""<p>Viele Menschen erleben nach der Flucht Angst, Trauer oder
        Erschöpfung. In Gesprächen klären wir, was Ihnen hilft, und vermitteln bei Bedarf in
        eine Therapie.</p><ul><li>Einzelgespräche und Stabilisierungsgruppen</li>
        <li>Beratung für Eltern belasteter Kinder</li><li>Sprachmittlung in vielen
        Sprachen</li></ul>"""),
    eligibility="Geflüchtete jeden Alters und Aufenthaltsstatus, auch Kinder mit ihren Eltern.",
    application_process=text("""Kontakt telefonisch oder über eine Beratungsstelle; auch eine
        Überweisung durch das Case Management oder die Hausarztpraxis ist möglich. Das
        Erstgespräch findet in der Regel innerhalb von zwei Wochen statt."""),
    categories=("gesundheit", "beratung"),
    target_groups=("gefluechtete", "ukraine", "kinder", "familien"),
    languages=(("de", "en", "ar", "fa", "uk", "ti"),),
    registration_required=True,
    mode="hybrid",
    schedule=Hours(
        ((("MO,TU,TH", "09:00", "16:00"),), (("MO,WE,FR", "09:00", "15:00"),)),
        note="Gespräche nach Terminvereinbarung, auch per Video",
    ),
    contact_role="Terminvergabe",
    translations={
        "en": translation(
            "Psychosocial counselling for refugees {in_town}",
            """Support for emotional distress, sleep problems and experiences of flight and
            violence – with interpreters, free and confidential.""",
            """<p>Many people feel fear, grief or exhaustion after fleeing. In conversations
            we find out what helps you and, if needed, refer you to therapy.</p><ul>
            <li>One-to-one sessions and stabilisation groups</li><li>Advice for parents of
            distressed children</li><li>Interpreting in many languages</li></ul>""",
        ),
        "ar": translation(
            "الاستشارة النفسية والاجتماعية للاجئين {in_town}",
            """دعم في حالات الضغط النفسي ومشكلات النوم وتجارب اللجوء والعنف – بمساعدة مترجمين،
            مجانًا وبسرية تامة.""",
            """<p>يشعر كثير من الناس بعد اللجوء بالخوف أو الحزن أو الإرهاق. نتحدث معك لنعرف ما
            يساعدك، ونحيلك إلى العلاج عند الحاجة.</p><ul><li>جلسات فردية ومجموعات لتحقيق
            الاستقرار</li><li>استشارة لآباء الأطفال المتأثرين نفسيًا</li><li>ترجمة بعدة
            لغات</li></ul>""",
        ),
        "uk": translation(
            "Психосоціальна підтримка для біженців {in_town}",
            """Підтримка при емоційному навантаженні, проблемах зі сном і пережитому досвіді
            втечі та насильства – з перекладачами, безкоштовно та конфіденційно.""",
            """<p>Багато людей після втечі відчувають страх, горе чи виснаження. У розмовах ми
            з’ясовуємо, що вам допоможе, і за потреби скеровуємо на терапію.</p><ul>
            <li>Індивідуальні розмови та групи стабілізації</li><li>Консультації для батьків
            дітей, що пережили травму</li><li>Переклад багатьма мовами</li></ul>""",
        ),
        "fa": translation(
            "مشاوره روانی-اجتماعی برای پناهندگان {in_town}",
            """حمایت در برابر فشارهای روحی، مشکلات خواب و تجربه‌های فرار و خشونت – با مترجم،
            رایگان و محرمانه.""",
        ),
        "tr": translation(
            "{in_town} Mülteciler için Psikososyal Danışmanlık",
            """Ruhsal sıkıntılar, uyku sorunları, kaçış ve şiddet deneyimleri için destek –
            tercüman eşliğinde, ücretsiz ve gizli.""",
        ),
        "ru": translation(
            "Психосоциальная консультация для беженцев {in_town}",
            """Поддержка при эмоциональных нагрузках, проблемах со сном и пережитом опыте
            бегства и насилия – с переводчиками, бесплатно и конфиденциально.""",
        ),
    },
)

HEALTH_GUIDES = OfferType(
    key="gesundheitslotsen",
    title="Gesundheit in Deutschland – Infoveranstaltungen in Muttersprache {in_town}",
    summary=text("""Geschulte Gesundheitslotsinnen und -lotsen erklären in Ihrer Sprache, wie
        Arztbesuche, Krankenversicherung, Vorsorge und Impfungen funktionieren."""),
    description=text("""<p>Die Veranstaltungen dauern etwa zwei Stunden und finden in kleinen
        Gruppen statt. Themen sind unter anderem Hausarzt und Facharzt, ärztlicher
        Bereitschaftsdienst, Kindergesundheit und seelische Gesundheit.</p>"""),
    eligibility="Alle Interessierten, besonders neu Zugewanderte.",
    application_process=text("""Anmeldung erwünscht, aber nicht nötig. Veranstaltungen in
        weiteren Sprachen auf Anfrage."""),
    categories=("gesundheit",),
    target_groups=("neuzugewanderte", "gefluechtete", "ukraine", "senioren"),
    languages=(("de", "ar", "uk", "tr", "fa", "ru"),),
    schedule=Monthly("3SA", "10:00", "12:00", count=6, note="jeweils in wechselnden Sprachen"),
    contact_role="Gesundheitslotsen-Projekt",
    translations={
        "en": translation(
            "Health in Germany – information sessions in your language {in_town}",
            """Trained health guides explain in your language how doctor’s appointments,
            health insurance, check-ups and vaccinations work.""",
        ),
        "ar": translation(
            "الصحة في ألمانيا – لقاءات توعوية بلغتك الأم {in_town}",
            """يشرح مرشدو الصحة المدرَّبون بلغتك كيف تتم زيارة الطبيب والتأمين الصحي والفحوص
            الوقائية والتطعيمات.""",
        ),
        "uk": translation(
            "Здоров’я в Німеччині – інформаційні зустрічі рідною мовою {in_town}",
            """Підготовлені провідники з питань здоров’я пояснюють вашою мовою, як працюють
            візити до лікаря, медичне страхування, профілактичні огляди та щеплення.""",
        ),
        "tr": translation(
            "{in_town} Almanya’da Sağlık – Ana Dilde Bilgilendirme Toplantıları",
            """Eğitimli sağlık rehberleri doktor ziyaretlerinin, sağlık sigortasının, önleyici
            muayenelerin ve aşıların nasıl işlediğini kendi dilinizde anlatıyor.""",
        ),
        "ru": translation(
            "Здоровье в Германии – информационные встречи на родном языке {in_town}",
            """Обученные лоцманы по вопросам здоровья объясняют на вашем языке, как устроены
            визиты к врачу, медицинская страховка, профилактические осмотры и прививки.""",
        ),
    },
)

HOUSING = OfferType(
    key="wohnungssuche",
    title="Wohnungssuche: Beratung und Mietführerschein {in_town}",
    summary=text("""Tipps für die Wohnungssuche, Hilfe bei Mietvertrag, Wohnberechtigungsschein
        und Nebenkosten – mit Kurs „Mietführerschein“ und Teilnahmebescheinigung."""),
    description=text("""<p>Der Mietführerschein vermittelt an vier Terminen Rechte und
        Pflichten als Mieterin oder Mieter: Mietvertrag, Hausordnung, Heizen und Lüften,
        Mülltrennung, Nebenkostenabrechnung. Viele Vermieter schätzen die
        Teilnahmebescheinigung.</p><ul><li>Einzelberatung zur Wohnungssuche</li><li>Hilfe beim
        Antrag auf Wohnberechtigungsschein und Wohngeld</li></ul>"""),
    eligibility=text("""Wohnungssuchende, besonders Menschen, die noch in einer Unterkunft
        leben."""),
    application_process=text("""Anmeldung zum Kurs telefonisch; Einzelberatung in der
        Sprechstunde."""),
    categories=("wohnen", "beratung"),
    target_groups=("gefluechtete", "familien", "neuzugewanderte"),
    languages=(("de", "en"), ("de", "ar"), ("de", "uk", "ru")),
    schedule=Hours(((("WE", "10:00", "13:00"),), (("TU", "15:00", "18:00"),))),
    contact_role="Wohnberatung",
    translations={
        "en": translation(
            "Finding a flat: advice and tenant training {in_town}",
            """Tips for finding a flat, help with tenancy agreements, housing eligibility
            certificates and service charges – with a “tenant licence” course and certificate
            of attendance.""",
            """<p>In four sessions the tenant training covers your rights and duties as a
            tenant: tenancy agreement, house rules, heating and airing, waste separation,
            service charge statements. Many landlords value the certificate of
            attendance.</p><ul><li>One-to-one advice on finding a flat</li><li>Help applying
            for a housing eligibility certificate and housing benefit</li></ul>""",
        ),
        "ar": translation(
            "البحث عن سكن: استشارة و«رخصة المستأجر» {in_town}",
            """نصائح للبحث عن شقة، ومساعدة في عقد الإيجار وشهادة استحقاق السكن والتكاليف
            الإضافية – مع دورة «رخصة المستأجر» وشهادة مشاركة.""",
            """<p>تشرح دورة «رخصة المستأجر» في أربعة لقاءات حقوق المستأجر وواجباته: عقد الإيجار
            ونظام المبنى والتدفئة والتهوية وفرز النفايات وكشف التكاليف الإضافية. يقدّر كثير من
            المؤجرين شهادة المشاركة.</p><ul><li>استشارة فردية للبحث عن سكن</li><li>المساعدة في
            طلب شهادة استحقاق السكن وإعانة السكن</li></ul>""",
        ),
        "uk": translation(
            "Пошук житла: консультація та курс «Посвідчення орендаря» {in_town}",
            """Поради щодо пошуку житла, допомога з договором оренди, Wohnberechtigungsschein і
            комунальними витратами – з курсом «Mietführerschein» і сертифікатом участі.""",
            """<p>За чотири зустрічі курс «Mietführerschein» пояснює права та обов’язки
            орендаря: договір оренди, правила будинку, опалення й провітрювання, сортування
            сміття, розрахунок комунальних витрат. Багато орендодавців цінують сертифікат
            участі.</p><ul><li>Індивідуальна консультація з пошуку житла</li><li>Допомога із
            заявою на Wohnberechtigungsschein і житлову допомогу</li></ul>""",
        ),
    },
)

HOUSING_EMERGENCY = OfferType(
    key="wohnungsnotfall",
    title="Beratung bei drohendem Wohnungsverlust {in_town}",
    summary=text("""Kündigung, Räumungsklage oder Mietschulden? Wir helfen schnell, damit Sie
        Ihre Wohnung behalten – und beraten Menschen ohne Wohnung."""),
    description=text("""<p>Je früher Sie kommen, desto mehr lässt sich tun. Wir sprechen mit
        Vermietern, Jobcenter und Sozialamt und klären, ob Mietschulden übernommen werden
        können.</p>"""),
    eligibility=text("""Menschen im Märkischen Kreis, denen der Verlust der Wohnung droht oder
        die wohnungslos sind."""),
    application_process="Offene Sprechstunde; in dringenden Fällen bitte sofort anrufen.",
    categories=("wohnen", "beratung"),
    target_groups=("familien", "senioren"),
    min_age=18,
    schedule=CONSULTATION_HOURS,
    contact_role="Fachberatung Wohnungsnotfälle",
    translations={
        "en": translation(
            "Advice if you are at risk of losing your home {in_town}",
            """Notice to quit, eviction lawsuit or rent arrears? We act quickly to help you
            keep your home – and advise people without a home.""",
        ),
    },
)

ASYLUM_LAW = OfferType(
    key="asylberatung",
    title="Asyl- und Aufenthaltsrechtsberatung {in_town}",
    summary=text("""Unabhängige Beratung im Asylverfahren und zu Fragen des Aufenthalts:
        Anhörung, Bescheide, Duldung, Familiennachzug, Bleiberecht."""),
    description=text("""<p>Wir bereiten Sie auf die Anhörung beim Bundesamt vor, erklären
        Bescheide und Fristen und vermitteln bei Bedarf an Anwältinnen und Anwälte. Die
        Beratung ist unabhängig von Behörden.</p><ul><li>Vorbereitung auf die Anhörung</li>
        <li>Hilfe bei Fristen und Rechtsmitteln</li><li>Familiennachzug und
        Bleiberechtsregelungen</li></ul>"""),
    eligibility=text("""Asylsuchende, Geflüchtete mit Duldung oder Aufenthaltserlaubnis und
        ihre Angehörigen."""),
    application_process=text("""Termin telefonisch vereinbaren; bei laufenden Fristen bitte
        sofort mit dem Bescheid vorbeikommen."""),
    categories=("aufenthalt", "beratung"),
    target_groups=("gefluechtete",),
    languages=(("de", "en", "ar", "fa"), ("de", "en", "fr", "ti"), ("de", "ar", "ku")),
    schedule=CONSULTATION_HOURS,
    contact_role="Asylverfahrensberatung",
    personal_contact=True,
    translations={
        "en": translation(
            "Asylum and residence law counselling {in_town}",
            """Independent advice on the asylum procedure and residence questions: interview,
            decisions, toleration (Duldung), family reunification, right to stay.""",
            """<p>We prepare you for your interview at the Federal Office, explain decisions
            and deadlines, and refer you to lawyers if needed. Our counselling is independent
            of the authorities.</p><ul><li>Preparing for the interview</li><li>Help with
            deadlines and legal remedies</li><li>Family reunification and right-to-stay
            rules</li></ul>""",
        ),
        "ar": translation(
            "استشارات اللجوء وقانون الإقامة {in_town}",
            """استشارة مستقلة في إجراءات اللجوء ومسائل الإقامة: جلسة الاستماع، والقرارات،
            ووثيقة التسامح (Duldung)، ولمّ الشمل، وحق البقاء.""",
            """<p>نحضّرك لجلسة الاستماع في المكتب الاتحادي، ونشرح القرارات والمهل، ونحيلك إلى
            محامين عند الحاجة. استشارتنا مستقلة عن الدوائر الرسمية.</p><ul><li>التحضير لجلسة
            الاستماع</li><li>المساعدة في المهل وطرق الطعن</li><li>لمّ شمل الأسرة وأنظمة حق
            البقاء</li></ul>""",
        ),
        "uk": translation(
            "Консультації з права притулку та перебування {in_town}",
            """Незалежні консультації щодо процедури надання притулку та перебування:
            співбесіда, рішення, Duldung, возз’єднання сім’ї, право на перебування.""",
        ),
        "fa": translation(
            "مشاوره پناهندگی و حقوق اقامت {in_town}",
            """مشاوره مستقل درباره روند پناهندگی و مسائل اقامت: مصاحبه، تصمیم‌ها، دولدونگ
            (Duldung)، پیوستن خانواده و حق ماندن.""",
            """<p>ما شما را برای مصاحبه در اداره فدرال آماده می‌کنیم، تصمیم‌ها و مهلت‌ها را
            توضیح می‌دهیم و در صورت نیاز به وکیل معرفی می‌کنیم. مشاوره ما مستقل از ادارات دولتی
            است.</p><ul><li>آمادگی برای مصاحبه</li><li>کمک در مهلت‌ها و راه‌های
            اعتراض</li><li>پیوستن خانواده و مقررات حق ماندن</li></ul>""",
        ),
    },
)

NATURALISATION = OfferType(
    key="einbuergerung",
    title="Einbürgerung: Informationsabend und Sprechstunde {in_town}",
    summary=text("""Die Einbürgerungsbehörde informiert über Voraussetzungen, Unterlagen und
        Ablauf der Einbürgerung – mit anschließender Fragerunde."""),
    description=text("""<p>Eine Einbürgerung ist in der Regel nach fünf Jahren rechtmäßigem
        Aufenthalt möglich; die bisherige Staatsangehörigkeit darf behalten werden. Wir
        erklären, welche Nachweise Sie brauchen – etwa Sprachzertifikat B1 und
        Einbürgerungstest – und wie Sie den Antrag stellen.</p>"""),
    eligibility="Alle, die sich für die deutsche Staatsangehörigkeit interessieren.",
    application_process="Informationsabend ohne Anmeldung; Sprechstunde mit Termin.",
    categories=("aufenthalt",),
    target_groups=("neuzugewanderte",),
    languages=(("de",),),
    schedule=Monthly("1TH", "17:00", "19:00", count=6),
    contact_role="Einbürgerungsbehörde",
    translations={
        "en": translation(
            "Naturalisation: information evening and consultation hours {in_town}",
            """The naturalisation authority explains the requirements, documents and procedure
            for becoming a German citizen – followed by questions and answers.""",
        ),
        "ar": translation(
            "التجنس: أمسية معلومات وساعات استشارة {in_town}",
            """تشرح دائرة التجنس شروط التجنس والوثائق المطلوبة وخطوات الإجراءات – تليها جلسة
            أسئلة وأجوبة.""",
        ),
        "uk": translation(
            "Натуралізація: інформаційний вечір і години прийому {in_town}",
            """Відомство з натуралізації розповідає про умови, документи та порядок отримання
            німецького громадянства – після цього відповідає на запитання.""",
        ),
        "tr": translation(
            "{in_town} Vatandaşlık: Bilgilendirme Akşamı ve Danışma Saatleri",
            """Vatandaşlık dairesi, Alman vatandaşlığına geçişin koşullarını, gerekli
            belgeleri ve süreci anlatıyor – ardından soru-cevap.""",
        ),
        "ru": translation(
            "Натурализация: информационный вечер и часы приёма {in_town}",
            """Ведомство по натурализации рассказывает об условиях, документах и порядке
            получения немецкого гражданства – затем отвечает на вопросы.""",
        ),
        "fa": translation(
            "تابعیت: شب اطلاع‌رسانی و ساعات مشاوره {in_town}",
            """اداره تابعیت شرایط، مدارک و مراحل دریافت تابعیت آلمان را توضیح می‌دهد – و سپس به
            پرسش‌ها پاسخ می‌دهد.""",
        ),
    },
)

PARTICIPATION = OfferType(
    key="teilhabeberatung",
    title="Teilhabeberatung für Menschen mit Behinderung {in_town}",
    summary=text("""Unabhängige Beratung für Menschen mit Behinderung oder chronischer
        Erkrankung und ihre Angehörigen, auch für Familien mit Migrationsgeschichte:
        Schwerbehindertenausweis, Eingliederungshilfe, Hilfsmittel, Pflege."""),
    description=text("""<p>Wir beraten unabhängig von Ämtern und Leistungsträgern und nehmen
        uns Zeit. Zu uns kommen auch Eltern von Kindern mit Behinderung, die neu in
        Deutschland sind.</p><ul><li>Antrag auf einen Schwerbehindertenausweis</li>
        <li>Frühförderung, Kita und Schule mit Unterstützung</li><li>Pflegegrad und
        Hilfsmittel</li></ul>"""),
    eligibility=text("""Menschen mit Behinderung oder drohender Behinderung und ihre
        Angehörigen, unabhängig vom Aufenthaltsstatus."""),
    application_process=text("""Termin telefonisch oder per E-Mail; Hausbesuche und Beratung
        mit Dolmetschung sind möglich."""),
    categories=("beratung", "gesundheit"),
    target_groups=("behinderung", "familien", "neuzugewanderte"),
    languages=(("de", "en", "ar"), ("de", "tr")),
    registration_required=True,
    schedule=Hours(((("MO,WE", "09:00", "13:00"),), (("TU", "13:00", "17:00"),))),
    contact_role="Teilhabeberatung",
    personal_contact=True,
    translations={
        "en": translation(
            "Participation counselling for people with disabilities {in_town}",
            """Independent advice for people with disabilities or chronic illness and their
            relatives, including families with a migration background: disability pass,
            integration assistance, aids, long-term care.""",
        ),
        "ar": translation(
            "استشارة المشاركة للأشخاص ذوي الإعاقة {in_town}",
            """استشارة مستقلة للأشخاص ذوي الإعاقة أو الأمراض المزمنة وذويهم، وكذلك للعائلات ذات
            الخلفية المهاجرة: بطاقة ذوي الإعاقة الشديدة، والمساعدة على الاندماج، والوسائل
            المساعدة، والرعاية.""",
        ),
        "uk": translation(
            "Консультації з питань участі для людей з інвалідністю {in_town}",
            """Незалежні консультації для людей з інвалідністю чи хронічними хворобами та
            їхніх рідних, зокрема для сімей з міграційним досвідом: посвідчення особи з
            тяжкою інвалідністю, допомога в інтеграції, допоміжні засоби, догляд.""",
        ),
    },
)

COUNSELLING_TYPES = [
    MBE,
    JMD,
    UKRAINE_COUNSELLING,
    DEBT_COUNSELLING,
    EU_COUNSELLING,
    PSYCHOSOCIAL,
    HEALTH_GUIDES,
    HOUSING,
    HOUSING_EMERGENCY,
    ASYLUM_LAW,
    NATURALISATION,
    PARTICIPATION,
]
