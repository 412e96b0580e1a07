import pytest

from coopgraph.ingest.organisations import extract_organisations, organisation_key, quoted_end, unquote
from coopgraph.ingest.records import OrgRole


def orgs(text, column="participants", role=OrgRole.PARTICIPANT):
    return extract_organisations(text, column, role)


def one(text, column="participants", role=OrgRole.PARTICIPANT):
    (org,) = orgs(text, column, role)
    return org


# ----------------------------------------------------------------------------- report cells

ROW1_TITLE = (
    "Подписание Соглашения между Администрацией Смоленской области (Российская Федерация) и Гомельским "
    "областным исполнительным комитетом (Республика Беларусь) о сотрудничестве в торгово-экономической, "
    "научно-технической, культурной и гуманитарной областях"
)


def test_row1_parties_in_the_nominative():
    administration, executive = orgs(ROW1_TITLE, "title")
    assert administration.name == administration.short_name == "Администрация Смоленской области"
    assert administration.key == "administratsiia-smolenskoi-oblasti"
    assert administration.text == "Администрацией Смоленской области"
    assert (administration.legal_form, administration.country, administration.region_code) == (
        None,
        "RU",
        "RU-SMO",
    )
    assert executive.name == "Гомельский областной исполнительный комитет"
    assert (executive.country, executive.region_code) == ("BY", "BY-HO")
    assert administration.column == "title" and administration.role is OrgRole.PARTICIPANT


def test_row1_participants_position_names_the_body():
    text = (
        "Губернатор Смоленской области А.В. Островский; Председатель Гомельского областного "
        "исполнительного комитета \nГ.М. Соловей"
    )
    assert [o.key for o in orgs(text)] == ["gomelskii-oblastnoi-ispolnitelnyi-komitet"]


def test_row2_company_in_the_place_cell_gets_the_town():
    org = one("г. Вязьма,\nСмоленская область,\n(ООО «ВКП ЛТ»)", "place", OrgRole.HOST)
    assert (org.name, org.short_name, org.legal_form, org.key) == ("ООО «ВКП ЛТ»", "ВКП ЛТ", "ООО", "vkp-lt")
    assert (org.country, org.place_key, org.region_code, org.role) == ("RU", "viazma", "RU-SMO", OrgRole.HOST)


def test_row3_founder_citizen_of_belarus():
    title = (
        "Подписание  Соглашения о намерениях между Администрацией Смоленской области и ООО «Товарищество "
        "Льняная Мануфактура» (в составе учредителей – гражданин Республики Беларусь) о сотрудничестве"
    )
    administration, company = orgs(title, "title")
    assert administration.text == "Администрацией Смоленской области"  # not "… области и"
    assert company.name == "ООО «Товарищество Льняная Мануфактура»"
    assert (company.country, company.founder_country) == ("RU", "BY")


def test_row4_austrian_founder():
    title = (
        "Подписание дополнительного Соглашения к Соглашению о сотрудничестве между Администрацией Смоленской "
        "области и   ООО «ЭГГЕР ДРЕВПРОДУКТ ГАГАРИН» (учредитель – австрийская компания «EGGER»)"
    )
    _, egger_gagarin, egger = orgs(title, "title")
    assert egger_gagarin.name == "ООО «ЭГГЕР ДРЕВПРОДУКТ ГАГАРИН»"
    assert (egger_gagarin.country, egger_gagarin.founder_country) == ("RU", "AT")
    assert (egger.name, egger.country, egger.role) == ("EGGER", "AT", OrgRole.MENTIONED)


def test_row7_content_bodies_and_organiser_role():
    content = (
        "В рамках визита представители делегации посетили Смоленскую областную филармонию\nим. М.И. Глинки, "
        "приняли участие в торжественной церемонии возложения цветов "
        "к Вечному огню и могиле Героя Советского "
        "Союза \nМ.А. Егорова. Также члены делегации приняли участие в обзорной экскурсии по историческому "
        "центру г. Смоленска и посетили Исторический музей.\nПоездка "
        "была организована Посольством Российской "
        "Федерации в Республике Беларусь и Администрацией Смоленской области"
    )
    found = orgs(content, "content", OrgRole.MENTIONED)
    assert [o.name for o in found] == [
        "Смоленская областная филармония им. М.И. Глинки",
        "Посольство Российской Федерации в Республике Беларусь",
        "Администрация Смоленской области",
    ]
    philharmonic, embassy, _ = found
    assert philharmonic.key == "smolenskaia-oblastnaia-filarmoniia-imeni-m-i-glinki"
    assert (philharmonic.country, philharmonic.region_code, philharmonic.role) == (
        "RU",
        "RU-SMO",
        OrgRole.MENTIONED,
    )
    assert (embassy.country, embassy.role) == ("RU", OrgRole.ORGANISER)


def test_row8_museum_with_line_break_in_the_quotes():
    cell = "г. Гагарин,\nСмоленская область,\nСОГБУК «Музей\nЮ.А. Гагарина», Историко-художественный музей"
    org = one(cell, "place", OrgRole.HOST)
    assert (org.name, org.short_name, org.key) == (
        "СОГБУК «Музей Ю.А. Гагарина»",
        "Музей Ю.А. Гагарина",
        "muzei-iu-a-gagarina",
    )
    assert (org.country, org.region_code, org.place_key) == ("RU", "RU-SMO", "gagarin")


def test_row10_cosmonaut_training_centre_by_every_name():
    content = (
        "Выставка приурочена к 60-летию создания Центра подготовки космонавтов (далее – ЦПК) и \n60-летию "
        "первого отряда космонавтов. Выставка является совместным "
        "проектом с ФГБУ «НИИ ЦПК имени Ю.А. Гагарина» "
        "(Московская область, звездный городок). На церемонии открытия выступили космонавты и сотрудники ЦПК"
    )
    (centre,) = orgs(content, "content")
    assert centre.key == "nii-tspk-imeni-iu-a-gagarina"
    assert centre.name == "ФГБУ «НИИ ЦПК имени Ю.А. Гагарина»"
    assert centre.region_code == "RU-MOS" and centre.country == "RU"
    row11 = "космонавты-испытатели отряда космонавтов Центра подготовки космонавтов им. Ю.А. Гагарина, ученые"
    assert one(row11).key == centre.key and one(row11).fuzzy
    assert one("космонавты и сотрудники ЦПК").key == centre.key


def test_row13_foundation_with_its_quoted_name_and_developer_role():
    content = (
        "Демонстрация материалов Гагаринского урока (разработчик – "
        "Фонд популяризации пилотируемой космонавтики "
        "«Космос – это мы», \nг. Москва), встреча школьников с племянницей первого космонавта"
    )
    fund = one(content, "content", OrgRole.MENTIONED)
    assert fund.name == "Фонд популяризации пилотируемой космонавтики «Космос – это мы»"
    assert fund.role is OrgRole.ORGANISER and fund.country == "RU" and not fund.fuzzy
    found = orgs(
        "Представители Госкорпорации «Роскосмос»,  Фонда популяризации пилотируемой космонавтики, учреждений"
    )
    assert [o.key for o in found] == ["roskosmos", fund.key]
    assert found[0].name == "Госкорпорация «Роскосмос»" and found[1].fuzzy


def test_row14_nested_quotes_without_the_final_one():
    cell = (
        "Государственное учреждение «Мемориальный комплекс «Брестская крепость – герой»\n"
        "(г. Брест, Республика Беларусь)"
    )
    org = one(cell, "place", OrgRole.HOST)
    # the legal form is written out in the cell: the name keeps it so, the abbreviation is the form
    assert org.name == "Государственное учреждение «Мемориальный комплекс «Брестская крепость – герой»»"
    assert org.legal_form == "ГУ"
    assert org.short_name == "Мемориальный комплекс «Брестская крепость – герой»"
    assert (org.legal_form, org.country, org.region_code, org.place_key) == ("ГУ", "BY", "BY-BR", "brest")


def test_row15_supporter_and_centre_in_gomel():
    text = (
        "Представители ГУО «Гомельский городской центр дополнительного "
        "образования детей и молодежи» (Республика "
        "Беларусь) при поддержке Российского центра науки и культуры в г. Гомеле (Республика Беларусь); "
        "представители ОГБУК «Смоленский государственный \nмузей-заповедник» (г. Смоленск)"
    )
    centre, rcsc, museum = orgs(text)
    assert (centre.legal_form, centre.country, centre.region_code, centre.place_key) == (
        "ГУО",
        "BY",
        "BY-HO",
        "gomel",
    )
    assert rcsc.name == "Российский центр науки и культуры в г. Гомеле"
    assert (rcsc.country, rcsc.region_code, rcsc.role) == ("RU", "BY-HO", OrgRole.SUPPORTER)
    assert museum.key == organisation_key("ГБУК «Смоленский государственный музей-заповедник»")
    assert (museum.country, museum.region_code, museum.place_key) == ("RU", "RU-SMO", "smolensk")


def test_row16_representation_and_its_centre_are_one():
    content = (
        "Организатор проекта: Представительство Россотрудничества в Республике Беларусь – Российский центр "
        "науки и культуры в г. Минске"
    )
    (org,) = orgs(content, "content", OrgRole.MENTIONED)
    assert org.name == "Представительство Россотрудничества в Республике Беларусь"
    assert (org.role, org.country, org.region_code) == (OrgRole.ORGANISER, "RU", "BY-HM")
    alone = one("Российский центр науки и культуры в г. Минске")
    assert alone.key == org.key and alone.fuzzy


def test_row16_local_administration_in_lower_case():
    org = one("администрация Звездного городка, российские и белорусские школьники")
    assert org.name == "Администрация Звездного городка"
    assert (org.country, org.region_code, org.place_key) == ("RU", "RU-MOS", "zvezdnyi-gorodok")


def test_row18_written_out_legal_form_in_any_case():
    title = (
        "Посещение соревновательной площадки V открытого регионального чемпионата «Молодые профессионалы» "
        "(WorldSkillsRussia) делегацией Учреждения образования «Могилевский государственный политехнический "
        "колледж» (Республика Беларусь)"
    )
    org = one(title, "title")
    assert org.name == "Учреждение образования «Могилевский государственный политехнический колледж»"
    assert (org.legal_form, org.country, org.region_code) == ("УО", "BY", "BY-MA")
    lower = one("Делегация учреждения образования «Могилевский государственный политехнический колледж»")
    assert lower.key == org.key


def test_row18_abbreviation_resolved_by_the_alias_table():
    cell = "г. Смоленск\nДС «Юбилейный» (ул. Черняховского\nд. 29),\nОГБПОУ «СмолАПО»\n(г. Смоленск)"
    org = one(cell, "place", OrgRole.HOST)
    assert org.name == "ОГБПОУ «Смоленская академия профессионального образования»"
    assert org.text == "ОГБПОУ «СмолАПО»" and org.fuzzy and org.place_key == "smolensk"


def test_row19_minsk_city_college():
    cell = "г. Минск,\nРеспублика Беларусь\n(ГУО «Минский городской педагогический колледж»)"
    org = one(cell, "place", OrgRole.HOST)
    assert (org.country, org.region_code, org.place_key) == ("BY", "BY-HM", "minsk")


def test_row21_unclosed_nested_name():
    text = (
        "Обучающиеся муниципальных образований Смоленской области, "
        "СОГБУДО «Центр развития творчества детей и "
        "юношества», \nГУДО «Молодечненский центр творчества детей и молодежи «Маладик» (Республика Беларусь)"
    )
    centre, maladik = orgs(text)
    assert centre.legal_form == "СОГБУДО" and centre.region_code == "RU-SMO"
    assert maladik.short_name == "Молодечненский центр творчества детей и молодежи «Маладик»"
    assert (maladik.country, maladik.region_code) == ("BY", "BY-MI")


def test_row23_unions():
    content = (
        "подписания плана реализации совместных мероприятий между Общероссийской общественной организацией "
        "«Российский Союз Молодежи» и Общественным объединением «Белорусский республиканский союз молодежи»"
    )
    rsm, brsm = orgs(content, "content")
    assert rsm.name == "Общероссийская общественная организация «Российский Союз Молодежи»"
    assert (rsm.short_name, rsm.country) == ("Российский Союз Молодежи", "RU")
    assert brsm.name == "Общественное объединение «Белорусский республиканский союз молодежи»"
    assert (brsm.legal_form, brsm.country) == ("ОО", "BY")
    assert (
        one("г. Смоленск, СОГБУК\n«КВЦ имени Тенишевых»", "place").key
        == "kulturno-vystavochnyi-tsentr-imeni-tenishevykh"
    )


def test_row24_government_and_ministry_from_the_office():
    title = (
        "Подписание Плана мероприятий на\n2020-2022 годы к Соглашению "
        "между Администрацией Смоленской области и "
        "Правительством Республики Беларусь о сотрудничестве"
    )
    assert [o.name for o in orgs(title, "title")] == [
        "Администрация Смоленской области",
        "Правительство Республики Беларусь",
    ]
    assert orgs(title, "title")[1].country == "BY"
    participants = (
        "Заместитель Губернатора Смоленской области Р.Л. Ровбель;  "
        "\nПервый Заместитель Министра транспорта и "
        "коммуникаций Республики Беларусь\nА.А. Ляхнович"
    )
    ministry = one(participants)
    assert (
        ministry.name == "Министерство транспорта и коммуникаций Республики Беларусь"
        and ministry.country == "BY"
    )


def test_no_organisation_in_plain_text():
    assert orgs("Спортсмены из Республики Беларусь; спортсмены из регионов Российской Федерации") == ()
    assert orgs("возложения цветов к могиле Героя Советского Союза М.А. Егорова") == ()
    assert orgs("посетили Исторический музей") == ()
    assert orgs("") == ()


# ----------------------------------------------------------------------------- keys


@pytest.mark.parametrize(
    "variants",
    [
        [
            "ГБУК «Смоленский государственный музей-заповедник»",
            "ОГБУК «Смоленский государственный музей-заповедник»",
            "Смоленский государственный музей-заповедник",
        ],
        ["СОГБУК «Музей Ю.А. Гагарина»", "«Музей Ю.А. Гагарина»", "Музей Ю.А. Гагарина"],
        [
            "Администрацией Смоленской области",
            "Администрация Смоленской области",
            "Администрации Смоленской области",
        ],
        [
            "Гомельский облисполком",
            "Гомельским областным исполнительным комитетом",
            "Гомельского облисполкома",
        ],
        [
            "ГБУК «Смоленская областная универсальная научная библиотека имени\nА.Т. Твардовского»",
            "Смоленская областная универсальная научная библиотека им. А.Т. Твардовского",
        ],
        ["ЦПК", "Центр подготовки космонавтов им. Ю.А. Гагарина", "ФГБУ «НИИ ЦПК имени Ю.А. Гагарина»"],
        [
            "Учреждение образования «Могилевский государственный политехнический колледж»",
            "УО «Могилевский государственный политехнический колледж»",
        ],
        ["ООО «Смоленский льнозавод»", "ООО «Смоленский Льнозавод»", 'ООО "Смоленский льнозавод"'],
    ],
)
def test_one_key_per_organisation(variants):
    assert len({organisation_key(v) for v in variants}) == 1


def test_keys_are_readable_slugs():
    assert organisation_key("СОГБУК «Музей Ю.А. Гагарина»") == "muzei-iu-a-gagarina"
    assert organisation_key("Гомельский облисполком") == "gomelskii-oblastnoi-ispolnitelnyi-komitet"
    assert organisation_key("ООО «Ёлка»") == organisation_key("ООО «Елка»") == "elka"


def test_different_organisations_keep_different_keys():
    assert organisation_key("Гомельский облисполком") != organisation_key("Гомельский горисполком")
    assert organisation_key("МБОУ «Средняя школа № 2 г. Ярцево»") != organisation_key(
        "МБОУ «Средняя школа № 3 г. Ярцево»"
    )


# ----------------------------------------------------------------------------- variants


@pytest.mark.parametrize(
    ("text", "name", "legal_form", "country", "region", "place"),
    [
        (
            "МБОУ «Средняя школа № 2 г. Ярцево»",
            "МБОУ «Средняя школа № 2 г. Ярцево»",
            "МБОУ",
            "RU",
            "RU-SMO",
            "iartsevo",
        ),
        ("ГУО «Средняя школа № 5 г. Орши»", "ГУО «Средняя школа № 5 г. Орши»", "ГУО", "BY", "BY-VI", "orsha"),
        (
            "Витебский областной исполнительный комитет",
            "Витебский областной исполнительный комитет",
            None,
            "BY",
            "BY-VI",
            None,
        ),
        (
            "Министерство образования Республики Беларусь",
            "Министерство образования Республики Беларусь",
            None,
            "BY",
            None,
            None,
        ),
        (
            "делегация Витебского горисполкома",
            "Витебский городской исполнительный комитет",
            None,
            "BY",
            "BY-VI",
            "vitebsk",
        ),
        (
            "совместно с Могилевским облисполкомом",
            "Могилевский областной исполнительный комитет",
            None,
            "BY",
            "BY-MA",
            None,
        ),
        ("ОАО «Гомельстекло» (Республика Беларусь)", "ОАО «Гомельстекло»", "ОАО", "BY", None, None),
        ("ЗАО «Атлант» (г. Минск)", "ЗАО «Атлант»", "ЗАО", "BY", "BY-HM", "minsk"),
        (
            "ФГБОУ ВО «Смоленский государственный университет»",
            "ФГБОУ ВО «Смоленский государственный университет»",
            "ФГБОУ ВО",
            "RU",
            "RU-SMO",
            None,
        ),
        (
            "УЗ «Оршанская центральная поликлиника»",
            "УЗ «Оршанская центральная поликлиника»",
            "УЗ",
            "BY",
            "BY-VI",
            "orsha",
        ),
        ("с Администрацией Брянской области", "Администрация Брянской области", None, "RU", "RU-BRY", None),
        ("ПАО «Дорогобуж»", "ПАО «Дорогобуж»", "ПАО", "RU", None, None),
        (
            "Государственное учреждение культуры «Гомельский областной драматический театр»",
            "Государственное учреждение культуры «Гомельский областной драматический театр»",
            "ГУК",
            "BY",
            "BY-HO",
            None,
        ),
    ],
)
def test_unseen_organisations(text, name, legal_form, country, region, place):
    org = one(text)
    assert (org.name, org.legal_form, org.country, org.region_code, org.place_key) == (
        name,
        legal_form,
        country,
        region,
        place,
    )


def test_embassy_of_belarus_from_an_office():
    org = one("встреча с Послом Республики Беларусь в Российской Федерации В.С. Семашко")
    assert org.name == "Посольство Республики Беларусь в Российской Федерации" and org.country == "BY"


def test_german_founder():
    company = orgs("ООО «Кнауф Гипс» (учредитель – немецкая компания «Knauf»)", "title")[0]
    assert company.founder_country == "DE"


# ----------------------------------------------------------------------------- quotes


def test_quoted_end_nesting_and_missing_closing_quote():
    text = "«Мемориальный комплекс «Брестская крепость – герой» (г. Брест)"
    assert text[: quoted_end(text, 0)] == "«Мемориальный комплекс «Брестская крепость – герой»"
    assert quoted_end("«A «B» C»", 0) == len("«A «B» C»")
    assert quoted_end("нет кавычек", 0) is None
    assert unquote("«Мемориальный комплекс «Брестская крепость – герой»") == (
        "Мемориальный комплекс «Брестская крепость – герой»"
    )


def test_two_bodies_joined_by_and_stay_two():
    text = (
        "заседание рабочей группы Совета Министров Республики Беларусь и Правительства Российской Федерации"
    )
    assert [(o.name, o.country) for o in orgs(text)] == [
        ("Совет Министров Республики Беларусь", "BY"),
        ("Правительство Российской Федерации", "RU"),
    ]


def test_surname_after_a_body_is_not_part_of_its_name():
    text = "Заместитель Председателя Правительства Смоленской области Иванов И.И., представители"
    assert one(text).name == "Правительство Смоленской области"


def test_body_with_its_subject():
    assert one("Департамент Смоленской области по культуре; участники").name == (
        "Департамент Смоленской области по культуре"
    )
    assert one("Комитетом по делам молодежи Витебского облисполкома").name.startswith(
        "Комитет по делам молодежи"
    )


def test_universities_named_after_their_towns():
    smolensk, polotsk = orgs(
        "Смоленским государственным университетом и Полоцким государственным университетом"
    )
    assert (smolensk.name, smolensk.region_code) == ("Смоленский государственный университет", "RU-SMO")
    assert (polotsk.name, polotsk.country, polotsk.region_code) == (
        "Полоцкий государственный университет",
        "BY",
        "BY-VI",
    )


def test_town_written_after_the_quoted_name():
    school, gymnasium = orgs("Обучающиеся МБОУ «СШ № 7» г. Смоленска и ГУО «Гимназия № 1 г. Горки»")
    assert (school.place_key, school.region_code) == ("smolensk", "RU-SMO")
    assert (gymnasium.place_key, gymnasium.region_code) == ("gorki", "BY-MA")


def test_exact_spelling_wins_over_an_alias_in_one_cell():
    text = "Центра подготовки космонавтов и ФГБУ «НИИ ЦПК имени Ю.А. Гагарина»"
    org = one(text)
    assert not org.fuzzy and org.text == "ФГБУ «НИИ ЦПК имени Ю.А. Гагарина»"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "первый заместитель министра образования Республики Беларусь",
            ["Министерство образования Республики Беларусь"],
        ),
        (
            "представители министерства культуры Смоленской области",
            ["Министерство культуры Смоленской области"],
        ),
        ("союза Беларуси и России", []),
        ("сотрудники музея", []),
        ("при поддержке правительства", []),
        ("Фонд выделил средства", []),
    ],
)
def test_lower_case_bodies_need_a_named_place(text, expected):
    assert [o.name for o in orgs(text)] == expected


def test_eponym_without_initials():
    text = "г. Гродно (Республика Беларусь), Гродненский государственный университет имени Янки Купалы"
    org = one(text, "place", OrgRole.HOST)
    assert org.name == "Гродненский государственный университет имени Янки Купалы"
    assert (org.country, org.region_code, org.place_key) == ("BY", "BY-HR", "grodno")


def test_structural_unit_is_its_body():
    content = (
        "Подписание Соглашения (утверждено распоряжением Администрации Смоленской области от 21 февраля "
        "2020 года № 175-р/адм, зарегистрировано в протокольном отделе Управления делами Аппарата "
        "Администрации Смоленской области 1 июня 2020 года № 065/27-с)"
    )
    assert [o.key for o in orgs(content, "content")] == ["administratsiia-smolenskoi-oblasti"]


# ----------------------------------------------------------------------------- synthetic corpus misses


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Выставка является совместным проектом с Минским областным исполнительным комитетом. "
            "Представлено 41 экспонат",
            "Минский областной исполнительный комитет",
        ),
        (
            "Выставка является совместным проектом с Минским городским исполнительным комитетом. Далее",
            "Минский городской исполнительный комитет",
        ),
        (
            "совместным проектом с Гомельским областным исполнительным комитетом. Представлено 77 экспонатов",
            "Гомельский областной исполнительный комитет",
        ),
        (
            "проектом с Могилевским областным исполнительным\nкомитетом. Представлено 147 экспонатов",
            "Могилевский областной исполнительный комитет",
        ),
        (
            "выступили представители Белорусской торгово-промышленной палаты. Подписано 6 соглашений",
            "Белорусская торгово-промышленная палата",
        ),
    ],
)
def test_a_sentence_final_period_is_not_part_of_the_name(text, name):
    org = one(text, "content", OrgRole.MENTIONED)
    assert org.name == name
    assert not org.text.endswith(".")


def test_the_period_free_name_does_not_replace_the_participants_spelling():
    content = one("Выставка является совместным проектом с Минским областным исполнительным комитетом. Далее")
    participants = one("представители Минского областного\nисполнительного комитета; около 480 участников")
    assert content.key == participants.key and content.name == participants.name


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Обсуждены итоги совместной работы Администрации Псковской области и Минского областного "
            "исполнительного комитета",
            ["Администрация Псковской области", "Минский областной исполнительный комитет"],
        ),
        (
            "Обсуждены итоги совместной работы Департамента Смоленской области по социальному развитию и "
            "Могилевского областного исполнительного комитета",
            [
                "Департамент Смоленской области по социальному развитию",
                "Могилевский областной исполнительный комитет",
            ],
        ),
        (
            "3 представителей Департамента Смоленской области по сельскому хозяйству и продовольствию и "
            "13 обучающихся получили удостоверения",
            ["Департамент Смоленской области по сельскому хозяйству и продовольствию"],
        ),
        (
            "работы Правительства Брянской области и Витебского отделения Белорусской торгово-промышленной "
            "палаты",
            ["Правительство Брянской области", "Витебское отделение Белорусской торгово-промышленной палаты"],
        ),
        (  # "и" inside one name still joins
            "делегация Министерства образования и науки Российской Федерации",
            ["Министерство образования и науки Российской Федерации"],
        ),
    ],
)
def test_a_body_after_and_is_not_part_of_the_first(text, names):
    assert [o.name for o in orgs(text, "content")] == names


def test_a_name_ends_at_a_sentence_end_not_before_it():
    text = (
        "Обсуждены итоги совместной работы Правительства Брянской области и Министерства спорта и туризма "
        "Республики Беларусь. Следующая\nвстреча запланирована в г. Минске"
    )
    government, ministry = orgs(text, "content")
    assert government.name == "Правительство Брянской области"
    assert ministry.name == "Министерство спорта и туризма Республики Беларусь"
    assert ministry.country == "BY"
    subject = one("итоги работы Департамента Смоленской области по культуре. Следующая встреча", "content")
    assert subject.name == "Департамент Смоленской области по культуре"


def test_a_legal_form_missing_from_the_table_is_read_from_its_parts():
    org = one("Сотрудники ОГБУЗ «Смоленская\nобластная клиническая больница»; сотрудники")
    assert (org.name, org.legal_form, org.country, org.region_code) == (
        "ОГБУЗ «Смоленская областная клиническая больница»",
        "ОГБУЗ",
        "RU",
        "RU-SMO",
    )


def test_a_legal_form_followed_by_its_regions_initials():
    first, second = orgs(
        "Делегация ГБПОУ ПО «Великолукский политехнический колледж»;\nРектор УО «Витебский государственный "
        "университет имени П.М. Машерова» О.А. Ковальчук"
    )
    assert (first.name, first.legal_form, first.country) == (
        "ГБПОУ ПО «Великолукский политехнический колледж»",
        "ГБПОУ ПО",
        "RU",
    )
    assert first.key == organisation_key("ГБПОУ «Великолукский политехнический колледж»")
    assert second.legal_form == "УО"


RU_FORMS = (
    *("ОГАУ", "ОГКУ", "СОГАУ", "МБУ", "МАУ", "МБДОУ", "МКОУ", "ГАУК", "ГБОУ", "ГАПОУ", "ОГАПОУ"),
    *("ФГКУ", "ФКУ", "АНО", "НКО", "ЗАО", "ПАО"),
)


@pytest.mark.parametrize(
    ("form", "country"),
    [
        *[(f, "RU") for f in RU_FORMS],
        ("ФГАОУ ВО", "RU"),
        ("ФГБОУ ВО", "RU"),
        *[(f, "BY") for f in ("ЧУП", "ОДО", "СООО", "УП", "РУП", "КУП", "ГУК")],
        *[(f, None) for f in ("ОАО", "ИП", "ГУ", "УК")],
    ],
)
def test_legal_forms(form, country):
    org = one(f"представители {form} «Надежда»; делегация")
    assert (org.name, org.legal_form, org.short_name, org.country) == (
        f"{form} «Надежда»",
        form,
        "Надежда",
        country,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Представители Главного управления спорта Смоленской области",
        "встреча с Главным управлением спорта Смоленской области",
        "Главное управление спорта Смоленской области",
        "при поддержке главного управления спорта Смоленской области",
        "благодарность Главному управлению спорта Смоленской области",
    ],
)
def test_a_main_directorate_is_a_body(text):
    org = one(text, "content")
    assert org.name.lower() == "главное управление спорта смоленской области"
    assert (org.country, org.region_code) == ("RU", "RU-SMO")


def test_units_of_a_body_give_the_body():
    text = (
        "зарегистрировано в протокольном отделе Управления делами Аппарата Администрации Смоленской области"
    )
    assert [o.name for o in orgs(text, "title")] == ["Администрация Смоленской области"]
    unit = "в организационном управлении Аппарата Администрации Псковской области"
    assert [o.name for o in orgs(unit, "title")] == ["Администрация Псковской области"]
    # a directorate with its field, of a body named after it, is a body whatever its case of
    # letters ("управление культуры Витебского облисполкома" is a legal entity of its own)
    lower = "представители управления образования Гомельского облисполкома"
    assert [o.name for o in orgs(lower)] == [
        "Управление образования Гомельского областного исполнительного комитета"
    ]
    (directorate,) = orgs("представители Управления образования Гомельского облисполкома")
    assert directorate.name == "Управление образования Гомельского областного исполнительного комитета"
    assert (directorate.country, directorate.region_code) == ("BY", "BY-HO")
    assert orgs("вопросы государственного управления Смоленской области", "content") == ()


def test_branches_are_bodies_of_their_own():
    mogilev, vitebsk = orgs(
        "делегация Могилевского (Витебского) отделения Белорусской торгово-промышленной палаты"
    )
    assert mogilev.name == "Могилевское отделение Белорусской торгово-промышленной палаты"
    assert vitebsk.name == "Витебское отделение Белорусской торгово-промышленной палаты"
    assert (mogilev.region_code, vitebsk.region_code, mogilev.country) == ("BY-MA", "BY-VI", "BY")
    assert organisation_key("Белорусская торгово-промышленная палата") not in (mogilev.key, vitebsk.key)


def test_a_regional_branch_of_a_quoted_organisation():
    (branch,) = orgs(
        "Делегация Смоленского регионального отделения Общероссийской общественной\nорганизации "
        "«Российский Союз Молодежи», представители"
    )
    assert branch.name == (
        "Смоленское региональное отделение Общероссийской общественной организации «Российский Союз Молодежи»"
    )
    assert (branch.country, branch.region_code, branch.legal_form) == ("RU", "RU-SMO", None)
    assert branch.key != organisation_key("Российский Союз Молодежи")
    # keys are cut at 80 characters: the branches of two such organisations must still differ
    (other,) = orgs(
        "Делегация Смоленского регионального отделения Общероссийской общественной организации "
        "«Молодая Гвардия»"
    )
    assert other.key != branch.key
    (filial,) = orgs("сотрудники Брянского филиала ФГБОУ ВО «Российская академия народного хозяйства»")
    assert filial.name == "Брянский филиал ФГБОУ ВО «Российская академия народного хозяйства»"
    assert filial.region_code == "RU-BRY"


def test_a_branch_of_an_all_russian_organisation_in_another_region():
    (branch,) = orgs(
        "делегация Брянского регионального отделения Всероссийской общественной организации "
        "«Молодая Гвардия Единой России»"
    )
    assert branch.name.startswith("Брянское региональное отделение Всероссийской общественной организации")
    assert (branch.country, branch.region_code) == ("RU", "RU-BRY")
    assert [o.name for o in orgs("Смоленского отделения ПАО «Сбербанк»")] == [
        "Смоленское отделение ПАО «Сбербанк»"
    ]


def test_a_genitive_that_is_also_a_verb_stays_in_the_name():
    ministry, embassy = orgs(
        "Сотрудники Министерства иностранных дел Республики Беларусь и Посольства Республики Беларусь "
        "в Российской Федерации."
    )
    assert ministry.name == "Министерство иностранных дел Республики Беларусь"
    assert embassy.name == "Посольство Республики Беларусь в Российской Федерации"


def test_a_written_out_legal_form_after_and_starts_another_organisation():
    administration, union = orgs(
        "Обсуждены итоги совместной работы Администрации Псковской области и Общественного объединения "
        "«Белорусский республиканский союз молодежи». Следующая встреча"
    )
    assert administration.name == "Администрация Псковской области"
    assert (union.legal_form, union.short_name) == ("ОО", "Белорусский республиканский союз молодежи")


def test_a_bodys_own_words_give_its_country_before_a_parenthesis():
    (embassy,) = orgs(
        "представители Посольства Российской Федерации в Республике Беларусь (Республика Беларусь)"
    )
    assert embassy.country == "RU"
    (company,) = orgs("представители ООО «Белорусские продукты» (Российская Федерация)")
    assert company.country == "RU"


def test_belarusian_directorates_and_committees_of_an_executive_committee():
    (directorate,) = orgs("делегация Главного управления по образованию Гомельского облисполкома")
    assert (
        directorate.name
        == "Главное управление по образованию Гомельского областного исполнительного комитета"
    )
    assert directorate.region_code == "BY-HO"
    (committee,) = orgs("Комитет по сельскому хозяйству и продовольствию Витебского облисполкома")
    assert committee.name.startswith("Комитет по сельскому хозяйству и продовольствию Витебского")
    assert committee.region_code == "BY-VI"


def test_a_known_seat_wins_over_the_town_before_it_in_a_place_cell():
    (centre,) = orgs(
        "г. Псков,\nПсковская область,\n(Российский центр науки и культуры в г. Минске)", "place"
    )
    assert (centre.place_key, centre.region_code) == ("minsk", "BY-HM")


def test_a_region_named_by_the_bodys_own_words_wins_over_its_seat():
    (executive,) = orgs("Минский областной исполнительный комитет\n(г. Минск, Республика Беларусь)", "place")
    assert (executive.region_code, executive.place_key) == ("BY-MI", "minsk")
    (ministry,) = orgs("Министерство культуры Республики Беларусь\n(г. Минск, Республика Беларусь)", "place")
    assert ministry.region_code == "BY-HM"


# ----------------------------------------------------------------------------- bodies without a known form


@pytest.mark.parametrize(
    ("text", "name", "form"),
    [
        ("товарищеская игра ФК «Сокол» (г. Рославль)", "ФК «Сокол»", "ФК"),
        ("совместно с ГНУ «Институт физики» (г. Минск)", "ГНУ «Институт физики»", "ГНУ"),
        ("Слушатели ФГБОУ ВО СГИУ Минобрнауки России", "ФГБОУ ВО СГИУ", "ФГБОУ ВО"),
    ],
)
def test_capitals_before_a_name_are_a_form(text, name, form):
    org = one(text, "content")
    assert (org.name, org.legal_form) == (name, form)


def test_a_facility_before_a_quoted_name_is_a_place_not_a_body():
    assert orgs("г. Ярцево, ДС «Сокол»", "place", OrgRole.HOST) == ()


def test_a_place_adjective_before_an_abbreviation_names_a_body():
    (plant,) = orgs("экскурсия на Тверскую АЭС", "content")
    assert (plant.name, plant.region_code) == ("Тверская АЭС", "RU-TVE")
    (institute,) = orgs("сотрудники Брянского НИИСХ", "content")
    assert institute.name == "Брянский НИИСХ"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Центр поддержки бизнеса Гомельской области", "Центр поддержки бизнеса Гомельской области"),
        ("Концерт Заслуженного ансамбля песни и танца Республики Беларусь имени И.И. Иванова",
         "Заслуженный ансамбль песни и танца Республики Беларусь имени И.И. Иванова"),
        ("Фестиваль проведен Администрацией муниципального образования «Ельнинский район» Смоленской области",
         "Администрация муниципального образования «Ельнинский район» Смоленской области"),
    ],
)  # fmt: skip
def test_institutions_and_administrations_without_a_form(text, name):
    assert one(text, "content").name == name


def test_a_district_organisation_of_a_body_is_a_branch():
    (branch,) = orgs("Организатор – Оршанская районная организация ОО «БРСМ»", "content")
    assert branch.name.startswith("Оршанская районная организация")
    assert branch.region_code == "BY-VI"


def test_a_full_name_after_a_body_is_not_part_of_it():
    (body,) = orgs("Начальник Главного управления спорта Смоленской области Петров Иван Сергеевич")
    assert body.name == "Главное управление спорта Смоленской области"


def test_a_quoted_name_in_the_tail_belongs_to_the_body():
    (zone,) = orgs("посещение Администрации свободной экономической зоны «Гродноинвест»", "content")
    assert zone.name == "Администрация свободной экономической зоны «Гродноинвест»"


def test_a_minsk_enterprise_is_of_the_city_an_oblast_body_of_the_oblast():
    assert one("переговоры с ОАО «Минский моторный завод»", "content").region_code == "BY-HM"
    assert one("Минский областной исполнительный комитет").region_code == "BY-MI"
    assert one("ОАО «Гродненский мясокомбинат»", "content").region_code == "BY-HR"
