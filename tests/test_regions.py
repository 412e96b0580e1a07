from coopgraph.ingest.organisations import extract_organisations
from coopgraph.ingest.places import extract_places
from coopgraph.ingest.regions import regions_for


def regions(place="", title="", content="", participants=""):
    """regions_for over the four text cells of a row, the way the extractor calls it."""
    places = extract_places(place)
    orgs = []
    for column, text in (
        ("title", title),
        ("place", place),
        ("content", content),
        ("participants", participants),
    ):
        orgs += extract_organisations(text, column)
    return regions_for(places, orgs, (title, place, content, participants))


def test_row1_gomel_executive_committee():
    title = (
        "Подписание Соглашения между Администрацией Смоленской области (Российская Федерация) и Гомельским "
        "областным исполнительным комитетом (Республика Беларусь) о сотрудничестве"
    )
    assert regions("в рабочем порядке", title=title) == ("BY-HO", "RU-SMO")


def test_row11_minsk_oblast_named_in_the_participants():
    participants = (
        "юные исследователи космоса (учащаяся молодежь) – представители 22 регионов России и Минской области "
        "(Республика Беларусь)"
    )
    assert regions("г. Гагарин,\nСмоленская область", participants=participants) == ("BY-MI", "RU-SMO")


def test_row12_cities_in_the_content():
    content = (
        "Все они состоят в литературных объединениях при библиотеках "
        "или вузах г. Смоленска, Смоленской области и "
        "городов Республики Беларусь (г. Минска, г. Витебска, \nг. "
        "Климовичи, г. Кричева, г. Лиозно, г. Хотимска)"
    )
    assert regions("г. Смоленск", content=content) == ("BY-HM", "BY-MA", "BY-VI", "RU-SMO")


def test_row15_gomel_place_and_organisations():
    participants = (
        "Представители ГУО «Гомельский городской центр дополнительного "
        "образования детей и молодежи» (Республика "
        "Беларусь) при поддержке Российского центра науки и культуры в г. Гомеле (Республика Беларусь)"
    )
    assert regions("г. Гомель,\nРеспублика Беларусь", participants=participants) == ("BY-HO",)


def test_row21_molodechno_centre():
    participants = "ГУДО «Молодечненский центр творчества детей и молодежи «Маладик» (Республика Беларусь)"
    assert regions("г. Смоленск", participants=participants) == ("BY-MI", "RU-SMO")


def test_country_alone_adds_no_region():
    assert regions(
        "г. Смоленск", participants="Спортсмены из Республики Беларусь; спортсмены из регионов России"
    ) == ("RU-SMO",)
    assert regions("", content="Представители России и Республики Беларусь") == ()


def test_variants():
    assert regions("г. Орша", content="делегация Брестского облисполкома") == ("BY-BR", "BY-VI")
    assert regions("г. Рославль", participants="школьники г. Бобруйска и г. Жлобина") == (
        "BY-HO",
        "BY-MA",
        "RU-SMO",
    )
    assert regions("г. Брянск") == ("RU-BRY",)


def test_memorial_names_are_not_places():
    # "Гагарина" in an eponym must not add the town Гагарин's region a second time from elsewhere
    assert regions("г. Минск", content="чтения памяти Ю.А. Гагарина") == ("BY-HM",)


def test_regions_are_sorted_and_unique():
    result = regions("г. Минск, г. Минск", content="г. Витебска, Витебской области")
    assert result == ("BY-HM", "BY-VI")


def test_oblasts_listed_with_one_noun_are_each_a_region():
    assert regions(content="работы из Брестской, Гродненской и Минской областей") == (
        "BY-BR",
        "BY-HR",
        "BY-MI",
    )


def test_a_national_body_does_not_bring_its_capital():
    assert regions(participants="представители ОО «Белорусский республиканский союз молодежи»") == ()
    assert regions(participants="Белорусский республиканский союз молодежи (г. Минск)") == ("BY-HM",)
