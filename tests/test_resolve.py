"""In-article resolution: mention typing, metonymy, name joining, descriptions, pronouns.

Every text is a sentence or two of the seed and dev articles, parsed by the real pipeline
(gazetteer entity ruler, line-break sentence splitter, small English model).
"""

from __future__ import annotations

import pytest

from kg.model import Article, EntityKey, EntityType
from kg.nlp.reference import Resolution, resolve

K = EntityKey.parse  # keys as tests write them: K("Person:vladimir putin")


@pytest.fixture(scope="module")
def pipe():
    from kg.nlp import pipeline

    return pipeline()


@pytest.fixture(scope="module")
def run(pipe):
    def _run(text: str) -> tuple[Resolution, object]:
        doc = pipe(text)
        return resolve(doc, Article(id="t", text=text, origin="test")), doc

    return _run


def _entities(res: Resolution) -> dict[tuple[EntityType, str], frozenset[str]]:
    return {(e.type, e.name): e.aliases for e in res.entities()}


def _token(doc, word: str, nth: int = 0):
    return [t for t in doc if t.text == word][nth]


SEED_LEAD = (
    "North Korean leader Kim Jong-un pledged his country's commitment to supporting Russia, "
    'describing assistance to Moscow as a "fraternal duty".\n\n'
    "The remarks came Wednesday during a meeting with President Vladimir Putin in Beijing.\n\n"
    "For his part, Putin expressed appreciation for North Korea's military role."
)


def test_short_names_join_the_full_name(run):
    res, _ = run(SEED_LEAD + "\n\nKim told Putin it was a duty.")
    ents = _entities(res)
    assert "Putin" in ents[(EntityType.PERSON, "Vladimir Putin")]
    assert "Kim" in ents[(EntityType.PERSON, "Kim Jong-un")]
    assert not any(name in ("Putin", "Kim") for _, name in ents)


def test_capital_that_acts_is_the_state_and_a_located_one_is_the_city(run):
    res, doc = run("Moscow also announced plans to erect a monument in Moscow in honor of the soldiers.")
    assert res.keys(_token(doc, "Moscow", 0)) == (K("Country:russia"),)
    assert res.type_of(res.keys(_token(doc, "Moscow", 1))[0]) is EntityType.PLACE
    ents = _entities(res)
    assert "Moscow" in ents[(EntityType.COUNTRY, "Russia")]
    assert (EntityType.PLACE, "Moscow") in ents


def test_the_kremlin_acting_is_russia(run):
    res, doc = run("The Kremlin leader also said Kim had asked him to pass on a message.")
    assert res.keys(_token(doc, "Kremlin")) == (K("Country:russia"),)


def test_a_seat_of_power_as_a_place_is_a_place(run):
    res, _ = run(
        "Speaking from the White House shortly after 7 a.m. in Washington, President Barack "
        "Obama said the agreement shut off every route Iran could take to a bomb."
    )
    assert (EntityType.PLACE, "White House") in _entities(res)


def test_the_russian_president_is_putin(run):
    res, doc = run(
        "Russian President Vladimir Putin met Kim Jong-un in Vladivostok.\n\n"
        "The Russian president said the talks were useful."
    )
    assert res.keys(_token(doc, "president")) == (K("Person:vladimir putin"),)


def test_he_is_the_previous_subject(run):
    res, doc = run(
        "Kim arrived on Wednesday aboard his armoured train. "
        "He told Russian television he hoped the talks would succeed.".replace("Kim", "Kim Jong-un", 1)
    )
    assert res.keys(_token(doc, "He")) == (K("Person:kim jong un"),)


def test_the_two_countries_are_the_two_states(run):
    res, doc = run(
        "PRAGUE — The presidents of the United States and Russia signed a treaty on Thursday "
        "that commits the two countries to the deepest cuts in their nuclear arsenals."
    )
    assert set(res.keys(_token(doc, "countries"))) == {K("Country:russia"), K("Country:united states")}


def test_the_two_leaders_are_the_pair_just_named(run):
    """The story's most named pair (Bush and Brown) is not the pair the last sentence named."""
    res, doc = run(
        "UK Prime Minister Gordon Brown spoke about Zimbabwe. Brown and George W. Bush agreed on sanctions. "
        "Brown later left.\n\n"
        "The summit opened with a press conference of US President George W. Bush and Japanese Prime "
        "Minister Yasuo Fukuda. Before the conference, the two leaders met to discuss international affairs."
    )
    assert set(res.keys(_token(doc, "leaders"))) == {K("Person:george w bush"), K("Person:yasuo fukuda")}


def test_dateline_is_the_town_filed_from(run):
    res, _ = run("RUKLA, Lithuania — German troops were welcomed on Tuesday at the base in Rukla.")
    assert (EntityType.PLACE, "Rukla") in _entities(res)


def test_two_different_kims_stay_apart_and_kim_is_the_protagonist(run):
    res, doc = run(
        "Kim Jong-un met Vladimir Putin on Russky Island.\n\n"
        "Thursday's talks were the first since 2011, when Kim's father, Kim Jong-il, met "
        "Dmitry Medvedev near Ulan-Ude.\n\nKim arrived on Wednesday aboard his train."
    )
    ents = _entities(res)
    assert (EntityType.PERSON, "Kim Jong-un") in ents
    assert (EntityType.PERSON, "Kim Jong-il") in ents
    assert res.keys(_token(doc, "Kim", -1)) == (K("Person:kim jong un"),)


def test_a_bare_demonym_makes_no_entity(run):
    res, _ = run("The two met at Villa La Grange after being welcomed by Swiss President Guy Parmelin.")
    ents = _entities(res)
    assert not any(type_ is EntityType.COUNTRY for type_, _ in ents)
    assert (EntityType.PLACE, "Villa La Grange") in ents


def test_the_north_is_the_state_named_north(run):
    res, doc = run(
        "North Korea pledged to work toward denuclearization. The president promised security guarantees to the North."
    )
    assert res.keys(_token(doc, "North", -1)) == (K("Country:north korea"),)


def test_office_words_are_not_organisations(run):
    res, _ = run(
        "The talks were led by US Trade Representative Robert Lighthizer and Treasury "
        "Secretary Steven Mnuchin, with Secretary of State Mike Pompeo."
    )
    orgs = [name for type_, name in _entities(res) if type_ is EntityType.ORGANIZATION]
    assert "State" not in orgs and "Treasury" not in orgs


def test_names_in_place_contexts_are_places(run):
    res, _ = run(
        "Ansar Dine and MUJAO had overrun Konna, a central town roughly 700 km from Bamako. "
        "Jets struck the militant columns around Konna on Friday."
    )
    assert (EntityType.PLACE, "Konna") in _entities(res)


def test_hotel_on_an_island_is_two_places(run):
    res, _ = run(
        "Trump and Kim signed the statement after hours of talks at the Capella Hotel on Sentosa, a resort island."
    )
    ents = _entities(res)
    assert (EntityType.PLACE, "Capella Hotel") in ents
    assert (EntityType.PLACE, "Sentosa") in ents


def test_a_demonym_and_an_institution_name_an_organisation_of_that_state(run):
    res, doc = run(
        "A day earlier, fighters from Ansar Dine and MUJAO had overrun Konna, a central town "
        "roughly 700 km from Bamako, routing the Malian army and opening the road to Sévaré."
    )
    army = res.keys(_token(doc, "army"))
    assert army == (K("Organization:malian army"),)
    assert res.keys(_token(doc, "Malian")) == army  # the demonym is part of the name
    assert res.country_of(army[0]) == K("Country:mali")


def test_a_states_possessive_institution_takes_the_demonym_name(run):
    res, doc = run(
        "As the leaders haggled, Ukraine's military reported that about 50 tanks had crossed "
        "from Russia.\n\nBaku's foreign ministry admitted that its forces had fired the missile."
    )
    ents = _entities(res)
    assert "Ukraine's military" in ents[(EntityType.ORGANIZATION, "Ukrainian military")]
    assert res.keys(_token(doc, "ministry")) == (K("Organization:azerbaijani foreign ministry"),)
    assert res.country_of(K("Organization:azerbaijani foreign ministry")) == K("Country:azerbaijan")


def test_a_states_presidency_and_health_ministry_are_its_bodies(run):
    res, _ = run("Sisi received Blinken in Cairo, Egypt's presidency said, as the Palestinian Health Ministry counted.")
    organisations = {n for (t, n) in _entities(res) if t is EntityType.ORGANIZATION}
    assert "Egyptian presidency" in organisations
    assert res.country_of(K("Organization:egyptian presidency")) == K("Country:egypt")


def test_bare_forces_join_the_named_armed_forces_and_make_none_alone(run):
    res, doc = run(
        "The multinational unit will be stationed alongside Lithuanian forces. The commander of "
        "the Lithuanian armed forces, Lieutenant General Jonas Vytautas Žukas, also attended."
    )
    ents = _entities(res)
    assert ents[(EntityType.ORGANIZATION, "Lithuanian armed forces")] >= {"Lithuanian forces"}
    assert res.keys(_token(doc, "forces", 0)) == res.keys(_token(doc, "forces", 1))
    alone, _ = run("Azerbaijani forces took the town of Shusha.")
    assert not any(t is EntityType.ORGANIZATION for t, _ in _entities(alone))


def test_a_leaders_forces_are_his_states_armed_forces(run):
    res, doc = run(
        "Libyan leader Muammar Gaddafi vowed to fight on. A French aircraft destroyed a vehicle "
        "near Benghazi, the rebel stronghold that Gaddafi's forces had begun to push into."
    )
    ents = _entities(res)
    assert "Gaddafi's forces" in ents[(EntityType.ORGANIZATION, "Libyan armed forces")]
    assert res.keys(_token(doc, "forces")) == (K("Organization:libyan armed forces"),)


def test_the_navy_points_back_to_the_one_navy_named(run):
    res, doc = run(
        "On Wednesday morning, pro-Russian militiamen overran the Ukrainian navy's headquarters "
        "in Sevastopol. The navy's commander, Rear Admiral Serhiy Haiduk, was led away."
    )
    assert res.keys(_token(doc, "navy", 1)) == (K("Organization:ukrainian navy"),)


def test_a_described_leader_and_the_pronoun_after_him(run):
    res, doc = run(
        "By the time Donald Trump and Kim Jong-un left the Capella Hotel, they had signed a "
        "statement.\n\nThe 71-year-old American president, undeterred, called the meeting a "
        "triumph. After landing in Washington early this morning he went further."
    )
    trump = (K("Person:donald trump"),)
    assert res.keys(_token(doc, "president")) == trump
    assert res.keys(_token(doc, "he")) == trump


def test_venue_names_are_places_and_their_preposition_resolves(run):
    res, doc = run(
        "Barack Obama and Dmitry Medvedev signed the New Strategic Arms Reduction Treaty, "
        "known as New START, at a table in the gilded Spanish Hall of Prague Castle, the seat "
        "of the president of the Czech Republic."
    )
    ents = _entities(res)
    assert (EntityType.PLACE, "Spanish Hall") in ents
    assert (EntityType.PLACE, "Prague Castle") in ents
    assert res.keys(_token(doc, "Hall")) == (K("Place:spanish hall"),)


def test_saints_hall_of_the_kremlin_is_two_places(run):
    res, doc = run("The treaty was signed in St George's Hall of the Kremlin by the Russian president.")
    ents = _entities(res)
    assert (EntityType.PLACE, "St George's Hall") in ents
    assert (EntityType.PLACE, "Moscow Kremlin") in ents  # the building, not Russia
    assert not any(name == "St George" for _, name in ents)
    assert res.type_of(res.keys(_token(doc, "Hall"))[0]) is EntityType.PLACE


def test_venue_split_from_the_place_it_stands_in(run):
    res, _ = run("In March, gangs stormed the National Penitentiary in Port-au-Prince and freed thousands of inmates.")
    ents = _entities(res)
    assert (EntityType.PLACE, "National Penitentiary") in ents
    assert not any(t is EntityType.ORGANIZATION for t, _ in ents)


def test_organisation_names_cut_at_in_are_joined_and_initials_are_aliases(run):
    res, doc = run(
        "Gao has been held since last year by the Movement for Oneness and Jihad in West "
        "Africa, known by its French initials MUJAO.\n\n"
        "A day earlier, fighters from Ansar Dine, al-Qaeda in the Islamic Maghreb and MUJAO "
        "had overrun Konna."
    )
    ents = _entities(res)
    assert "MUJAO" in ents[(EntityType.ORGANIZATION, "Movement for Oneness and Jihad in West Africa")]
    assert (EntityType.ORGANIZATION, "al-Qaeda in the Islamic Maghreb") in ents
    assert not any(name in ("Islamic Maghreb", "Africa") for _, name in ents)
    assert res.keys(_token(doc, "MUJAO", 1)) == res.keys(_token(doc, "Movement"))


def test_parenthesised_initials_are_an_alias(run):
    res, _ = run("Fighters of al-Qaeda in the Islamic Maghreb (AQIM) seized the town. AQIM later released a statement.")
    assert "AQIM" in _entities(res)[(EntityType.ORGANIZATION, "al-Qaeda in the Islamic Maghreb")]


def test_group_code_with_plus_is_an_organisation(run):
    res, _ = run(
        "The plan was finalised by Iran and the group known as the P5+1 — the United States, "
        "Britain, France, Germany, Russia and China."
    )
    assert (EntityType.ORGANIZATION, "P5+1") in _entities(res)


def test_seat_of_power_called_an_office_is_an_organisation(run):
    res, _ = run(
        "Late on Tuesday a spokesman for the Blue House, Moon's office, said the South Korean "
        "government needed to establish exactly what Trump had meant."
    )
    assert (EntityType.ORGANIZATION, "Blue House") in _entities(res)


def test_invited_to_the_white_house_is_the_place(run):
    res, doc = run("He said he would invite Kim to the White House at the appropriate time.")
    assert res.type_of(res.keys(_token(doc, "House"))[0]) is EntityType.PLACE


def test_title_beside_a_name_is_that_person(run):
    res, doc = run(
        "Among them were US Secretary of State Hillary Clinton, the British prime minister, "
        "David Cameron, and Amr Moussa."
    )
    assert res.keys(_token(doc, "minister")) == (K("Person:david cameron"),)


def test_state_leader_prefers_the_leader_over_its_ambassador(run):
    res, doc = run(
        "Vladimir Putin met Joe Biden. He said Russia's ambassador, Anatoly Antonov, would "
        "return to his post. Biden said he had given the Russian leader a list."
    )
    assert res.keys(_token(doc, "leader")) == (K("Person:vladimir putin"),)


def test_place_name_with_a_capitalised_org_word_is_an_organisation(run):
    res, _ = run(
        "Alexei Chaly was proclaimed mayor of Sevastopol, home port of Russia's Black Sea "
        "Fleet, at a rally in the city."
    )
    ents = _entities(res)
    assert (EntityType.ORGANIZATION, "Black Sea Fleet") in ents
    assert (EntityType.PLACE, "Black Sea") not in ents


def test_rank_and_name_tagged_as_organisation_is_a_person(run):
    res, _ = run("The contingent will be commanded by Lieutenant General Rustam Muradov.")
    ents = _entities(res)
    assert (EntityType.PERSON, "Rustam Muradov") in ents
    assert not any(t is EntityType.ORGANIZATION for t, _ in ents)


def test_opening_of_a_formal_name_is_the_state(run):
    res, doc = run(
        "Iran and six world powers concluded an agreement that restricts Tehran's nuclear "
        "programme in return for the lifting of sanctions that have squeezed the Islamic "
        "Republic's oil exports."
    )
    assert res.keys(_token(doc, "Republic")) == (K("Country:iran"),)


def test_hyphenated_given_names_are_people(run):
    res, _ = run(
        "Friday's meeting was only the third between leaders of the two Koreas. Kim Dae-jung "
        "and Roh Moo-hyun both travelled to Pyongyang to meet Kim's father, Kim Jong-il."
    )
    ents = _entities(res)
    assert (EntityType.PERSON, "Kim Dae-jung") in ents
    assert (EntityType.PERSON, "Roh Moo-hyun") in ents


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "A spokesman of the Revolutionary Armed Forces of Colombia (FARC) was killed.",
            "Revolutionary Armed Forces of Colombia",
        ),
        ("Turkish forces in allegiance with the Free Syrian Army (FSA) entered the town.", "Free Syrian Army"),
        (
            "Currently, the Australian Department of Defence states that the operation goes on.",
            "Australian Department of Defence",
        ),
        ("They will train competent Afghan Security Forces.", "Afghan Security Forces"),
        ("Palestinian Islamic Jihad fired rockets at Ashkelon.", "Palestinian Islamic Jihad"),
        ("BBC News noted that the meeting was rare.", "BBC News"),
    ],
)
def test_names_the_gazetteer_cut_are_whole(run, text, name):
    """The gazetteer's ruler runs before the tagger and takes "Colombia", "Syrian",
    "Australian" out of longer names; the pieces are put back together."""
    res, _ = run(text)
    assert (EntityType.ORGANIZATION, name) in _entities(res)


def test_lebanese_hezbollah_is_hezbollah(run):
    res, _ = run("Lebanese Hezbollah fired rockets at Israel.")
    assert (EntityType.ORGANIZATION, "Hezbollah") in _entities(res)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Sudanese Vice President Ali Osman Mohamed Taha signed the agreement.", "Ali Osman Mohamed Taha"),
        ("Iraqi Prime Minister Haider al-Abadi said the military fulfilled its duty.", "Haider al-Abadi"),
    ],
)
def test_long_and_particle_names_are_one_person(run, text, name):
    res, _ = run(text)
    people = [n for (t, n) in _entities(res) if t is EntityType.PERSON]
    assert people == [name]


def test_variants_of_a_full_name_are_one_person(run):
    res, _ = run(
        "US President George W. Bush met Yasuo Fukuda. George Bush said the talks went well. Bush left. "
        "Israel killed Ahmed Jabari. Ahmad Jabari led the group. Jabari had been targeted before."
    )
    people = {n: a for (t, n), a in _entities(res).items() if t is EntityType.PERSON}
    assert set(people) == {"George W. Bush", "Yasuo Fukuda", "Ahmed Jabari"}
    assert {"George Bush", "Bush"} <= people["George W. Bush"]
    assert {"Ahmad Jabari", "Jabari"} <= people["Ahmed Jabari"]


def test_kim_jong_un_and_kim_jong_il_stay_apart(run):
    res, _ = run("Kim Jong-il died in 2011. Kim Jong-un succeeded him.")
    people = {n for (t, n) in _entities(res) if t is EntityType.PERSON}
    assert people == {"Kim Jong-il", "Kim Jong-un"}


def test_a_demonym_on_armed_forces_makes_its_state_an_actor(run):
    res, _ = run("About 150 Australian troops secured the airport in Dili. Swiss President Guy Parmelin spoke.")
    countries = {n for (t, n) in _entities(res) if t is EntityType.COUNTRY}
    assert "Australia" in countries and "Switzerland" not in countries


def test_rebels_named_by_a_demonym_do_not_act_for_the_state(run):
    res, _ = run("Syrian rebels attacked the town.")
    assert (EntityType.COUNTRY, "Syria") not in _entities(res)


def test_one_states_army_and_military_are_one_body(run):
    res, _ = run("The Iraqi army entered Ramadi on Sunday. The Iraqi military said the city was retaken.")
    bodies = [n for (t, n) in _entities(res) if t is EntityType.ORGANIZATION]
    assert len(bodies) == 1


def test_opening_quote_typed_for_an_apostrophe_still_ends_a_possessive(run):
    res, _ = run("The United Kingdom‘s military officials said they had aided the Iraqi army.")
    ents = _entities(res)
    assert (EntityType.COUNTRY, "United Kingdom") in ents
    assert not any("‘" in name for _, name in ents)


def test_a_title_with_its_state_and_a_name_in_apposition_is_that_person(run):
    res, doc = run(
        "President Barack Obama arrived in Yangon. He also spoke with the president of Myanmar, U Thein Sein; "
        "and opposition leader Daw Aung San Suu Kyi."
    )
    people = {n for (t, n) in _entities(res) if t is EntityType.PERSON}
    assert "Daw Aung San Suu Kyi" in people  # the tagger stopped at "Daw Aung"
    president = res.keys(_token(doc, "president"))
    assert president and president != res.keys(_token(doc, "Obama"))


def test_a_place_in_a_wars_name_is_no_mention_of_it(run):
    res, _ = run("Obama said that Afghanistan is not another Vietnam War.")
    countries = {n for (t, n) in _entities(res) if t is EntityType.COUNTRY}
    assert countries == {"Afghanistan"}


def test_an_agreements_name_is_no_organisation(run):
    res, _ = run("Israel and the United Arab Emirates signed the Abraham Accords at the White House.")
    assert not [n for (t, n) in _entities(res) if t is EntityType.ORGANIZATION and "Accords" in n]


def test_an_organisations_name_is_not_joined_across_a_date_and_a_sentence(run):
    res, _ = run("They signed the Treaty on the Non-Proliferation of Nuclear Weapons in 1968.\n\nIsrael and Egypt met.")
    assert (EntityType.COUNTRY, "Israel") in _entities(res)
    assert not [n for (_, n) in _entities(res) if "1968" in n or ("Weapons" in n and "Israel" in n)]


def test_a_known_short_name_inside_a_longer_name_is_another_body(run):
    res, _ = run("U.S. National Security Council spokesman John Kirby spoke after the UN Security Council met.")
    organisations = {n for (t, n) in _entities(res) if t is EntityType.ORGANIZATION}
    assert organisations == {"National Security Council", "United Nations Security Council"}


def test_a_name_before_an_agreement_noun_names_the_agreement_not_an_organisation(run):
    res, _ = run("Russia and North Korea signed the Comprehensive Strategic Partnership agreement on Wednesday.")
    assert {n for (_, n) in _entities(res)} == {"Russia", "North Korea"}


@pytest.mark.parametrize(
    "text",
    ["Netanyahu met Blinken in Jerusalem on March 1.", "Lammy met Wang Yi in Beijing.", "Talks with Lammy ended."],
)
def test_one_unknown_word_that_meets_or_is_met_is_a_person(run, text):
    res, _ = run(text)
    name = next(w for w in ("Blinken", "Lammy") if w in text)
    assert (EntityType.PERSON, name) in _entities(res)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("The strikes hit the Natanz enrichment site south of Tehran.", "Tehran"),
        ("Fighting raged on the outskirts of Kyiv.", "Kyiv"),
        ("The strikes hit the Natanz enrichment site on Friday.", "Natanz enrichment site"),
    ],
)
def test_a_capital_a_place_lies_from_and_a_named_site_are_places(run, text, place):
    res, _ = run(text)
    assert (EntityType.PLACE, place) in _entities(res)


def test_a_place_in_an_agreements_name_is_no_mention_of_it(run):
    res, _ = run("Britain signed the Treaty of Lisbon on Thursday, a day after the ceremony in Lisbon.")
    entities = _entities(res)
    assert (EntityType.COUNTRY, "Portugal") not in entities  # not "Lisbon" read as its country
    assert [n for (t, n) in entities if "Lisbon" in n] == ["Lisbon"]  # the city named on its own


@pytest.mark.parametrize("text", ["NATO will station four battalions in the Baltic states.", "Gulf countries met."])
def test_a_region_that_says_which_states_is_no_place(run, text):
    res, _ = run(text)
    assert not [n for (t, n) in _entities(res) if t is EntityType.PLACE]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Russia and China hold naval drills in the Sea of Japan.", "Sea of Japan"),
        ("Russian and Chinese warships began joint exercises in Sea of Japan on Monday.", "Sea of Japan"),
        ("The carrier sailed into the Bay of Bengal.", "Bay of Bengal"),
    ],
)
def test_a_sea_of_a_state_is_one_place(run, text, place):
    res, _ = run(text)
    assert (EntityType.PLACE, place) in _entities(res)
    assert (EntityType.COUNTRY, "Japan") not in _entities(res)


def test_an_operations_name_and_counted_aircraft_are_no_entities(run):
    res, _ = run(
        "Currently, the Australian Department of Defence states Operation Astute is under way. "
        "Patrols are supported by the four Blackhawks from the 5th Aviation Regiment."
    )
    names = {n for _, n in _entities(res)}
    assert "Operation Astute" not in names and "Blackhawks" not in names
    assert "Australian Department of Defence" in names
