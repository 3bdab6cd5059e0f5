"""Offer types: children and family, leisure and sport, volunteering – and two past offers
that are archived."""

from .schema import Course, Hours, Monthly, OfferType, text, translation

PARENT_CHILD_GROUP = OfferType(
    key="griffbereit",
    title="Griffbereit – Eltern-Kind-Gruppe {in_town}",
    summary=text("""Spielgruppe für Eltern mit Kindern von 1 bis 3 Jahren: spielen, singen und
        die Sprachentwicklung fördern – in der Familiensprache und auf Deutsch."""),
    description=text("""<p>Griffbereit ist ein Programm zur frühen Sprachförderung. Eine
        Elternbegleiterin zeigt Spiele und Lieder, die Sie zu Hause fortsetzen können.
        Nebenbei lernen Sie andere Familien und die Kita kennen.</p>"""),
    eligibility="Mütter und Väter mit Kindern zwischen 1 und 3 Jahren.",
    application_process="Anmeldung im Familienzentrum; Schnuppern ist jederzeit möglich.",
    categories=("familie", "sprache"),
    target_groups=("familien", "kinder", "frauen"),
    languages=(("de", "ar", "tr"), ("de", "uk", "ru"), ("de", "ar", "fa")),
    registration_required=True,
    schedule=Hours(((("TU", "09:30", "11:00"),), (("TH", "09:30", "11:00"),))),
    contact_role="Elternbegleitung",
    personal_contact=True,
    translations={
        "en": translation(
            "Griffbereit – parent and child group {in_town}",
            """Play group for parents with children aged 1 to 3: play, sing and encourage
            language development – in your family language and in German.""",
        ),
        "ar": translation(
            "Griffbereit – مجموعة الآباء والأطفال {in_town}",
            """مجموعة لعب للآباء والأمهات مع أطفال من عمر سنة إلى 3 سنوات: لعب وغناء وتنمية
            اللغة – بلغة العائلة وبالألمانية.""",
        ),
        "uk": translation(
            "Griffbereit – група для батьків із дітьми {in_town}",
            """Ігрова група для батьків із дітьми від 1 до 3 років: граємо, співаємо й
            підтримуємо розвиток мовлення – рідною мовою та німецькою.""",
        ),
    },
)

RUCKSACK = OfferType(
    key="rucksack_kita",
    title="Rucksack KiTa – Elternprogramm zur Sprachförderung {in_town}",
    summary=text("""Eltern von Kita-Kindern treffen sich wöchentlich, erhalten Spiel- und
        Lernmaterial in ihrer Sprache und begleiten so die Sprachentwicklung ihrer
        Kinder."""),
    description=text("""<p>Das Programm Rucksack KiTa verbindet die Sprachförderung in der Kita
        mit der Familie. Die Themen der Kita – etwa Körper, Jahreszeiten oder Einkaufen –
        werden zu Hause in der Familiensprache aufgegriffen.</p><ul><li>Wöchentliches
        Elterntreffen mit einer Elternbegleiterin</li><li>Material in mehreren
        Sprachen</li><li>Kinderbetreuung während des Treffens</li></ul>"""),
    eligibility="Eltern von Kindern zwischen 4 und 6 Jahren, die eine Kita besuchen.",
    application_process=text("""Sprechen Sie die Kita-Leitung oder die Elternbegleiterin an;
        Einstieg zu Beginn jedes Moduls."""),
    categories=("familie", "sprache", "bildung"),
    target_groups=("familien", "kinder"),
    languages=(("de", "ar", "tr"), ("de", "uk"), ("de", "ar", "ku")),
    registration_required=True,
    childcare=True,
    schedule=Hours(((("WE", "08:30", "10:30"),), (("FR", "08:30", "10:00"),))),
    contact_role="Elternbegleitung",
    personal_contact=True,
    translations={
        "en": translation(
            "Rucksack KiTa – parents’ programme for language development {in_town}",
            """Parents of nursery children meet weekly, receive play and learning material in
            their own language and so support their children’s language development.""",
        ),
        "ar": translation(
            "Rucksack KiTa – برنامج للوالدين لدعم اللغة {in_town}",
            """يلتقي آباء وأمهات أطفال الروضة أسبوعيًا ويحصلون على مواد لعب وتعلّم بلغتهم،
            فيرافقون بذلك تطوّر لغة أطفالهم.""",
        ),
        "uk": translation(
            "Rucksack KiTa – програма для батьків з розвитку мовлення {in_town}",
            """Батьки дітей із садочка щотижня зустрічаються, отримують ігрові та навчальні
            матеріали рідною мовою і так підтримують мовний розвиток своїх дітей.""",
        ),
        "tr": translation(
            "{in_town} Rucksack KiTa – Dil Gelişimi için Veli Programı",
            """Kreşe giden çocukların velileri her hafta buluşuyor, kendi dillerinde oyun ve
            öğrenme materyali alıyor ve böylece çocuklarının dil gelişimine eşlik ediyor.""",
        ),
    },
)

NURSERY_PLACE = OfferType(
    key="kitaplatz",
    title="Kita-Platz finden: Beratung und Anmeldehilfe {in_town}",
    summary=text("""Wir erklären, wie die Anmeldung für Kita und Kindertagespflege
        funktioniert, welchen Anspruch Ihr Kind hat und welche Kosten entstehen."""),
    description=text("""<p>Jedes Kind hat ab dem ersten Geburtstag einen Anspruch auf einen
        Betreuungsplatz. Wir helfen bei der Online-Anmeldung, beim Antrag auf
        Beitragsbefreiung und bei der Suche nach freien Plätzen.</p>"""),
    eligibility="Familien mit Kindern bis zum Schuleintritt.",
    application_process=text("""Sprechstunde ohne Termin; bitte Meldebescheinigung und
        Geburtsurkunde des Kindes mitbringen."""),
    categories=("familie", "bildung"),
    target_groups=("familien", "kinder", "neuzugewanderte"),
    languages=(("de", "en"),),
    max_age=6,
    schedule=Hours(((("TU", "08:30", "12:00"), ("TH", "14:00", "17:00")),)),
    contact_role="Kita-Beratung",
    translations={
        "en": translation(
            "Finding a nursery place: advice and help with registration {in_town}",
            """We explain how to register for a nursery (Kita) or a childminder, what your
            child is entitled to and what childcare costs.""",
        ),
        "ar": translation(
            "إيجاد مكان في الروضة: استشارة ومساعدة في التسجيل {in_town}",
            """نشرح لك كيفية التسجيل في الروضة أو لدى مربية أطفال، وما يحق لطفلك، وما تكاليف
            الرعاية.""",
        ),
        "uk": translation(
            "Як знайти місце в садочку: консультація та допомога із записом {in_town}",
            """Пояснюємо, як записати дитину до садочка чи до денної няні, на що має право ваша
            дитина і скільки коштує догляд.""",
        ),
    },
)

PREGNANCY_COUNSELLING = OfferType(
    key="schwangerschaftsberatung",
    title="Schwangerschafts- und Familienberatung {in_town}",
    summary=text("""Beratung rund um Schwangerschaft, Geburt und das erste Lebensjahr: Anträge
        wie Elterngeld und Kindergeld, finanzielle Hilfen, Sorgen und Konflikte."""),
    description=text("""<p>Wir beraten vertraulich, auf Wunsch anonym und mit Dolmetscherin.
        Wir helfen bei Anträgen auf Mittel der Bundesstiftung Mutter und Kind und bei der
        Suche nach einer Hebamme.</p>"""),
    eligibility="Schwangere, Mütter, Väter und Paare.",
    application_process="Termin telefonisch; Beratung auch per Video möglich.",
    categories=("familie", "gesundheit", "beratung"),
    target_groups=("frauen", "familien"),
    languages=(("de", "en"), ("de", "ar"), ("de", "uk")),
    registration_required=True,
    mode="hybrid",
    schedule=Hours(((("MO,WE", "09:00", "13:00"),), (("TU,TH", "10:00", "15:00"),))),
    contact_role="Schwangerschaftsberatung",
    personal_contact=True,
    translations={
        "en": translation(
            "Pregnancy and family counselling {in_town}",
            """Advice on pregnancy, birth and your baby’s first year: applications such as
            parental allowance and child benefit, financial help, worries and conflicts.""",
        ),
        "ar": translation(
            "استشارات الحمل والأسرة {in_town}",
            """استشارة حول الحمل والولادة والسنة الأولى من عمر الطفل: طلبات مثل إعانة الوالدين
            وإعانة الأطفال، والمساعدات المالية، والهموم والخلافات.""",
        ),
        "uk": translation(
            "Консультації з питань вагітності та сім’ї {in_town}",
            """Консультації щодо вагітності, пологів і першого року життя дитини: заяви на
            Elterngeld і Kindergeld, фінансова допомога, тривоги та конфлікти.""",
        ),
    },
)

WOMENS_MEETING = OfferType(
    key="frauentreff",
    title="Internationaler Frauentreff {in_town}",
    summary=text("""Frauen aus aller Welt treffen sich zum Frühstück, zum Austausch und zu
        gemeinsamen Aktivitäten – mit Kinderbetreuung."""),
    description=text("""<p>Bei uns lernen Sie andere Frauen kennen, üben Deutsch und erfahren
        Neues über Angebote in der Stadt. Wir laden regelmäßig Fachfrauen ein, etwa zu
        Gesundheit, Schule oder Arbeit.</p><ul><li>Gemeinsames Frühstück</li><li>Ausflüge und
        Kreativangebote</li><li>Kinderbetreuung im Nebenraum</li></ul>"""),
    eligibility="Alle Frauen, unabhängig von Herkunft und Deutschkenntnissen.",
    application_process="Einfach vorbeikommen.",
    categories=("freizeit", "familie"),
    target_groups=("frauen",),
    languages=(("de", "ar", "tr"), ("de", "fa", "en"), ("de", "ar")),
    childcare=True,
    schedule=Hours(((("FR", "09:30", "11:30"),), (("TU", "09:00", "11:30"),))),
    contact_role="Frauentreff",
    personal_contact=True,
    translations={
        "en": translation(
            "International women’s meeting {in_town}",
            """Women from all over the world meet for breakfast, conversation and activities
            together – with childcare.""",
            """<p>Meet other women, practise German and find out about services in town. We
            regularly invite experts, for example on health, school or work.</p><ul>
            <li>Breakfast together</li><li>Outings and creative activities</li><li>Childcare
            in the next room</li></ul>""",
        ),
        "ar": translation(
            "لقاء النساء الدولي {in_town}",
            """تلتقي نساء من كل أنحاء العالم لتناول الفطور وتبادل الأحاديث والقيام بأنشطة مشتركة
            – مع رعاية للأطفال.""",
            """<p>تعرّفي على نساء أخريات، وتدرّبي على الألمانية، واكتشفي الخدمات المتاحة في
            المدينة. ندعو بانتظام متخصصات للحديث مثلًا عن الصحة أو المدرسة أو العمل.</p><ul>
            <li>فطور جماعي</li><li>رحلات وأنشطة إبداعية</li><li>رعاية الأطفال في الغرفة
            المجاورة</li></ul>""",
        ),
        "uk": translation(
            "Міжнародна жіноча зустріч {in_town}",
            """Жінки з усього світу зустрічаються на сніданок, спілкування та спільні заходи –
            з доглядом за дітьми.""",
            """<p>Знайомтеся з іншими жінками, практикуйте німецьку та дізнавайтеся про
            можливості у місті. Ми регулярно запрошуємо фахівчинь, наприклад, щодо здоров’я,
            школи чи роботи.</p><ul><li>Спільний сніданок</li><li>Екскурсії та творчі
            заняття</li><li>Догляд за дітьми в сусідній кімнаті</li></ul>""",
        ),
        "fa": translation(
            "دورهمی بین‌المللی زنان {in_town}",
            """زنانی از سراسر جهان برای صبحانه، گفت‌وگو و فعالیت‌های مشترک دور هم جمع می‌شوند –
            با مراقبت از کودکان.""",
        ),
        "tr": translation(
            "{in_town} Uluslararası Kadın Buluşması",
            """Dünyanın dört bir yanından kadınlar kahvaltı, sohbet ve ortak etkinlikler için
            buluşuyor – çocuk bakımı mevcut.""",
        ),
    },
)

CYCLING_WOMEN = OfferType(
    key="radfahrkurs_frauen",
    title="Radfahrkurs für Frauen {in_town}",
    summary=text("""Sicher Fahrrad fahren lernen – vom ersten Gleichgewicht bis zur Fahrt im
        Straßenverkehr, mit Trainerinnen auf einem geschützten Übungsplatz."""),
    description=text("""<p>Fahrräder und Helme werden gestellt. Zum Kurs gehört eine Einheit zu
        Verkehrsregeln. Viele Teilnehmerinnen fahren danach selbstständig zur Arbeit oder zum
        Sprachkurs.</p>"""),
    eligibility="Frauen ab 16 Jahren ohne oder mit wenig Fahrerfahrung.",
    application_process="Anmeldung erforderlich, höchstens zehn Teilnehmerinnen.",
    categories=("freizeit",),
    target_groups=("frauen",),
    languages=(("de", "ar", "fa"),),
    min_age=16,
    registration_required=True,
    schedule=Course("SA", "10:00", "12:00", count=8, starts_in_days=(20, 90)),
    contact_role="Kursleitung",
    personal_contact=True,
    translations={
        "en": translation(
            "Cycling course for women {in_town}",
            """Learn to ride a bike safely – from first balance to riding in traffic, with
            female trainers on a protected practice area.""",
        ),
        "ar": translation(
            "دورة تعلّم ركوب الدراجة للنساء {in_town}",
            """تعلّمي ركوب الدراجة بأمان – من التوازن الأول حتى القيادة في الشارع، مع مدرّبات
            وفي ساحة تدريب محمية.""",
        ),
        "uk": translation(
            "Курс їзди на велосипеді для жінок {in_town}",
            """Навчіться безпечно їздити на велосипеді – від першого балансу до руху вулицями,
            з тренерками на захищеному майданчику.""",
        ),
        "fa": translation(
            "دوره دوچرخه‌سواری برای زنان {in_town}",
            """دوچرخه‌سواری ایمن را یاد بگیرید – از اولین تعادل تا رکاب زدن در خیابان، با مربیان
            زن و در محوطه تمرینی امن.""",
        ),
    },
)

SWIMMING_WOMEN = OfferType(
    key="schwimmkurs_frauen",
    title="Schwimmkurs für Frauen {in_town}",
    summary=text("""Schwimmen lernen in geschützter Atmosphäre: nur Frauen, weibliche Aufsicht,
        Sichtschutz an den Fenstern."""),
    description=text("""<p>Der Kurs richtet sich an Nichtschwimmerinnen und Anfängerinnen.
        Burkini und Badebekleidung nach eigener Wahl sind erlaubt.</p>"""),
    eligibility="Frauen ab 16 Jahren.",
    application_process="Anmeldung per Telefon oder Messenger.",
    cost_text="15 € für 10 Termine, Eintritt ins Bad inklusive",
    categories=("freizeit", "gesundheit"),
    target_groups=("frauen",),
    min_age=16,
    is_free=False,
    registration_required=True,
    schedule=Course("FR", "19:00", "20:00", count=10, starts_in_days=(14, 80)),
    contact_role="Schwimmkurse",
    personal_contact=True,
    translations={
        "en": translation(
            "Swimming course for women {in_town}",
            """Learn to swim in a protected setting: women only, female supervision, privacy
            screens on the windows.""",
            cost_text="€15 for 10 sessions, pool entry included",
        ),
        "ar": translation(
            "دورة سباحة للنساء {in_town}",
            """تعلّمي السباحة في أجواء آمنة: للنساء فقط، مع مشرفات، ونوافذ مغطاة بستائر
            حاجبة.""",
            cost_text="15 يورو مقابل 10 حصص، تشمل رسوم دخول المسبح",
        ),
        "uk": translation(
            "Курс плавання для жінок {in_town}",
            """Навчіться плавати в захищеній атмосфері: лише жінки, жіночий нагляд, затулені
            вікна.""",
            cost_text="15 € за 10 занять, вхід до басейну включено",
        ),
    },
)

FOOTBALL = OfferType(
    key="fussball",
    title="Fußball für alle – offenes Training {in_town}",
    summary=text("""Jede Woche offenes Fußballtraining für Jugendliche und Erwachsene, egal
        woher und wie gut – Schuhe und Trikots können geliehen werden."""),
    description=text("""<p>Wir spielen gemeinsam, lernen uns kennen und nehmen an Turnieren im
        Kreis teil. Wer möchte, kann später in eine Vereinsmannschaft wechseln; wir helfen
        beim Spielerpass.</p>"""),
    eligibility="Jugendliche und Erwachsene ab 14 Jahren.",
    application_process="Einfach zum Training kommen.",
    categories=("freizeit",),
    target_groups=("jugendliche", "gefluechtete"),
    languages=(("de", "en"), ("de", "en", "ar")),
    min_age=14,
    schedule=Hours(((("TH", "18:00", "19:30"),), (("MO", "17:30", "19:00"),))),
    contact_role="Trainingsleitung",
    personal_contact=True,
    translations={
        "en": translation(
            "Football for everyone – open training {in_town}",
            """Open football training every week for young people and adults, wherever you
            come from and however well you play – boots and shirts can be borrowed.""",
        ),
        "ar": translation(
            "كرة القدم للجميع – تدريب مفتوح {in_town}",
            """تدريب كرة قدم مفتوح كل أسبوع للشباب والبالغين، أيًا كان بلدك ومستواك – يمكن
            استعارة الأحذية والقمصان.""",
        ),
        "uk": translation(
            "Футбол для всіх – відкрите тренування {in_town}",
            """Щотижневе відкрите тренування з футболу для молоді та дорослих, незалежно від
            походження й рівня гри – бутси та форму можна взяти напрокат.""",
        ),
        "fa": translation(
            "فوتبال برای همه – تمرین آزاد {in_town}",
            """هر هفته تمرین آزاد فوتبال برای نوجوانان و بزرگسالان، از هر کجا که باشید و در هر
            سطحی – کفش و پیراهن را می‌توانید امانت بگیرید.""",
        ),
        "tr": translation(
            "{in_town} Herkes için Futbol – Açık Antrenman",
            """Gençler ve yetişkinler için her hafta açık futbol antrenmanı; nereden geldiğiniz
            ve ne kadar iyi oynadığınız önemli değil – krampon ve forma ödünç alınabilir.""",
        ),
    },
)

BOXING = OfferType(
    key="boxtraining",
    title="Boxtraining für Jugendliche {in_town}",
    summary=text("""Fitness, Technik und Fairness: Boxtraining für Mädchen und Jungen von 12
        bis 18 Jahren mit erfahrenen Trainerinnen und Trainern."""),
    description=text("""<p>Beim Boxen lernen Jugendliche Disziplin und Respekt. Das Training
        ist kostenlos; für Mädchen gibt es eigene Trainingszeiten.</p>"""),
    eligibility="Jugendliche von 12 bis 18 Jahren mit Einverständnis der Eltern.",
    application_process=text("""Probetraining ohne Anmeldung; für die Mitgliedschaft bitte die
        Eltern mitbringen."""),
    categories=("freizeit",),
    target_groups=("jugendliche",),
    min_age=12,
    max_age=18,
    schedule=Hours(((("TU,TH", "17:00", "18:30"),),)),
    contact_role="Jugendtraining",
    personal_contact=True,
)

CHILDREN_SWIMMING = OfferType(
    key="schwimmkurs_kinder",
    title="Schwimmkurs für Kinder (Seepferdchen) {in_town}",
    summary=text("""Schwimmanfängerkurs für Kinder ab 5 Jahren mit dem Abzeichen
        „Seepferdchen“ – Plätze reserviert für neu zugewanderte Familien."""),
    description=text("""<p>An zehn Terminen gewöhnen sich die Kinder ans Wasser und lernen die
        ersten Schwimmzüge. Eltern warten im Foyer.</p>"""),
    eligibility="Kinder von 5 bis 10 Jahren, die noch nicht schwimmen können.",
    application_process="Anmeldung durch die Eltern; bei großer Nachfrage Warteliste.",
    cost_text="20 € für 10 Termine; mit Bildungs- und Teilhabepaket kostenlos",
    categories=("freizeit", "familie"),
    target_groups=("kinder", "familien"),
    min_age=5,
    max_age=10,
    is_free=False,
    registration_required=True,
    schedule=Course("WE", "15:00", "15:45", count=10, starts_in_days=(14, 100)),
    contact_role="Schwimmkurse",
    translations={
        "en": translation(
            "Swimming course for children (Seepferdchen badge) {in_town}",
            """Beginners’ swimming course for children aged 5 and over with the “Seepferdchen”
            badge – places reserved for newly arrived families.""",
        ),
        "ar": translation(
            "دورة سباحة للأطفال (شارة Seepferdchen) {in_town}",
            """دورة سباحة للمبتدئين للأطفال من عمر 5 سنوات مع شارة «حصان البحر» – أماكن محجوزة
            للعائلات القادمة حديثًا.""",
        ),
        "uk": translation(
            "Курс плавання для дітей (значок Seepferdchen) {in_town}",
            """Курс плавання для початківців для дітей від 5 років зі значком «Морський коник»
            – місця зарезервовано для новоприбулих сімей.""",
        ),
    },
)

COOKING = OfferType(
    key="kochtreff",
    title="Internationaler Kochtreff {in_town}",
    summary=text("""Gemeinsam kochen und essen: Jeden Monat stellt jemand aus der Runde ein
        Gericht aus der Heimat vor."""),
    description=text("""<p>Beim Kochtreff kommen Alteingesessene und Neuzugewanderte ins
        Gespräch. Die Kosten für Zutaten werden geteilt; wer mag, bringt ein Rezept
        mit.</p>"""),
    eligibility="Alle Interessierten.",
    application_process="Bitte kurz vorher Bescheid geben, damit wir genug einkaufen.",
    cost_text="3 € Beitrag für Zutaten",
    categories=("freizeit",),
    target_groups=("neuzugewanderte", "familien", "senioren"),
    languages=(("de", "fa", "prs"), ("de", "en", "fr"), ("de",)),
    is_free=False,
    registration_required=True,
    schedule=Monthly("2FR", "18:00", "21:00", count=6),
    contact_role="Kochtreff",
    personal_contact=True,
    translations={
        "en": translation(
            "International cooking meet-up {in_town}",
            """Cook and eat together: every month someone from the group presents a dish from
            home.""",
        ),
        "ar": translation(
            "لقاء الطبخ الدولي {in_town}",
            """نطبخ ونأكل معًا: كل شهر يقدّم أحد المشاركين أو إحدى المشاركات طبقًا من
            بلده.""",
        ),
        "uk": translation(
            "Міжнародні кулінарні зустрічі {in_town}",
            """Готуємо та їмо разом: щомісяця хтось із учасників представляє страву зі своєї
            батьківщини.""",
        ),
        "fa": translation(
            "دورهمی آشپزی بین‌المللی {in_town}",
            """با هم آشپزی کنیم و غذا بخوریم: هر ماه یکی از شرکت‌کنندگان غذایی از سرزمین خود
            معرفی می‌کند.""",
        ),
    },
)

GARDEN = OfferType(
    key="garten",
    title="Interkultureller Garten {in_town}",
    summary=text("""Gemüse anbauen, Kräuter ernten, Nachbarn kennenlernen: Beete im
        Gemeinschaftsgarten für Familien und Einzelpersonen."""),
    description=text("""<p>Im Garten hat jede Familie ein eigenes Beet, dazu gibt es
        Gemeinschaftsflächen. Werkzeug und Saatgut sind vorhanden. Von April bis Oktober
        treffen wir uns jeden Samstag.</p>"""),
    eligibility="Alle, die gern gärtnern – Erfahrung ist nicht nötig.",
    application_process="Anmeldung für ein eigenes Beet; Gäste sind jederzeit willkommen.",
    categories=("freizeit",),
    target_groups=("familien", "senioren", "neuzugewanderte"),
    schedule=Hours(((("SA", "10:00", "13:00"),),), note="April bis Oktober"),
    contact_role="Gartengruppe",
    personal_contact=True,
    translations={
        "en": translation(
            "Intercultural garden {in_town}",
            """Grow vegetables, harvest herbs, get to know your neighbours: beds in the
            community garden for families and individuals.""",
        ),
        "ar": translation(
            "الحديقة متعددة الثقافات {in_town}",
            """ازرع الخضار واقطف الأعشاب وتعرّف على جيرانك: أحواض في الحديقة المشتركة للعائلات
            والأفراد.""",
        ),
        "uk": translation(
            "Міжкультурний сад {in_town}",
            """Вирощуйте овочі, збирайте зелень, знайомтеся із сусідами: грядки в громадському
            саду для сімей і окремих людей.""",
        ),
    },
)

WELCOME_WALK = OfferType(
    key="willkommensspaziergang",
    title="Willkommensspaziergang für Neuzugewanderte {in_town}",
    summary=text("""Rundgang zu den wichtigsten Orten: Rathaus, Bücherei, Beratungsstellen,
        Arztpraxen, Supermärkte und Bushaltestellen – mit Infomappe."""),
    description=text("""<p>Ehrenamtliche zeigen Ihnen in etwa zwei Stunden, wo Sie was finden.
        Unterwegs beantworten wir Fragen zu Bus und Bahn, Müll und Vereinen.</p>"""),
    eligibility="Neu Zugewanderte und ihre Familien.",
    application_process="Anmeldung erbeten, damit genug Begleitpersonen dabei sind.",
    categories=("freizeit",),
    target_groups=("neuzugewanderte", "familien"),
    languages=(("de", "en"), ("de", "en", "uk"), ("de", "ar")),
    registration_required=True,
    schedule=Monthly("1SA", "14:00", "16:00", count=5),
    contact_role="Willkommensteam",
    personal_contact=True,
    translations={
        "en": translation(
            "Welcome walk for newcomers {in_town}",
            """A walk to the most important places: town hall, library, advice centres,
            doctors, supermarkets and bus stops – with an information pack.""",
        ),
        "ar": translation(
            "جولة ترحيبية للقادمين الجدد {in_town}",
            """جولة إلى أهم الأماكن: دار البلدية والمكتبة ومراكز الاستشارة وعيادات الأطباء
            والمتاجر ومحطات الحافلات – مع ملف معلومات.""",
        ),
        "uk": translation(
            "Вітальна прогулянка для новоприбулих {in_town}",
            """Прогулянка найважливішими місцями: ратуша, бібліотека, консультаційні служби,
            лікарі, супермаркети та зупинки автобусів – з інформаційною папкою.""",
        ),
    },
)

HIKING = OfferType(
    key="wandern",
    title="Gemeinsam wandern im Sauerland {in_town}",
    summary=text("""Monatliche Wanderung für alle, die die Natur der Region kennenlernen
        möchten – etwa 10 Kilometer, mit Picknick und Fahrgemeinschaften."""),
    description=text("""<p>Wir wandern auf Wegen rund um den Ort, mal durch den Wald, mal zu
        Talsperren und Aussichtspunkten. Festes Schuhwerk genügt.</p>"""),
    eligibility="Alle ab 12 Jahren; Kinder in Begleitung Erwachsener.",
    application_process="Anmeldung bis Donnerstag vor der Wanderung.",
    categories=("freizeit", "gesundheit"),
    target_groups=("neuzugewanderte", "familien", "senioren"),
    registration_required=True,
    schedule=Monthly("2SU", "10:00", "15:00", count=6),
    contact_role="Wandergruppe",
    personal_contact=True,
)

MENTORING = OfferType(
    key="patenschaften",
    title="Patenschaften für Neuzugewanderte {in_town}",
    summary=text("""Ehrenamtliche Patinnen und Paten begleiten Neuzugewanderte im Alltag:
        Behördengänge, Deutsch üben, Freizeit. Wir suchen Patinnen und Paten und vermitteln
        Tandems."""),
    description=text("""<p>Eine Patenschaft dauert mindestens sechs Monate, mit etwa zwei
        Stunden pro Woche. Wir bereiten Ehrenamtliche in einer Schulung vor und bleiben
        ansprechbar.</p><ul><li>Für Familien und Einzelpersonen</li><li>Regelmäßiger
        Austausch der Patinnen und Paten</li><li>Versicherungsschutz im Ehrenamt</li></ul>"""),
    eligibility="Neuzugewanderte, die Begleitung wünschen; Ehrenamtliche ab 18 Jahren.",
    application_process="Erstgespräch nach telefonischer Vereinbarung.",
    categories=("ehrenamt", "freizeit"),
    target_groups=("neuzugewanderte", "gefluechtete", "familien"),
    registration_required=True,
    schedule=Hours(((("WE", "17:00", "19:00"),),), note="Patentreffen; Erstgespräche nach Termin"),
    contact_role="Koordination Patenschaften",
    personal_contact=True,
    translations={
        "en": translation(
            "Mentoring for newcomers {in_town}",
            """Volunteer mentors support newcomers in everyday life: visits to authorities,
            practising German, leisure time. We are looking for mentors and match
            tandems.""",
        ),
        "ar": translation(
            "برنامج الرعاية للقادمين الجدد {in_town}",
            """يرافق متطوعون ومتطوعات القادمين الجدد في حياتهم اليومية: مراجعة الدوائر الرسمية
            وممارسة الألمانية وأوقات الفراغ. نبحث عن متطوعين ونشكّل ثنائيات.""",
        ),
        "uk": translation(
            "Наставництво для новоприбулих {in_town}",
            """Волонтери-наставники супроводжують новоприбулих у повсякденному житті:
            відвідування установ, практика німецької, дозвілля. Ми шукаємо наставників і
            формуємо тандеми.""",
        ),
    },
)

LANGUAGE_MEDIATORS = OfferType(
    key="sprachmittlerpool",
    title="Sprachmittlerpool: ehrenamtlich dolmetschen",
    summary=text("""Sie sprechen Deutsch und eine weitere Sprache? Im Sprachmittlerpool des
        Kreises begleiten Sie Gespräche in Kita, Schule und Beratungsstellen – mit Schulung
        und Aufwandsentschädigung."""),
    description=text("""<p>Wir suchen Menschen, die zum Beispiel Arabisch, Dari, Farsi,
        Kurdisch, Tigrinya, Türkisch oder Ukrainisch sprechen. Sie erhalten eine
        Einführungsschulung zu Rolle, Schweigepflicht und Dolmetschtechniken.</p><ul>
        <li>Einsätze im ganzen Märkischen Kreis</li><li>Aufwandsentschädigung und
        Fahrtkostenerstattung</li><li>Regelmäßige Fortbildungen</li></ul>"""),
    eligibility=text("""Ab 18 Jahren, Deutschkenntnisse mindestens auf B2-Niveau und eine
        weitere Sprache auf hohem Niveau."""),
    application_process=text("""Bewerbung mit kurzem Lebenslauf per E-Mail; danach ein
        Kennenlerngespräch."""),
    categories=("ehrenamt",),
    target_groups=("neuzugewanderte",),
    languages=(("de", "ar", "fa", "prs", "ku", "ti", "tr", "uk", "ru"),),
    min_age=18,
    registration_required=True,
    schedule=Hours(((("TU,TH", "09:00", "12:00"),),), note="telefonische Sprechzeiten"),
    contact_role="Koordination Sprachmittlerpool",
    translations={
        "en": translation(
            "Language mediator pool: volunteer interpreting",
            """Do you speak German and another language? In the district’s language mediator
            pool you help with conversations at nurseries, schools and advice centres – with
            training and an expense allowance.""",
        ),
        "ar": translation(
            "مجموعة الوسطاء اللغويين: الترجمة التطوعية",
            """هل تتحدث الألمانية ولغة أخرى؟ في مجموعة الوسطاء اللغويين التابعة للمقاطعة ترافق
            المحادثات في الروضات والمدارس ومراكز الاستشارة – مع تدريب وتعويض عن النفقات.""",
        ),
        "uk": translation(
            "Пул мовних посередників: волонтерський переклад",
            """Ви говорите німецькою та ще однією мовою? У пулі мовних посередників округу ви
            допомагаєте під час розмов у садочках, школах і консультаційних службах – з
            навчанням і компенсацією витрат.""",
        ),
        "fa": translation(
            "گروه میانجی‌های زبانی: ترجمه داوطلبانه",
            """آلمانی و یک زبان دیگر صحبت می‌کنید؟ در گروه میانجی‌های زبانی بخشداری، در
            گفت‌وگوهای مهدکودک، مدرسه و مراکز مشاوره همراهی می‌کنید – با آموزش و جبران
            هزینه‌ها.""",
        ),
        "tr": translation(
            "Dil Aracıları Havuzu: Gönüllü Tercümanlık",
            """Almanca ve başka bir dil konuşuyor musunuz? İlçenin dil aracıları havuzunda
            kreş, okul ve danışma merkezlerindeki görüşmelere eşlik ediyorsunuz – eğitim ve
            masraf tazminatı ile.""",
        ),
        "ru": translation(
            "Пул языковых посредников: волонтёрский перевод",
            """Вы говорите по-немецки и на другом языке? В пуле языковых посредников района вы
            помогаете на встречах в детских садах, школах и консультационных службах – с
            обучением и компенсацией расходов.""",
        ),
    },
)

CAREER_MENTORING = OfferType(
    key="mentoring_beruf",
    title="Mentoring für den Berufseinstieg {in_town}",
    summary=text("""Berufserfahrene Ehrenamtliche begleiten Zugewanderte ein halbes Jahr lang
        auf dem Weg in Ausbildung und Arbeit – mit Kontakten zu Betrieben in der Region."""),
    description=text("""<p>Mentorinnen und Mentoren teilen ihr Wissen über Arbeitswelt und
        Bewerbung in Deutschland. Gemeinsam entwickeln Mentee und Mentor einen Plan und
        treffen sich alle zwei Wochen.</p>"""),
    eligibility="Zugewanderte mit einem Berufsziel und Deutschkenntnissen ab A2.",
    application_process="Anmeldung per E-Mail oder beim Jobcafé.",
    categories=("ehrenamt", "arbeit"),
    target_groups=("arbeitsuchende", "neuzugewanderte"),
    languages=(("de", "en", "fr"), ("de", "en")),
    min_age=18,
    registration_required=True,
    schedule=Hours(((("TH", "17:30", "19:30"),),), note="Austauschtreffen im Monat"),
    contact_role="Mentoring-Programm",
    personal_contact=True,
    translations={
        "en": translation(
            "Mentoring for starting a career {in_town}",
            """Experienced volunteers support immigrants for six months on their way into
            training and work – with contacts to local companies.""",
        ),
        "ar": translation(
            "إرشاد مهني لبدء العمل {in_town}",
            """يرافق متطوعون ذوو خبرة مهنية المهاجرين لمدة نصف عام في طريقهم إلى التدريب المهني
            والعمل – مع صلات بشركات المنطقة.""",
        ),
        "uk": translation(
            "Менторство для старту в професії {in_town}",
            """Досвідчені волонтери впродовж пів року супроводжують мігрантів на шляху до
            профнавчання та роботи – з контактами в місцевих компаніях.""",
        ),
    },
)

VOLUNTEERING_START = OfferType(
    key="ehrenamt_einstieg",
    title="Ehrenamtlich aktiv werden – Beratung für Zugewanderte {in_town}",
    summary=text("""Sie möchten sich engagieren, etwa in einem Verein, bei der Tafel oder als
        Elternvertretung? Wir finden mit Ihnen ein passendes Ehrenamt."""),
    description=text("""<p>Ein Ehrenamt hilft beim Deutschlernen, bringt Kontakte und oft
        Erfahrungen für den Lebenslauf. Wir kennen viele Einsatzstellen in der Region und
        begleiten Ihren Einstieg.</p>"""),
    eligibility="Alle ab 16 Jahren, auch mit geringen Deutschkenntnissen.",
    application_process="Termin telefonisch oder per E-Mail.",
    categories=("ehrenamt",),
    target_groups=("neuzugewanderte",),
    languages=(("de", "en"),),
    min_age=16,
    schedule=Hours(((("MO", "14:00", "17:00"),),)),
    contact_role="Freiwilligenagentur",
    translations={
        "en": translation(
            "Getting involved as a volunteer – advice for immigrants {in_town}",
            """Would you like to volunteer, for example in a club, at the food bank or as a
            parent representative? We help you find the right role.""",
        ),
        "ar": translation(
            "ابدأ العمل التطوعي – استشارة للمهاجرين {in_town}",
            """هل ترغب في التطوع، مثلًا في جمعية أو في بنك الطعام أو كممثل لأولياء الأمور؟
            نساعدك في إيجاد العمل التطوعي المناسب.""",
        ),
        "uk": translation(
            "Стати волонтером – консультація для мігрантів {in_town}",
            """Хочете долучитися, наприклад, у спортивному клубі, у продовольчому банку Tafel чи
            як представник батьків? Ми допоможемо знайти відповідну волонтерську роль.""",
        ),
    },
)

# Past offers, archived: their dates lie behind today.
SUMMER_CAMP = OfferType(
    key="sommercamp",
    title="Deutsch-Sommercamp für Schulkinder {in_town}",
    summary=text("""Zwei Wochen Deutsch mit Spiel, Theater und Ausflügen in den Sommerferien
        für Kinder von 8 bis 14 Jahren."""),
    description=text("""<p>Vormittags Deutsch in kleinen Gruppen, nachmittags Sport, Theater
        und Ausflüge. Mittagessen inklusive.</p>"""),
    eligibility="Schulkinder von 8 bis 14 Jahren mit geringen Deutschkenntnissen.",
    application_process=text("""Anmeldung über die Schule oder das Kommunale
        Integrationszentrum."""),
    categories=("sprache", "bildung", "freizeit"),
    target_groups=("kinder", "neuzugewanderte"),
    min_age=8,
    max_age=14,
    registration_required=True,
    schedule=Course("MO,TU,WE,TH,FR", "09:00", "15:00", weeks=2, held_last=(7, 20)),
    contact_role="Bildungsberatung",
    translations={
        "en": translation(
            "German summer camp for schoolchildren {in_town}",
            """Two weeks of German with games, theatre and trips during the summer holidays
            for children aged 8 to 14.""",
        ),
        "ar": translation(
            "مخيم صيفي لتعلّم الألمانية لتلاميذ المدارس {in_town}",
            """أسبوعان من تعلّم الألمانية مع اللعب والمسرح والرحلات خلال العطلة الصيفية للأطفال
            من 8 إلى 14 عامًا.""",
        ),
        "uk": translation(
            "Літній табір німецької для школярів {in_town}",
            """Два тижні німецької з іграми, театром та екскурсіями під час літніх канікул для
            дітей від 8 до 14 років.""",
        ),
    },
)

UKRAINE_ORIENTATION = OfferType(
    key="erstorientierung_ukraine",
    title="Erstorientierung für Geflüchtete aus der Ukraine – Infoabende {in_town}",
    summary=text("""Infoabende zu Aufenthalt, Leistungen, Schule und Arbeit für neu
        angekommene Menschen aus der Ukraine, mit Dolmetschung."""),
    description=text("""<p>Die Reihe ist abgeschlossen. Aktuelle Beratung bietet die
        Migrationsberatung für Erwachsene.</p>"""),
    eligibility="Menschen aus der Ukraine.",
    application_process="Keine Anmeldung nötig.",
    categories=("beratung", "aufenthalt"),
    target_groups=("ukraine",),
    languages=(("de", "uk", "ru"),),
    schedule=Monthly("2WE", "18:00", "20:00", count=8, starts_in_days=(-700, -680)),
    contact_role="Koordination",
    translations={
        "uk": translation(
            "Перша орієнтація для біженців з України – інформаційні вечори {in_town}",
            """Інформаційні вечори про перебування, виплати, школу та роботу для новоприбулих з
            України, з перекладом.""",
        ),
        "en": translation(
            "First orientation for refugees from Ukraine – information evenings {in_town}",
            """Information evenings on residence, benefits, school and work for people newly
            arrived from Ukraine, with interpreting.""",
        ),
    },
)

FAMILY_LEISURE_TYPES = [
    PARENT_CHILD_GROUP,
    RUCKSACK,
    NURSERY_PLACE,
    PREGNANCY_COUNSELLING,
    WOMENS_MEETING,
    CYCLING_WOMEN,
    SWIMMING_WOMEN,
    FOOTBALL,
    BOXING,
    CHILDREN_SWIMMING,
    COOKING,
    GARDEN,
    WELCOME_WALK,
    HIKING,
    MENTORING,
    LANGUAGE_MEDIATORS,
    CAREER_MENTORING,
    VOLUNTEERING_START,
    SUMMER_CAMP,
    UKRAINE_ORIENTATION,
]
