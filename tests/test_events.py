"""Events from the dependency parse: triggers, roles, dates, claims, optional events,
statement grouping and CAMEO codes.

Every text is a sentence or two of the seed and dev articles, parsed by the real pipeline
(gazetteer entity ruler, line-break sentence splitter, small English model).
"""

from __future__ import annotations

import datetime as dt

import pytest

from kg.events import MEETING, MILITARY_DEPLOYMENT, MILITARY_OPERATION, STATEMENT, TREATY_SIGNING
from kg.model import Article, Event
from kg.nlp.events import extract_events
from kg.nlp.reference import resolve
from kg.registry import EventType


@pytest.fixture(scope="module")
def nlp():
    import kg.nlp

    return kg.nlp.pipeline()


@pytest.fixture(scope="module")
def extract(nlp):
    def _extract(text: str, published: str) -> tuple[Event, ...]:
        doc = nlp(text)
        article = Article(id="t", text=text, origin="test", published=dt.date.fromisoformat(published))
        return extract_events(doc, resolve(doc, article))

    return _extract


def _only(events: tuple[Event, ...], type_: EventType, trigger: str | None = None) -> Event:
    found = [e for e in events if e.type is type_ and (trigger is None or e.trigger == trigger)]
    assert len(found) == 1, f"expected one {type_.value} ({trigger}), got {events}"
    return found[0]


def _names(event: Event, role: str) -> set[str]:
    return {key.name for key in event.role(role)}


# -- meetings -----------------------------------------------------------------------


def test_active_meeting_verb_with_venue_date_and_cameo(extract):
    events = extract("Merkel then met US President Barack Obama at the White House on Monday.", "2015-02-12")
    meeting = _only(events, MEETING)
    assert _names(meeting, "participant") == {"angela merkel", "barack obama"}
    assert _names(meeting, "place") == {"white house"}
    assert meeting.date is not None and meeting.date.value == "2015-02-09"
    assert meeting.cameo == "040" and not meeting.optional


def test_a_visits_other_side_is_its_host_not_whom_the_sentence_before_is_about(extract):
    before = "Blinken met Wang Yi on Friday.\n\n"
    visit = "Emmanuel Macron arrived in New Delhi on Thursday for a three-day state visit."
    meetings = [e for e in extract(before + visit, "2024-11-20") if visit in e.evidence[0].text]
    assert meetings == []  # India is never named: no host to meet, and Blinken is not it
    hosted = [e for e in extract(before + "India welcomed him. " + visit, "2024-11-20") if visit in e.evidence[0].text]
    assert [_names(e, "participant") for e in hosted] == [{"emmanuel macron", "india"}]


def test_two_titled_names_coordinated_as_one_subject_both_met(extract):
    text = "U.S. President Donald Trump and Russian President Vladimir Putin held a phone call on Tuesday."
    call = _only(extract(text, "2025-03-05"), MEETING)
    assert _names(call, "participant") == {"donald trump", "vladimir putin"}


def test_the_people_who_attended_a_summit_met_there(extract):
    text = "The summit in Brussels, attended by Emmanuel Macron, Olaf Scholz and Giorgia Meloni, ended."
    summit = _only(extract(text, "2025-03-05"), MEETING)
    assert _names(summit, "participant") == {"emmanuel macron", "olaf scholz", "giorgia meloni"}


def test_a_meeting_at_a_time_kg_cannot_place_does_not_take_the_storys_day(extract):
    # published on a Wednesday: "last Tuesday" is yesterday or the week before
    text = "Putin met Xi in Moscow on Monday.\n\nRamaphosa met Lula in Brasilia last Tuesday.\n"
    dates = {min(_names(e, "participant")): e.date for e in extract(text, "2025-03-05") if e.type is MEETING}
    assert dates["vladimir putin"] is not None and dates["vladimir putin"].value == "2025-03-03"
    assert dates["luiz inacio lula da silva"] is None


def test_a_meeting_at_a_site_named_by_a_place_before_a_site_word_took_place_there(extract):
    text = "Joe Biden and Xi Jinping met for about four hours at the Filoli estate on Wednesday."
    assert _names(_only(extract(text, "2023-11-16"), MEETING), "place") == {"filoli"}


@pytest.mark.parametrize(
    ("text", "participants", "day"),
    [
        ("Biden urged Netanyahu to hold talks with Abbas.", {"benjamin netanyahu", "abbas"}, None),
        (
            "Egypt and Qatar have called on Israel and Hamas to resume negotiations on August 15.",
            {"israel", "hamas"},
            "2024-08-15",
        ),
    ],
)
def test_talks_someone_is_urged_to_hold_are_theirs_and_optional(extract, text, participants, day):
    talks = _only(extract(text, "2024-08-10"), MEETING)
    assert _names(talks, "participant") == participants  # not the one who urged them
    assert talks.optional
    assert (talks.date.value if talks.date else None) == day  # asked for: a date after publication is ahead


def test_a_dateline_town_is_not_where_a_call_or_a_meeting_in_another_town_took_place(extract):
    text = (
        "TEL AVIV, Oct 25 - Israeli Prime Minister Benjamin Netanyahu met German Chancellor Olaf Scholz on "
        "Wednesday.\n\nEgyptian President Abdel Fattah al-Sisi received U.S. Secretary of State Antony Blinken "
        "in Cairo on Wednesday.\n\nJordan's King Abdullah spoke by phone with French President Emmanuel Macron "
        "on Wednesday.\n"
    )
    meetings = [e for e in extract(text, "2023-10-26") if e.type is MEETING]
    places = {min(_names(e, "participant")): _names(e, "place") for e in meetings}
    assert places["abdel fattah al sisi"] == {"cairo"}  # "in Cairo" hangs on "Blinken"
    assert places["abdullah"] == set()  # a phone call
    assert places["benjamin netanyahu"] == {"tel aviv"}


def test_nominal_meeting_held_by_the_subject(extract):
    events = extract("Kim Jong-il had also held talks with Putin in Vladivostok in 2002.", "2019-04-26")
    talks = _only(events, MEETING)
    assert _names(talks, "participant") == {"kim jong il", "vladimir putin"}
    assert _names(talks, "place") == {"vladivostok"}
    assert talks.date is not None and talks.date.value == "2002"
    assert talks.cameo == "046"  # engage in negotiation


def test_the_two_and_a_dateline_give_the_summit_its_places(extract):
    text = (
        "GENEVA — Joe Biden and Vladimir Putin held talks on Wednesday in Geneva.\n\n"
        "The two met at Villa La Grange, an 18th-century mansion set in a park."
    )
    events = extract(text, "2021-06-17")
    met = _only(events, MEETING, "meet")
    assert _names(met, "participant") == {"joe biden", "vladimir putin"}  # "The two"
    assert _names(met, "place") == {"villa la grange", "geneva"}  # a venue lies in the dateline town
    assert met.date is not None and met.date.value == "2021-06-16"


def test_planned_meeting_is_optional(extract):
    events = extract("Donald Trump will meet Kim Jong-un at the demilitarised zone on Sunday.", "2019-06-29")
    meeting = _only(events, MEETING)
    assert meeting.optional
    assert _names(meeting, "participant") == {"donald trump", "kim jong un"}


# -- treaty signings ----------------------------------------------------------------


def test_signing_by_the_presidents_of_two_states_in_the_dateline_city(extract):
    text = (
        "PRAGUE — The presidents of the United States and Russia signed a treaty on Thursday "
        "that commits the two countries to the deepest cuts in their strategic nuclear arsenals "
        "in almost two decades."
    )
    signing = _only(extract(text, "2010-04-08"), TREATY_SIGNING)
    assert _names(signing, "party") == {"united states", "russia"}
    assert _names(signing, "place") == {"prague"}
    assert signing.treaty == "treaty" and signing.cameo == "057"
    assert signing.date is not None and signing.date.value == "2010-04-08"


def test_signatories_named_in_appositions(extract):
    text = (
        "Separately, IAEA Director General Yukiya Amano and Iran's nuclear chief, Ali Akbar Salehi, "
        "signed a roadmap in the Austrian capital on Tuesday."
    )
    signing = _only(extract(text, "2015-07-14"), TREATY_SIGNING)
    assert _names(signing, "signatory") == {"yukiya amano", "ali akbar salehi"}
    assert _names(signing, "party") == {"international atomic energy agency", "iran"}
    assert signing.treaty == "roadmap"


def test_a_deal_struck_is_no_strike(extract):
    text = (
        "The accord builds on a framework that negotiators reached in Lausanne, Switzerland, on "
        "April 2, and on an interim agreement struck in Geneva in November 2013."
    )
    assert not [e for e in extract(text, "2015-07-14") if e.type is MILITARY_OPERATION]


# -- military operations and deployments --------------------------------------------


def test_its_forces_refers_to_the_subject_of_the_sentence(extract):
    text = "Russia's navy has blockaded Ukraine's ports since its forces invaded on February 24."
    events = extract(text, "2022-07-23")
    invasion = _only(events, MILITARY_OPERATION, "invade")
    assert _names(invasion, "attacker") == {"russia"}
    assert invasion.date is not None and invasion.date.value == "2022-02-24"
    assert invasion.cameo == "192"
    blockade = _only(events, MILITARY_OPERATION, "blockade")
    assert _names(blockade, "target") == {"ukraine"}


def test_took_control_of_a_region(extract):
    text = (
        "Armenia and Azerbaijan fought over the enclave. Ethnic Armenian forces took control of "
        "Nagorno-Karabakh and seven surrounding districts in a war that ended in 1994."
    )
    operation = _only(extract(text, "2020-11-10"), MILITARY_OPERATION, "take")
    assert "nagorno karabakh" in _names(operation, "target")


def test_capture_reported_by_a_minister_is_his_claim(extract):
    text = "Defence Minister Jean-Yves Le Drian said Islamist fighters had captured the town of Diabaly."
    events = extract(text, "2013-01-14")
    capture = _only(events, MILITARY_OPERATION)
    statement = _only(events, STATEMENT)
    assert _names(capture, "target") == {"diabaly"}
    assert capture.claimed_in == (statement.key,)
    assert _names(statement, "speaker") == {"jean yves le drian"}


@pytest.mark.parametrize(
    ("text", "state", "destination"),
    [
        ("Russian troops crossed into Ukraine on Feb. 24, 2022.", "russia", "ukraine"),
        ("Turkish tanks crossed the border into Syria on Wednesday.", "turkey", "syria"),
    ],
)
def test_forces_crossing_into_a_country_are_deployed_there(extract, text, state, destination):
    events = extract(text + " Thousands of refugees crossed into Poland.", "2023-06-30")
    deployment = _only(events, MILITARY_DEPLOYMENT)  # not the refugees
    assert _names(deployment, "deployedBy") == {state}
    assert _names(deployment, "destination") == {destination}


@pytest.mark.parametrize(
    ("text", "state", "destinations"),
    [
        ("Russia has massed more than 100,000 troops near the border.", "russia", set()),
        ("The Pentagon ordered 2,000 U.S. troops to Poland and Germany.", "united states", {"poland", "germany"}),
        ("Britain is sending 350 Royal Marines to Poland.", "united kingdom", {"poland"}),
    ],
)
def test_forces_massed_ordered_or_sent_by_their_units_name_are_deployed(extract, text, state, destinations):
    events = extract(text + " The general ordered the troops to withdraw.", "2022-02-02")
    deployment = _only(events, MILITARY_DEPLOYMENT)  # not the order to withdraw
    assert state in _names(deployment, "deployedBy")
    assert _names(deployment, "destination") == destinations


def test_deployment_to_a_region(extract):
    text = "Pyongyang previously deployed troops to assist in repelling a Ukrainian incursion into Kursk Region."
    deployment = _only(extract(text, "2025-09-03"), MILITARY_DEPLOYMENT)
    assert _names(deployment, "deployedBy") == {"north korea"}
    assert _names(deployment, "destination") == {"kursk oblast"}
    assert deployment.cameo == "154"


@pytest.mark.parametrize(
    ("text", "attacker", "target"),
    [
        # an operation launched by its name
        ("France launched Operation Serval in Mali on January 11, 2013.", {"france"}, {"mali"}),
        ("Israel launched Operation Protective Edge against Hamas on Tuesday.", {"israel"}, {"hamas"}),
        # weapons counted by a partitive; strikes told as the subject of a verb of their type
        ("Hezbollah fired dozens of rockets at northern Israel on Friday.", {"hezbollah"}, {"israel"}),
        ("Israeli air strikes have killed at least 40 people across the Gaza Strip.", {"israel"}, {"gaza strip"}),
    ],
)
def test_one_attack_with_its_attacker_and_target(extract, text, attacker, target):
    attack = _only(extract(text, "2024-08-10"), MILITARY_OPERATION)
    assert _names(attack, "attacker") == attacker
    assert _names(attack, "target") == target


@pytest.mark.parametrize(
    ("text", "type_", "role", "names"),
    [
        (
            "US forces killed the Islamic State leader in a raid in northern Syria on Sunday.",
            MILITARY_OPERATION,
            "attacker",
            {"united states"},
        ),
        (
            "Israeli troops launched an offensive and captured the town of Rafah.",
            MILITARY_OPERATION,
            "target",
            {"rafah"},
        ),
        (
            "Putin and Xi met on the sidelines of the Shanghai Cooperation Organisation summit in Astana.",
            MEETING,
            "participant",
            {"vladimir putin", "xi jinping"},
        ),
    ],
)
def test_a_noun_inside_its_verbs_phrase_tells_the_same_event(extract, text, type_, role, names):
    event = _only(extract(text, "2023-06-30"), type_)  # one event, not one for the verb and one for the noun
    assert _names(event, role) == names


@pytest.mark.parametrize("group", ["Hamas", "The Houthis"])
def test_who_claimed_responsibility_for_an_attack_made_it(extract, group):
    text = f"{group} claimed responsibility for the rocket attack on Tel Aviv."
    attack = _only(extract(text, "2024-11-20"), MILITARY_OPERATION)
    assert _names(attack, "attacker") == {group.removeprefix("The ").lower()}
    assert _names(attack, "target") == {"tel aviv"}


@pytest.mark.parametrize(
    ("text", "attacker", "target"),
    [
        ("Ukraine struck an ammunition depot in the Bryansk region.", {"ukraine"}, {"bryansk"}),
        ("Israel hit a Hezbollah weapons depot in southern Lebanon.", {"israel"}, {"hezbollah", "lebanon"}),
    ],
)
def test_a_state_striking_a_military_site_attacks(extract, text, attacker, target):
    events = extract(text + " Sanctions hit the Russian economy. The storm hit the coast.", "2024-11-20")
    attack = _only(events, MILITARY_OPERATION)  # not the sanctions, nor the storm
    assert _names(attack, "attacker") == attacker
    assert _names(attack, "target") == target


@pytest.mark.parametrize(
    ("text", "accuser", "attacker"),
    [
        ("Israel accused Hamas of firing rockets at Sderot.", "israel", "hamas"),
        ("Ukraine blamed Russian forces for shelling the hospital in Kharkiv.", "ukraine", "russia"),
    ],
)
def test_a_deed_someone_is_accused_of_is_the_accusers_claim_about_them(extract, text, accuser, attacker):
    events = extract(text, "2025-03-05")
    accusation, attack = _only(events, STATEMENT), _only(events, MILITARY_OPERATION)
    assert _names(accusation, "speaker") == {accuser}
    assert _names(attack, "attacker") == {attacker}  # not the accuser
    assert attack.claimed_in == (accusation.key,)


def test_an_event_a_shake_up_counts_since_is_not_dated_by_the_shake_up(extract):
    text = (
        "Zelenskiy replaced his top military commander on Thursday, appointing Oleksandr Syrskyi to lead "
        "the army, in the biggest shake-up of the military since Russia's full-scale invasion."
    )
    invasion = _only(extract(text, "2024-02-10"), MILITARY_OPERATION)
    assert _names(invasion, "attacker") == {"russia"}
    assert invasion.date is None


def test_the_strikes_of_the_next_sentence_are_the_strikes_told_before(extract):
    text = (
        "Israel launched airstrikes on Iran's nuclear facilities on Friday.\n\n"
        "The strikes hit the Natanz enrichment site, Iranian state media said.\n\n"
        "The Russian military reported the expulsion of Israeli troops.\n"  # its target was the attacker
    )
    attacks = [e for e in extract(text, "2025-06-14") if e.type is MILITARY_OPERATION]
    assert [(_names(a, "attacker"), "natanz enrichment site" in _names(a, "target")) for a in attacks] == [
        ({"israel"}, True),
        (set(), False),
    ]


def test_forces_that_report_what_it_did_did_it(extract):
    text = "Pakistan's army said on Thursday it had killed 12 militants in a raid near the border."
    raid = _only(extract(text, "2024-09-12"), MILITARY_OPERATION)
    assert _names(raid, "attacker") == {"pakistan"}
    text = "Pakistan's foreign ministry said on Thursday it had killed 12 militants near the border."
    assert [e for e in extract(text, "2024-09-12") if e.type is MILITARY_OPERATION] == []  # a ministry is no force


def test_attack_in_a_purpose_clause_takes_the_subject_of_the_journey(extract):
    text = (  # d10, with the country named as the article names it elsewhere
        "Britain joined the strikes on Libya. British Tornado jets flew from their base at "
        "Marham to fire Storm Shadow missiles at Libyan targets."
    )
    operation = _only(extract(text, "2011-03-20"), MILITARY_OPERATION, "fire")
    assert _names(operation, "attacker") == {"united kingdom"}
    assert _names(operation, "target") == {"libya"}


@pytest.mark.parametrize(
    "text",
    [
        "Washington has ruled out sending its own troops to Haiti.",  # d11
        "Germany refused to deploy troops to Mali.",
    ],
)
def test_denied_deployment_is_optional(extract, text):
    deployment = _only(extract(text, "2024-06-26"), MILITARY_DEPLOYMENT)
    assert deployment.optional


def test_deployment_to_a_states_capital_names_the_state_and_its_capital(extract):
    text = (
        "PORT-AU-PRINCE — Kenya deployed 400 police officers to Haiti's capital on Tuesday "
        "to help the country's police."
    )
    deployment = _only(extract(text, "2024-06-26"), MILITARY_DEPLOYMENT)
    assert _names(deployment, "deployedBy") == {"kenya"}
    assert _names(deployment, "destination") == {"port au prince", "haiti"}
    assert not deployment.optional


# -- statements ---------------------------------------------------------------------


def test_one_statement_per_speaker_per_occasion(extract):
    text = (
        "Vladimir Putin told parliament that Crimea had always been part of Russia. "
        "Putin said the West had crossed a line. Putin also warned Kiev."
    )
    statement = _only(extract(text, "2014-03-19"), STATEMENT)
    assert _names(statement, "speaker") == {"vladimir putin"}
    assert _names(statement, "addressee") == {"ukraine"}  # "warned Kiev"
    assert len(statement.evidence) == 3


def test_statement_takes_the_day_its_sentence_names(extract):
    text = (
        "In Baku the mood was jubilant. Addressing the nation on Tuesday, Aliyev called the "
        "document Armenia's capitulation and said Pashinyan had been forced to sign it."
    )
    statement = _only(extract(text, "2020-11-10"), STATEMENT)
    assert statement.date is not None and statement.date.value == "2020-11-10"
    assert statement.quote and "forced to sign" in statement.quote


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Cameron, in a brief statement outside Downing Street, called the operation necessary, legal and right.",
            "david cameron",
        ),  # d10, with the name given in full
        ("Joe Biden called Russia's move nothing more than a land grab.", "joe biden"),  # d15
    ],
)
def test_calling_something_something_is_a_statement(extract, text, speaker):
    text = text if text.startswith("Joe") else "David Cameron spoke. " + text
    statement = _only(extract(text, "2014-03-19"), STATEMENT)
    assert _names(statement, "speaker") == {speaker}


def test_a_last_meeting_is_an_earlier_occasion_left_undated(extract):
    text = (  # d02
        "Kim Jong-un met Vladimir Putin on Thursday. Kim said the US had acted in bad faith "
        "at his last meeting with Donald Trump."
    )
    events = extract(text, "2019-04-26")
    earlier = _only(events, MEETING, "meeting")
    assert _names(earlier, "participant") == {"kim jong un", "donald trump"}
    assert earlier.date is None  # not the day of the story's meeting
    assert _only(events, MEETING, "meet").date.value == "2019-04-25"


def test_a_phone_call_is_no_statement(extract):
    events = extract("Putin called Kim Jong-un on Monday.", "2019-04-26")
    assert [e.type for e in events] == [MEETING]


# -- pairs, definite meetings, descriptions -----------------------------------------


def test_they_after_a_named_pair_signs_and_the_meeting_is_theirs(extract):
    events = extract(
        "US President Donald Trump and North Korea's leader, Kim Jong-un, spent the day in "
        "Singapore. By the time Trump and Kim left the Capella Hotel on Sentosa, they had put their "
        "names to a brief joint statement. The 71-year-old American president, undeterred, "
        "called the meeting a triumph.",
        "2018-06-13",
    )
    signing = _only(events, TREATY_SIGNING)
    assert _names(signing, "signatory") == {"donald trump", "kim jong un"}
    meeting = _only(events, MEETING)
    assert _names(meeting, "participant") == {"donald trump", "kim jong un"}


def test_calling_something_a_name_is_no_phone_call(extract):
    events = extract(
        "Donald Trump and Kim Jong-un signed a joint statement in Singapore on Tuesday. At a news "
        "conference after the signing, the American president said Washington would suspend what "
        'he called "war games" with South Korea.',
        "2018-06-12",
    )
    assert not [e for e in events if e.type is MEETING and e.trigger == "call"]
    assert _names(_only(events, STATEMENT), "speaker") == {"donald trump"}


def test_signing_on_the_day_of_talks_takes_their_place(extract):
    events = extract(
        "Moon Jae-in and Kim Jong-un held talks at the Peace House on Friday. By evening the two "
        "men had signed a declaration committing their countries to peace.",
        "2018-04-28",
    )
    signing = _only(events, TREATY_SIGNING)
    assert _names(signing, "place") == {"peace house"}
    assert signing.date is not None and signing.date.value == "2018-04-27"


def test_talks_at_the_end_of_a_journey_take_its_destination(extract):
    events = extract(
        "Kim Jong-un travelled to Beijing in late March for talks with President Xi Jinping.", "2018-04-28"
    )
    meeting = _only(events, MEETING)
    assert _names(meeting, "participant") == {"kim jong un", "xi jinping"}
    assert _names(meeting, "place") == {"beijing"}


def test_a_meeting_in_a_purpose_clause_takes_the_place_of_its_verb(extract):
    events = extract(
        "On Friday Kim Jong-un walked at Panmunjom to meet President Moon Jae-in.",
        "2018-06-13",
    )
    assert _names(_only(events, MEETING), "place") == {"panmunjom"}


def test_a_meeting_held_somewhere_takes_that_place(extract):
    text = (
        "Donald Trump and Kim Jong-un met in February. "
        "That meeting, held in Hanoi, Vietnam, in late February, broke up without an agreement."
    )
    places = {p.name for e in extract(text, "2019-04-26") if e.type is MEETING for p in e.role("place")}
    assert "hanoi" in places


def test_troops_arriving_in_a_datelined_story_arrived_there(extract):
    text = (
        "RUKLA, Lithuania — Lithuania welcomed a NATO battalion led by Germany on Tuesday.\n\n"
        "German soldiers and equipment began arriving by train in January."
    )
    deployment = _only(extract(text, "2017-02-07"), MILITARY_DEPLOYMENT)
    assert "germany" in _names(deployment, "deployedBy")
    assert "rukla" in _names(deployment, "destination")


def test_evidence_is_the_sentence_without_trailing_whitespace(extract):
    text = "Vladimir Putin met Kim Jong-un in Vladivostok on Thursday.\n\nThe two men talked for hours.\n"
    for event in extract(text, "2019-04-26"):
        for evidence in event.evidence:
            assert text[evidence.start : evidence.end] == evidence.text
            assert evidence.text == evidence.text.strip()


def test_the_two_leaders_are_the_parties_of_the_last_clause_not_the_most_named(extract):
    text = (
        "Germany will send soldiers to Lithuania, Defence Minister Boris Pistorius said on Monday.\n\n"
        "Turkish President Recep Tayyip Erdogan hosted his Iranian counterpart Masoud Pezeshkian in Ankara "
        "on Wednesday.\n\nThe two leaders held talks on trade and regional security.\n"
    )
    talks = [e for e in extract(text, "2024-03-08") if e.type is MEETING and "talks" in e.evidence[0].text]
    assert [_names(e, "participant") for e in talks] == [{"recep tayyip erdogan", "masoud pezeshkian"}]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("France and Germany signed the Treaty of Paris on Monday.", "Treaty of Paris"),
        (
            "Russia and the United States signed the Treaty on the Non-Proliferation of Nuclear Weapons in 1968.",
            "Treaty on the Non-Proliferation of Nuclear Weapons",
        ),
        ("Japan and the Philippines signed a reciprocal access agreement on Monday.", "reciprocal access agreement"),
    ],
)
def test_an_agreements_name_goes_on_after_its_capitalised_noun(extract, text, name):
    assert _only(extract(text, "2010-04-09"), TREATY_SIGNING).treaty == name


def test_a_broker_is_no_party_to_the_deal_it_brokered(extract):
    text = "Israel and Hezbollah agreed to a ceasefire brokered by the United States and France."
    assert _names(_only(extract(text, "2024-11-27"), TREATY_SIGNING), "party") == {"israel", "hezbollah"}
    text = "The United States brokered a deal between Israel and the United Arab Emirates."
    assert _names(_only(extract(text, "2020-09-15"), TREATY_SIGNING), "party") == {"israel", "united arab emirates"}


def test_talks_that_led_to_a_signing_were_held_by_its_parties(extract):
    text = (
        "VIENNA, July 14 — The Joint Comprehensive Plan of Action was finalised on Tuesday by Iran "
        "and the United States after more than two weeks of negotiations."
    )
    events = extract(text, "2015-07-14")
    talks = _only(events, MEETING)
    assert _names(talks, "participant") == _names(_only(events, TREATY_SIGNING), "party")
    assert _names(talks, "participant") == {"iran", "united states"}
    assert talks.date is not None and talks.date.value == "2015-07-14"  # ended with the signing


def test_signatories_listed_after_a_colon_and_their_offices(extract):
    text = (
        "The treaty was signed in Moscow by Russian President Vladimir Putin and the two men who run "
        "the peninsula's administration: Sergei Aksyonov, installed as Ukraine's prime minister; "
        "and Alexei Chaly, proclaimed mayor of Moldova."
    )
    signing = _only(extract(text, "2014-03-19"), TREATY_SIGNING)
    assert _names(signing, "signatory") == {"vladimir putin", "sergei aksyonov", "alexei chaly"}
    assert {"ukraine", "moldova"} <= _names(signing, "party")


def test_first_name_parsed_as_a_modifier_still_signs(extract):
    text = (
        "US President Barack Obama and Russia's president, Dmitry Medvedev, met in Prague.\n\n"
        "Barack Obama and Dmitry Medvedev signed the New Strategic Arms Reduction Treaty on Thursday in the Spanish Hall of Prague Castle."
    )
    signing = _only(extract(text, "2010-04-08"), TREATY_SIGNING)
    assert _names(signing, "signatory") == {"barack obama", "dmitry medvedev"}
    assert _names(signing, "party") == {"united states", "russia"}  # not the treaty itself
    assert _names(signing, "place") == {"spanish hall", "prague castle"}


def test_a_person_and_his_own_state_are_no_meeting(extract):
    events = extract(
        "Vladimir Putin said North Korea would give up its arsenal, after hosting Kim Jong-un on Thursday.",
        "2019-04-26",
    )
    assert all(_names(e, "participant") != {"north korea", "kim jong un"} for e in events if e.type is MEETING)


def test_people_of_another_meeting_in_the_sentence_are_not_this_ones(extract):
    text = (
        "Kremlin aide Yuri Ushakov briefed reporters. Thursday's talks were the first since 2011, "
        "when Kim Jong-il met Dmitry Medvedev near Ulan-Ude."
    )
    meetings = [e for e in extract(text, "2019-04-26") if e.type is MEETING]
    assert [_names(m, "participant") for m in meetings] == [{"kim jong il", "dmitry medvedev"}]


def test_where_clause_is_no_deployer(extract):
    text = "They reviewed the troops at the base in Rukla, in central Lithuania, where the unit will be stationed alongside Lithuanian forces."
    assert not [e for e in extract(text, "2017-02-07") if e.type is MILITARY_DEPLOYMENT]


def test_news_agency_named_inside_the_subject_speaks(extract):
    events = extract("The official Xinhua news agency said the two leaders had agreed to restart talks.", "2019-06-29")
    assert _names(_only(events, STATEMENT), "speaker") == {"xinhua"}


def test_a_statement_on_a_later_day_does_not_date_the_next_speakers_words(extract):
    text = (
        "Moon Jae-in and Kim Jong-un met on Friday at Panmunjom. "
        "North Korea's KCNA news agency hailed the summit on Saturday as a new milestone. "
        "The declaration sets out no steps.\n\n"
        "Donald Trump said he would not be played by Pyongyang."
    )
    events = extract(text, "2018-04-28")
    trump = [e for e in events if e.type is STATEMENT and _names(e, "speaker") == {"donald trump"}]
    assert [e.date.value for e in trump if e.date] == ["2018-04-27"]


def test_talks_between_delegations_and_a_meeting_at_which_people_spoke(extract):
    text = (
        "The deal followed talks in Istanbul on July 13 between military delegations from Russia, "
        "Ukraine and Turkey and UN officials, and a meeting in Tehran on Tuesday at which Vladimir "
        "Putin thanked Erdoğan for his mediation."
    )
    events = extract(text, "2022-07-23")
    talks = _only(events, MEETING, "talk")
    assert {"russia", "ukraine", "turkey"} <= _names(talks, "participant")
    assert _names(talks, "place") == {"istanbul"}
    assert talks.date is not None and talks.date.value == "2022-07-13"  # the date the parser hung on "followed"
    meeting = _only(events, MEETING, "meeting")
    assert _names(meeting, "participant") == {"vladimir putin", "recep tayyip erdogan"}
    assert _names(meeting, "place") == {"tehran"}


def test_a_titled_official_after_an_organisation_speaks_for_it(extract):
    text = (
        "Several hours later the Pentagon announced that US warships had launched 112 Tomahawk missiles. "
        "Vice Admiral William Gortney told reporters the barrage was the first phase of the operation."
    )
    said = [e for e in extract(text, "2011-03-20") if e.type is STATEMENT]
    assert len(said) == 1 and len(said[0].evidence) == 2
    assert _names(said[0], "speaker") == {"united states department of defense", "william gortney"}


def test_an_official_of_another_state_keeps_his_own_statement(extract):
    text = (
        "Several hours later the Pentagon announced that US warships had launched missiles. "
        "French President Nicolas Sarkozy told reporters the operation had begun."
    )
    said = [e for e in extract(text, "2011-03-20") if e.type is STATEMENT]
    assert sorted(len(e.role("speaker")) for e in said) == [1, 1]


def test_leaders_took_proposals_to_one_person_and_then_another(extract):
    text = (
        "Angela Merkel of Germany and Francois Hollande of France flew in. "
        "The German and French leaders took their peace proposals to Poroshenko in Kiev last Thursday "
        "and to Putin in Moscow the next day."
    )
    meetings = sorted((e for e in extract(text, "2015-02-12") if e.type is MEETING), key=lambda e: e.key)
    assert [(_names(m, "participant"), _names(m, "place"), m.date and m.date.value) for m in meetings] == [
        ({"angela merkel", "francois hollande", "petro poroshenko"}, {"kyiv"}, "2015-02-05"),
        ({"angela merkel", "francois hollande", "vladimir putin"}, {"moscow"}, "2015-02-06"),
    ]
    assert {m.trigger for m in meetings} == {"take"}


def test_taking_something_to_a_place_is_no_meeting(extract):
    events = extract("Russia took its complaint to the United Nations in New York on Monday.", "2015-02-12")
    assert not [e for e in events if e.type is MEETING]


def test_an_event_told_in_a_caption_is_optional_and_dates_nothing(nlp):
    body = "Kim Jong-un met Vladimir Putin in Beijing on Wednesday."
    caption = "Barack Obama meets Hu Jintao at the White House."
    text = f"{body}\n\n{caption}\n"
    start = text.index(caption)
    article = Article(
        id="t",
        text=text,
        origin="test",
        published=dt.date(2025, 9, 4),
        asides=((start, start + len(caption)),),
    )
    doc = nlp(text)
    events = extract_events(doc, resolve(doc, article))
    body_meeting = next(e for e in events if e.evidence[0].start == 0)
    assert not body_meeting.optional and body_meeting.date is not None
    assert body_meeting.date.value == "2025-09-03"
    (in_caption,) = [e for e in events if e.evidence[0].start >= start]
    assert in_caption.type is MEETING and in_caption.optional and in_caption.date is None


def test_the_readmes_claim_example_on_the_seed(nlp):
    """seed 000: "By April 2025, Russia declared that Ukrainian forces had been expelled from
    the area" — the expulsion is Russia's claim, linked to its statement."""
    from kg.ingest import read_inputs
    from kg.options import BuildOptions

    (article,) = read_inputs(["seeds/000_3c56d13821ab7143.txt"], BuildOptions())
    doc = nlp(article.text)
    events = extract_events(doc, resolve(doc, article))
    (expulsion,) = [e for e in events if e.trigger == "expel"]
    (claim,) = expulsion.claimed_in
    (statement,) = [e for e in events if e.key == claim]
    assert statement.type is STATEMENT and _names(statement, "speaker") == {"russia"}
    assert "expelled" in text_at(article.text, expulsion)


def text_at(text: str, event: Event) -> str:
    return text[event.evidence[0].start : event.evidence[0].end]


def test_an_operation_the_story_tells_as_its_news_happened_on_its_day(extract):
    """The lead's main clause and the present perfect tell the news; background told in the
    lead ("previously attacked") keeps no date of the story's."""
    text = (
        "Israeli aircraft bombed Hamas in Gaza on Saturday, killing at least 200 people. "
        "Russian forces previously attacked Kharkiv. Officials said the toll would rise. "
        "Hamas militants have fired rockets at Sderot."
    )
    events = extract(text, "2008-12-28")
    assert _only(events, MILITARY_OPERATION, "bomb").date.value == "2008-12-27"
    assert _only(events, MILITARY_OPERATION, "fire").date.value == "2008-12-27"
    assert _only(events, MILITARY_OPERATION, "attack").date is None


def test_a_prefixed_irregular_verb_and_a_from_after_a_place(extract, nlp):
    """ "retook" is lemmatized as "retake" (the tagger may call it a base form, which the
    lemmatizer leaves as it is); "from ISIS" hung on "city" still names the holder."""
    assert [t.lemma_ for t in nlp("Rebels retook the town and outran the army.") if t.pos_ == "VERB"] == [
        "retake",
        "outrun",
    ]
    text = "Iraq retook a government complex in the city of Ramadi from ISIS yesterday."
    operation = _only(extract(text, "2015-12-29"), MILITARY_OPERATION, "retake")
    assert _names(operation, "attacker") == {"iraq"}
    assert _names(operation, "target") == {"ramadi", "islamic state"}
    assert operation.date.value == "2015-12-28"


@pytest.mark.parametrize(
    "text",
    [
        "French President Emmanuel Macron arrived in Baghdad on Wednesday for his first visit to Iraq.",
        "Emmanuel Macron visited Iraq on Wednesday.",
    ],
)
def test_a_visit_to_a_state_meets_that_state(extract, text):
    """CAMEO 042 (make a visit) names the state visited as the other side."""
    meeting = _only(extract(text, "2017-08-26"), MEETING)
    assert _names(meeting, "participant") == {"emmanuel macron", "iraq"}


def test_a_demonym_government_sends_for_its_state(extract):
    deployment = _only(
        extract("More troops were sent to Sulu by the Philippine government.", "2017-08-26"), MILITARY_DEPLOYMENT
    )
    assert _names(deployment, "deployedBy") == {"philippines"}


def test_a_named_agreement_in_the_plural_is_signed(extract):
    events = extract(
        "Israel and the United Arab Emirates signed the Abraham Accords at the White House on September 15.",
        "2020-09-16",
    )
    signing = _only(events, TREATY_SIGNING)
    assert _names(signing, "party") == {"israel", "united arab emirates"}
    assert signing.date is not None and signing.date.value == "2020-09-15"


def test_according_to_a_monitor_named_with_a_demonym(extract):
    events = extract(
        "According to the Syrian Observatory for Human Rights, Turkish jets struck Kurdish positions near Kobani.",
        "2019-10-10",
    )
    assert _names(_only(events, STATEMENT), "speaker") == {"syrian observatory for human rights"}
    assert _names(_only(events, MILITARY_OPERATION), "attacker") == {"turkey"}


def test_a_demonym_on_an_attack_names_the_attacker(extract):
    events = extract("Hamas said in a statement that Israeli strikes had killed 20 people in Rafah.", "2024-05-27")
    assert _names(_only(events, MILITARY_OPERATION), "attacker") == {"israel"}


def test_a_second_partner_after_a_semicolon_is_a_second_meeting(extract):
    events = extract(
        "President Barack Obama arrived in Yangon. He also spoke with the president of Myanmar, U Thein Sein; "
        "and opposition leader Daw Aung San Suu Kyi.",
        "2012-11-19",
    )
    meetings = {frozenset(_names(e, "participant")) for e in events if e.type is MEETING}
    assert meetings == {
        frozenset({"barack obama", "u thein sein"}),
        frozenset({"barack obama", "daw aung san suu kyi"}),
    }
