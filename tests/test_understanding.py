"""Answers typed the way teams type in a meeting, read as a careful planner would."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.understanding.calendar import SchoolCalendar, school_calendar
from assistant.understanding.earlier import event_day, known_name, pointed_back, same_day
from assistant.understanding.reader import read_answer
from assistant.understanding.setup import understand_stage

TODAY = date(2026, 11, 17)  # a Tuesday


def test_a_lowercase_name_with_a_relative_date_becomes_owner_due_and_a_plan_title() -> None:
    reading = read_answer("ms kim will have the calender out in two weeks", TODAY)
    [action] = reading.actions
    assert action.fields.owner == "Ms. Kim" and action.fields.due == date(2026, 12, 1)
    assert action.title == "Have the calendar out"
    assert action.note == "ms kim will have the calender out in two weeks"  # the team's words are kept


@pytest.mark.parametrize(
    ("answer", "owner", "title"),
    [
        ("mrs baker reworks the duty schedule by end of month", "Mrs. Baker", "Rework the duty schedule"),
        ("mr. castellanos in budget is pulling cost estimates", "Mr. Castellanos", "Pull cost estimates"),
        ("ms. delgado's team rewrites both", "Ms. Delgado's team", "Rewrite both"),
    ],
)
def test_present_tense_owners_are_found_and_left_out_of_the_title(answer: str, owner: str, title: str) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner == owner and action.title == title


def test_a_context_sentence_stays_with_the_action_it_explains() -> None:
    answer = "our counselor is only here tues/thurs. mrs baker reworks the duty schedule by end of month"
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner == "Mrs. Baker" and action.fields.due == date(2026, 11, 30)


def test_two_actions_in_one_answer_become_two_with_their_own_owner_and_dates() -> None:
    answer = "ms kim will send the calender home by friday and the coaches will start cycles after winter break"
    first, second = read_answer(answer, TODAY).actions
    assert (first.fields.owner, first.fields.due) == ("Ms. Kim", date(2026, 11, 20))
    assert second.fields.owner == "the coaches" and second.fields.start == date(2027, 1, 4)


def test_two_people_sharing_one_action_are_not_split() -> None:
    [action] = read_answer("ms ferreira and mr tran draft it before winter break", TODAY).actions
    assert action.fields.owner == "Ms. Ferreira and Mr. Tran" and action.fields.due == date(2026, 12, 18)


def test_an_answer_that_only_names_someone_gets_its_title_from_the_question() -> None:
    question = "Who will be responsible for coordinating the relevent training?"
    [action] = read_answer("ms lo", TODAY, question=question).actions
    assert action.fields.owner == "Ms. Lo" and action.title == "Coordinate the relevent training"


@pytest.mark.parametrize(
    "answer", ["what do they mean by service users?", "not sure yet", "?? isn't this too early for training"]
)
def test_questions_back_and_unsure_answers_are_not_actions(answer: str) -> None:
    reading = read_answer(answer, TODAY)
    assert reading.kind != "action" and reading.actions == []


def test_the_us_default_school_calendar() -> None:
    cal = SchoolCalendar.us_default(2026)
    assert cal.winter_break.start == date(2026, 12, 21) and cal.back_from_winter_break == date(2027, 1, 4)
    assert cal.first_school_day_from(date(2027, 1, 1)) == date(2027, 1, 4)


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("we're still exploring, nothing decided yet", "exploration"),
        ("getting ready, nobody is using it yet", "installation"),
    ],
)
def test_set_up_understands_stage_descriptions(text: str, stage: str) -> None:
    found = understand_stage(text)
    assert found is not None and found.value == stage


@pytest.mark.parametrize(
    ("answer", "owner", "role"),
    [
        ("the freshman AP (mr tran) spot checks 2 teams a week", "Mr. Tran", "the freshman AP"),
        ("sarah (our coach) is doing the walkthroughs every other week", "Sarah", "coach"),
        ("dr. amari and ms. wallace (sped dept head) observe each co-taught pair", "Dr. Amari and Ms. Wallace", None),
        ("site teams use the district data protocol at their monthly meeting", "site teams", None),
        ("ok the coaches go through the walkthrough forms every other week", "the coaches", None),
        ("once a quarter mr alvarez looks at the fidelity inventory", "Mr. Alvarez", None),
        (
            "booster sessions at staff meetings, 15 min. ms hollis and the coach. first one in march",
            "Ms. Hollis and the coach",
            None,
        ),
    ],
)
def test_owners_are_found_where_teams_put_them(answer: str, owner: str, role: str | None) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner == owner and action.fields.owner_role == role


def test_staff_of_the_month_is_what_is_done_not_who_does_it() -> None:
    [action] = read_answer(
        "staff of the month picked by students + a jeans pass. mr alvarez, starting in april", TODAY
    ).actions
    assert action.fields.owner == "Mr. Alvarez" and action.fields.start == date(2027, 4, 1)


def test_a_day_range_is_a_start_and_a_due_date() -> None:
    [action] = read_answer("the county trainers do the 2 day training jan 5-6 (pd days after break)", TODAY).actions
    assert (action.fields.start, action.fields.due) == (date(2027, 1, 5), date(2027, 1, 6))
    assert "-6" not in action.title


def test_a_later_sentence_with_someone_else_and_its_own_time_is_its_own_action() -> None:
    answer = (
        "the county trainers do the 2 day training jan 5-6. new hires and anyone absent do the online module and a "
        "makeup session with ms lo in feb"
    )
    first, second = read_answer(answer, TODAY).actions
    assert first.fields.owner == "the county trainers" and second.fields.owner == "Ms. Lo"


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (date(2026, 11, 17), date(2026, 11, 24)),  # Thanksgiving break comes first
        (date(2026, 12, 3), date(2026, 12, 18)),  # then winter break
        (date(2027, 2, 1), date(2027, 3, 12)),  # then spring break, on the default calendar
    ],
)
def test_before_break_is_the_next_break_to_come(today: date, due: date) -> None:
    [action] = read_answer("the coaches pull the attendance data before break", today).actions
    assert action.fields.due == due


def test_the_people_taking_part_are_not_the_owner_when_someone_is_named() -> None:
    answer = "booster sessions, teachers practice the reteach script on each other. ms hollis and the coach."
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner == "Ms. Hollis and the coach"
    [alone] = read_answer("teachers run a practice circle in PLC every friday", TODAY).actions
    assert alone.fields.owner == "teachers"


@pytest.mark.parametrize(
    "answer",
    [
        "the 2nd grade team gets the heggerty refresher the week after we get back from winter break",
        "ece teachers + aides do the conscious discipline training in jan, all staff",
        "interview panel gets implicit bias training before they recieve any applications",
    ],
)
def test_the_people_being_trained_are_not_taken_for_its_owner(answer: str) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner is None


def test_who_delivers_a_training_is_its_owner_even_after_who_receives_it() -> None:
    answer = "residents get a summer bootcamp all year, the university partner runs them"
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner == "the university partner"
    [trainers] = read_answer("the county RP trainers do the 2 day training jan 5-6", TODAY).actions
    assert trainers.fields.owner == "the county RP trainers"


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("JT will run the new-hire PD on the reading block for all three campuses", "JT"),
        ("KL + RM are doing the k-3 phonics refresher in the high school library", "KL and RM"),
        ("circle observations w/ the district rubric every 6 weeks - SK", "SK"),
        ("so basically what we said was coach lin gives each para feedback after every visit", "Coach Lin"),
        (
            "pull who was identified gifted the last 3 years, by race, EL, IEP and free lunch — owner: dr. amari",
            "Dr. Amari",
        ),
        ("Ms Lopez and Mr Chen pair up for co-planning every thursday", "Ms. Lopez and Mr. Chen"),
        ("the 2 behavior coaches coach paras in the classroom every 3 weeks", "the behavior coaches"),
    ],
)
def test_owners_written_the_quick_way_teams_write_them(answer: str, owner: str) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner == owner
    assert not action.title.lower().startswith(("will ", owner.lower()))


@pytest.mark.parametrize(
    "answer",
    ["AP will pull the EL data by friday", "the PLC reviews the data - ELA", "EL scores get looked at monthly"],
)
def test_school_letters_are_not_taken_for_someones_initials(answer: str) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner not in {"EL", "ELA", "ELA and EL"}


def test_a_noun_after_a_group_word_is_not_its_verb() -> None:
    [action] = read_answer("once a quarter mr alvarez looks at the log and a quick staff survey", TODAY).actions
    assert action.fields.owner == "Mr. Alvarez"


def test_the_owner_phrase_leaves_no_stray_word_in_the_title() -> None:
    answer = "Our data team will break benchmark results down by race each quarter, led by Sam Ortiz, by March 1"
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner == "Sam Ortiz" and not action.title.endswith(("led", "by", ","))


def test_a_group_doing_the_work_while_a_named_person_leads_it_is_not_the_title() -> None:
    answer = "Our data team will break benchmark results down by race each quarter, led by Sam Ortiz, by March 15"
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner == "Sam Ortiz"
    assert action.title.startswith("Break benchmark results down by race") and "Ortiz" not in action.title


@pytest.mark.parametrize(
    ("answer", "title"),
    [
        ("the data team reviews dibels biweekly, kim owns it", "Review dibels biweekly"),
        ("coaches give feedback within a week of each observation, ms. kim leads it", "Give feedback within a week"),
        ("grading calibration with student work samples at the PLC, kowalski again", "Grading calibration with"),
        ("parent letters explaining the groups go home (owner: Ms. Tran)", "Parent letters explaining the groups"),
        (
            "the 9th grade leadership team meets the 1st wed of every month and runs a problem solving protocol",
            "Meet the 1st wed of every month and run a problem solving protocol",
        ),
    ],
)
def test_a_title_is_an_imperative_without_the_owner_named_again(answer: str, title: str) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.title.startswith(title)
    owner = action.fields.owner or ""
    assert not any(word in action.title for word in owner.split() if word[:1].isupper() and len(word) > 3)


def test_a_closing_angle_bracket_the_team_typed_stays_in_the_title() -> None:
    [action] = read_answer("ms. lee posts the rules chart in <b>", TODAY).actions
    assert action.title.endswith("<b>")
    [action] = read_answer("rules chart for the hallways -> ms. lee", TODAY).actions
    assert not action.title.endswith((">", "-"))


def test_them_in_the_second_of_two_actions_is_not_what_the_question_asks_about() -> None:
    answer = (
        "1) the data team breaks dibels results out by EL and SpEd status before winter break "
        "2) mr. bianchi (AP) and the coaches share them at the jan staff meeting"
    )
    question = "What training do coaches need to support practitioners effectively?"
    first, second = read_answer(answer, TODAY, question=question).actions
    assert "training" not in second.title.lower() and second.title.startswith("Share them")
    assert first.title.startswith("Break dibels results out")


def test_a_tail_that_says_more_than_the_owner_stays_in_the_title() -> None:
    [action] = read_answer("when walkthroughs show a gap we add a demo lesson, taught by ms. farah", TODAY).actions
    assert "demo lesson" in action.title


def test_a_named_person_and_a_group_sharing_the_second_action_stay_together() -> None:
    answer = (
        "ms kim will have the calender out in two weeks and mr. bianchi (AP) and the coaches start cycles after break"
    )
    first, second = read_answer(answer, date(2026, 12, 3)).actions
    assert first.fields.owner == "Ms. Kim" and "Bianchi" not in first.title
    assert second.fields.owner == "Mr. Bianchi and the coaches" and second.fields.start == date(2027, 1, 4)


def test_a_time_word_that_names_a_thing_stays_in_the_title() -> None:
    [action] = read_answer("ms. haile revises next month's session from the exit surveys by dec 18", TODAY).actions
    assert "next month's session" in action.title
    assert "'s session" not in action.title.replace("next month's session", "")


def test_the_same_work_given_to_a_second_owner_becomes_a_second_action() -> None:
    answer = "the grade level leads make the change in their team, mr. brandt if it's a schedule or budget thing"
    first, second = read_answer(answer, TODAY).actions
    assert first.fields.owner == "the grade level leads" and second.fields.owner == "Mr. Brandt"
    assert "budget" in second.title and "Brandt" not in second.title


def test_a_subject_named_once_keeps_doing_the_second_thing_with_its_own_rhythm() -> None:
    answer = "the dean walks the halls with staff every friday and does a family breakfast each quarter"
    first, second = read_answer(answer, TODAY).actions
    assert (first.fields.owner, first.fields.recurrence) == ("the dean", "weekly")
    assert (second.fields.owner, second.fields.recurrence) == ("the dean", "quarterly")


def test_a_name_alone_then_another_owner_with_a_condition_are_two_actions() -> None:
    answer = "mr. soto. if it's about busing, the transportation office has to sort it out by the end of january"
    first, second = read_answer(answer, TODAY).actions
    assert first.fields.owner == "Mr. Soto"
    assert second.fields.owner == "the transportation office" and second.fields.due == date(2027, 1, 31)


def test_what_is_done_then_who_takes_it_up_stays_one_action() -> None:
    answer = "every classroom does the reading inventory each fall and spring, ms. ruth checks it's all in by may 14"
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner == "Ms. Ruth" and action.fields.due == date(2027, 5, 14)


def test_two_rhythms_in_two_sentences_without_owners_are_two_actions() -> None:
    answer = (
        "a short literacy update at each board meeting. "
        "the library partners get a monthly call to hear what families ask for"
    )
    first, second = read_answer(answer, TODAY).actions
    assert first.fields.recurrence == "each board meeting" and second.fields.recurrence == "monthly"


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("the aps review the coaching logs quarterly and the staff survey. dr. lindqvist", "Dr. Lindqvist"),
        ("family nights at the 2 middle schools in spring. ms pruitt by april 30. interpreters for both", "Ms. Pruitt"),
        ("dr nguyen + 2 students present why at the sept 30 staff meeting", "Dr. Nguyen"),
        ("walkthroughs every 5 weeks by ms castillo and the principal", "Ms. Castillo and the principal"),
        ("advisors run a practice circle on the pd day and get feedback from the counselors", "the counselors"),
        (
            "each grade team meets weekly and reviews the list. ms. ferreira writes that up as our criteria by dec 4",
            "Ms. Ferreira",
        ),
    ],
)
def test_the_owner_is_the_one_who_answers_for_the_work_not_who_takes_part(answer: str, owner: str) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner == owner


def test_a_title_says_what_the_question_asked_about_instead_of_it() -> None:
    question = "What will be the structure or protocol for reviewing this data?"
    [action] = read_answer("ms. grant drafts it by the end of january", TODAY, question=question).actions
    assert action.title == "Draft the structure or protocol for reviewing the data"
    assert action.fields.owner == "Ms. Grant"


@pytest.mark.parametrize(
    ("answer", "rhythm"),
    [
        ("the freshman AP spot checks 2 teams a week", "weekly"),
        ("mr ruiz runs a new-teacher series 1x a month", "monthly"),
        ("the admin team hands out tickets in the halls every passing period", "daily"),
        ("the district team looks at the TFI each spring and picks 3 sites", "annually"),
        ("booster sessions at the staff meetings, ms hollis runs them", "each staff meeting"),
        ("a pd survey every spring and fall", "twice a year"),
        ("ms lee meets a few times a week with the new teachers", None),
    ],
)
def test_rhythms_said_the_way_teams_say_them(answer: str, rhythm: str | None) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.recurrence == rhythm


def test_a_plan_written_by_a_date_does_not_take_the_rhythm_it_describes() -> None:
    answer = "ms ortega writes the coaching plan - a cycle every 5 weeks for each teacher - by dec 11"
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.due == date(2026, 12, 11) and action.fields.recurrence is None


@pytest.mark.parametrize(
    "answer",
    [
        "mrs olsen puts the CFA results in the shared drive within 2 days of each assessment",
        "new hires do the online course within 30 days of hire, ms ali tracks it",
        "ms. haile revises the next month's session from the exit surveys",
        "the leadership team brings the top barrier to its own meeting the next week",
    ],
)
def test_a_lag_or_a_time_that_names_a_thing_is_not_a_due_date(answer: str) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.due is None


def test_a_day_typed_out_wins_over_a_month_or_a_school_phrase() -> None:
    [action] = read_answer("end of year celebration for teachers and families on june 4", TODAY).actions
    assert action.fields.due == date(2027, 6, 4)
    answer = "ms pruitt writes the coaching plan in july. it goes out to principals by aug 13"
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.due == date(2027, 8, 13)


def test_each_action_of_a_split_answer_keeps_its_own_words_as_typed() -> None:
    answer = "principal chats with staff 2x a month and does a spanish/english family coffee each quarter"
    first, second = read_answer(answer, TODAY).actions
    assert first.note == "principal chats with staff 2x a month"
    assert second.note == "does a spanish/english family coffee each quarter"


def test_a_situation_followed_by_a_lone_question_mark_is_a_question_back() -> None:
    reading = read_answer("we don't really collect anything past sign-in sheets. ?", TODAY)
    assert reading.kind == "question" and not reading.actions


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("the district's data guy, mr. tran, sets up the screener by dec 11", "Mr. Tran"),
        ("dr sokolova co-teaches one lesson a month", "Dr. Sokolova"),
        ("so kai drafts a 2 page protocol for the lead team", "Kai"),
        ("sharon in district HR is rewriting it for the interventionist role", "Sharon"),
        ("every 3 weeks the grade team leads bring their top barrier to the leadership team", "the grade team leads"),
        ("two family nights with interpreters. our family coordinator nadia runs them", "Nadia"),
        ("lunch circles with the 8th graders 2x a month. ms adeyemi-brooks herself", "Ms. Adeyemi-Brooks"),
        ("jo", "Jo"),
    ],
)
def test_owners_named_the_way_teams_name_each_other(answer: str, owner: str) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner == owner


@pytest.mark.parametrize(
    "answer",
    ["look-fors go on a laminated card", "network lead team agrees on them", "home visits to every newcomer family"],
)
def test_a_noun_before_a_verb_is_not_taken_for_a_first_name(answer: str) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner in (None, "network lead team")


def test_he_will_also_is_a_second_action_for_the_same_person() -> None:
    answer = "mr pruitt explains the why at the staff meeting on dec 7. he'll also send a letter home by dec 18"
    first, second = read_answer(answer, TODAY).actions
    assert (first.fields.owner, first.fields.due) == ("Mr. Pruitt", date(2026, 12, 7))
    assert (second.fields.owner, second.fields.due) == ("Mr. Pruitt", date(2026, 12, 18))


def test_a_sigh_before_the_answer_is_not_a_name() -> None:
    answer = "ugh. the two systems dont talk to each other. mr. saelee in IT is building a dashboard by feb 1"
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner == "Mr. Saelee" and action.fields.due == date(2027, 2, 1)


@pytest.mark.parametrize(
    ("answer", "owner", "role"),
    [
        (
            "monthly parent newsletter from the family liaison (mrs. amadi) with one data highlight",
            "Mrs. Amadi",
            "family liaison",
        ),
        ("new paras get a 30 min walkthrough from rosa before they start", "Rosa", None),
        ("we text every family about the screener in their language. Tomas again.", "Tomas", None),
        ("the data team then. attendance becomes a standing item at each data meeting", "data team", None),
    ],
)
def test_an_owner_who_sends_signs_or_answers_in_a_word_is_found(answer: str, owner: str, role: str | None) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner is not None and action.fields.owner.removeprefix("the ") == owner
    assert action.fields.owner_role == role
    assert "from" not in action.title.split()[-1:]  # the sender is not left dangling in the title


def test_a_bulleted_list_is_one_action_per_item_each_with_its_owner() -> None:
    answer = (
        "- returning tutors do the 1 day refresher in august, the literacy office runs it\n"
        "- tutors hired later: the online module, set up by their site lead within 2 weeks of hire\n"
        "- new principals get a briefing from joy at the feb 3 admin meeting"
    )
    actions = read_answer(answer, TODAY).actions
    assert [a.fields.owner for a in actions] == ["the literacy office", "the site lead", "Joy"]
    assert actions[2].fields.due == date(2027, 2, 3)


def test_a_separately_clause_keeps_its_own_owner() -> None:
    answer = (
        "ms. ortiz posts a tier 2 update in the bulletin weekly. "
        "separately the grade 4 team leads run a survey each quarter"
    )
    actions = read_answer(answer, TODAY).actions
    assert [a.fields.owner for a in actions] == ["Ms. Ortiz", "the grade 4 team leads"]


def test_an_owner_named_after_the_work_is_kept_when_the_parts_are_read_together() -> None:
    answer = "phone calls to every family on the list, with an interpreter, before winter break. counselors + mr diaz"
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner == "counselors and Mr. Diaz" or action.fields.owner == "counselors + Mr. Diaz"
    assert action.fields.due == date(2026, 12, 18)


def test_within_a_week_after_each_event_is_a_lag_not_a_due_date() -> None:
    answer = "after each parent night we post the notes on the app within a week. Dana again."
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.due is None and action.fields.owner == "Dana"


def test_items_numbered_on_one_line_are_one_action_each() -> None:
    answer = (
        "1) coach lin and ari from the math team run the launch on the jan 6 pd day "
        "2) the office texts families a reminder"
    )
    actions = read_answer(answer, TODAY).actions
    assert [a.fields.owner for a in actions] == ["Coach Lin and Ari", "the office"] or [
        a.fields.owner for a in actions
    ] == ["Ari", "the office"]
    assert actions[0].fields.due == date(2027, 1, 6)


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("principal okafor visits every 3rd grade room before thanksgiving", "Principal Okafor"),
        ("coach mendez models the routine in each room by dec 4", "Coach Mendez"),
        ("each pair gets observed with the checklist twice a year by a dean or a coach", "a dean or a coach"),
        ("the attendance letters will be mailed to families by the registrar within 3 days", "the registrar"),
        ("small groups 3x a week, run by the reading interventionists", "the reading interventionists"),
        (
            "the survey goes out in may and we share what we heard at the june staff mtg. the climate team",
            "the climate team",
        ),
        ("families get a thank-you call each month - mr. ocampo", "Mr. Ocampo"),
        ("mx. rowe (data coach) and the principal compare the logs each quarter", "Mx. Rowe and the principal"),
    ],
)
def test_owners_said_after_the_work_or_as_the_doer_of_a_passive_are_found(answer: str, owner: str) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner == owner


def test_the_coach_who_observes_is_a_role_not_a_name() -> None:
    [action] = read_answer("the coach observes each new teacher every other week", TODAY).actions
    assert action.fields.owner != "the Coach Observes" and "Observes" not in (action.fields.owner or "")


@pytest.mark.parametrize(
    ("answer", "due"),
    [
        ("ms. cho runs the reading buddies weekly till spring break", date(2027, 3, 12)),
        ("the dean checks in with each kid every other week thru the last day of school", date(2027, 6, 11)),
        ("mr. ames coordinates the walkthroughs, first round done b4 winter break", date(2026, 12, 18)),
    ],
)
def test_until_and_done_before_a_school_event_are_due_dates(answer: str, due: date) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.due == due


def test_a_rule_with_a_lag_is_context_for_the_person_who_writes_it_down() -> None:
    answer = "the rule: a student with 3 absences gets a call home within two days. ms. vance writes it up by jan 8"
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner == "Ms. Vance" and action.fields.due == date(2027, 1, 8)


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("peer observations twice a month, the 2 deans give feedback", "the deans"),
        (
            "the attendance policy. the 8th grade PLC and mr. soto propose changes to the board in may",
            "the 8th grade PLC and Mr. Soto",
        ),
        (
            "lena and the front office staff redo the registration packet in the spring",
            "Lena and the front office staff",
        ),
        ("the PLC lead for each grade, with ms. ray helping", "the PLC lead"),
    ],
)
def test_groups_with_a_count_a_plc_and_a_name_with_a_group_own_the_work(answer: str, owner: str) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner == owner


def test_a_make_up_for_who_missed_it_is_its_own_action_with_its_own_owner() -> None:
    answer = (
        "the district math trainers run day 1 on the jan 6 pd day. anyone new or absent gets the slides "
        "and a 1 hr makeup w/ tess the week after"
    )
    actions = read_answer(answer, TODAY).actions
    assert [a.fields.owner for a in actions] == ["the district math trainers", "Tess"]
    assert actions[0].fields.due == date(2027, 1, 6)


def test_a_trainer_named_with_a_day_and_no_verb_owns_it() -> None:
    [action] = read_answer("the publisher's trainer on the feb 12 pd day", TODAY).actions
    assert action.fields.owner == "the publisher's trainer" and action.fields.due == date(2027, 2, 12)


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("ruiz is gonna email every family on the list by friday", "Ruiz"),
        ("a call home for each kid over 15% absent, bea's on it", "Bea"),
        ("Coach Diaz's gonna check the fidelity logs in march", "Coach Diaz"),
        ("nurse kim and counselor jones build one form for both by dec 11", "Nurse Kim and Counselor Jones"),
        ("AP soto does that by apr 16", "AP Soto"),
        (
            "bus passes for the kids past the walk zone -> the transportation office, we need them by june 4",
            "the transportation office",
        ),
        ("family conferences feb 18 - the 5th grade team w/ ms ruiz", "the 5th grade team and Ms. Ruiz"),
        ("tutoring logs get entered into the SIS weekly by ms. park's paras", "Ms. Park's paras"),
    ],
)
def test_owners_said_in_passing_are_found(answer: str, owner: str) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner == owner


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        (
            "kids who don't respond after 6 wks get an FBA, the school psych leads it w/ the SPED coordinator",
            "the school psych and the SPED coordinator",
        ),
        ("welcome video in dari and spanish b4 spring break - yusuf and the media club", "Yusuf and the media club"),
        ("walkthroughs on student talk every other week, by our 2 APs", "the APs"),
    ],
)
def test_a_partner_a_dashed_name_or_a_closing_by_says_who(answer: str, owner: str) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner == owner


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("grading calibration with student work at the nov 18 PLC, kowalski again", "Kowalski"),
        ("home visit pilot with 10 families starting feb 1, dana + mo again", "Dana and Mo"),
        ("glossaries for 9th grade bio and world history, mr. chen & ms. ali, due apr 9", "Mr. Chen and Ms. Ali"),
        ("weekly mentor huddle on thursdays to troubleshoot cico - dani", "Dani"),
        ("supt. hall presents the family partnership plan at the feb 9 site council", "Supt. Hall"),
        ("supply orders for the summer bridge, sam's doing those asap", "Sam"),
    ],
)
def test_owners_named_again_between_commas_or_after_a_dash_are_found(answer: str, owner: str) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner == owner


def test_a_list_of_tools_between_commas_is_not_an_owner() -> None:
    [action] = read_answer(
        "coach lee and the AP each visit 3 rooms a week, google form, starting next monday", TODAY
    ).actions
    assert action.fields.owner == "Coach Lee and the AP"


def test_a_date_said_once_for_both_actions_is_each_ones_due_date() -> None:
    first, second = read_answer(
        "the welcome letter needs two versions: ms. lin does somali, mr. farouk does pashto, both by jan 22", TODAY
    ).actions
    assert (first.fields.owner, second.fields.owner) == ("Ms. Lin", "Mr. Farouk")
    assert first.fields.due == second.fields.due == date(2027, 1, 22)


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("whoever chairs the ILT puts the attendance graph on the agenda every month", "the ILT chair"),
        ("exit tickets for the unit 3 reteach, each teacher writes their own by dec 4", "Each teacher"),
        ("ms. ochoa again for the parent flyer, she'll send it home by feb 2", "Ms. Ochoa"),
    ],
)
def test_whoever_holds_a_role_each_one_for_their_own_and_a_name_said_again_own_the_work(
    answer: str, owner: str
) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner == owner


def test_the_weekday_after_a_break_is_a_due_date_when_the_work_is_due_then() -> None:
    [action] = read_answer("reading logs checked by every teacher, due the tuesday after thanksgiving", TODAY).actions
    assert action.fields.due == date(2026, 12, 1)


def test_he_or_she_is_the_person_named_for_the_same_work() -> None:
    earlier = [
        ("Ms. Reyes", "ms. reyes sends the attendance letters by 9/25"),
        ("Kim", "the attendance team looks at the dashboard, kim owns it"),
        ("Mr. Lee", "shoutouts on the morning announcements → mr. lee"),
    ]
    assert pointed_back("she'll also get the letters translated by oct 2", earlier) == "Ms. Reyes"
    assert pointed_back("she'll also call the families by oct 2", earlier) == "Kim"
    assert pointed_back("he'll also post the list by oct 2", earlier) == "Mr. Lee"
    assert known_name("Reyes", earlier) == "Ms. Reyes"


@pytest.mark.parametrize(
    ("answer", "owner", "title"),
    [
        (
            "library visits for the pre-k classes, the kindergarten teachers, sometime in april",
            "the kindergarten teachers",
            "Library visits for the pre-k classes, sometime in april",
        ),
        (
            "sensory bins in the k-1 rooms by dec 11, k-1 teachers w/ help from ms. baptiste",
            "k-1 teachers and Ms. Baptiste",
            "Sensory bins in the k-1 rooms",
        ),
        (
            "biology teachers write the lab safety quiz by dec 11 with mr. osei leading",
            "Mr. Osei",
            "Biology teachers write the lab safety quiz",
        ),
    ],
)
def test_people_named_between_commas_or_leading_own_the_work_and_leave_the_title(
    answer: str, owner: str, title: str
) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert (action.fields.owner, action.title) == (owner, title)


def test_two_named_people_each_doing_their_part_are_two_actions() -> None:
    first, second = read_answer("rosa enters the reading levels, sam double checks them every week", TODAY).actions
    assert (first.fields.owner, second.fields.owner) == ("Rosa", "Sam")
    assert second.fields.recurrence == "weekly"


def test_work_passed_to_someone_by_an_arrow_then_another_owner_are_two_actions() -> None:
    first, second = read_answer(
        "bus passes for the after-school kids → ms. ibe, and the counselors let families know by dec 4", TODAY
    ).actions
    assert (first.fields.owner, second.fields.owner) == ("Ms. Ibe", "the counselors")
    assert first.title == "Bus passes for the after-school kids"
    assert second.fields.due == date(2026, 12, 4)


@pytest.mark.parametrize(
    ("answer", "due"),
    [
        ("dana pulls the attendance list every monday from sept 21 thru winter break", date(2026, 12, 18)),
        ("the pairs meet monthly thru june", date(2027, 6, 11)),
        ("the pairs meet monthly, done by june 30", date(2027, 6, 30)),
    ],
)
def test_work_running_through_a_break_or_the_last_month_ends_on_a_school_day(answer: str, due: date) -> None:
    [action] = read_answer(answer, date(2026, 9, 14)).actions
    assert action.fields.due == due


@pytest.mark.parametrize(
    ("answer", "due"),
    [
        ("the data team reviews it the last week of may", date(2027, 5, 28)),
        ("benchmark debrief the first week of march", date(2027, 3, 5)),
    ],
)
def test_a_week_of_a_month_is_due_on_its_friday(answer: str, due: date) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.due == due


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        (
            "each classroom gets visited in dec and may with the look-for card, by a math coach and the AP together",
            "the math coach and the AP",
        ),
        (
            "the two literacy coaches meet with ms. odum every other friday to look at running records",
            "the literacy coaches and Ms. Odum",
        ),
        ("scheduling is owned by our dean of students, mr. castellanos, once the budget is set", "Mr. Castellanos"),
    ],
)
def test_all_who_do_it_together_and_the_person_named_after_a_role_own_the_work(answer: str, owner: str) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner == owner


def test_an_event_the_plan_already_dated_gives_its_day_to_work_done_there() -> None:
    earlier = [
        ("family literacy fair march 4, the PTA runs it", None, date(2027, 3, 4)),
        ("new hires do the 2 day bootcamp every august", None, date(2027, 8, 9)),
        ("teachers need the family literacy fair on their calendars", None, date(2027, 2, 1)),
    ]
    assert event_day("book bags handed out at the literacy fair", earlier) == date(2027, 3, 4)
    assert event_day("a survey at the bootcamp", earlier) is None  # the bootcamp is never dated where it is named
    assert same_day("and the nurse does vision checks the same day")


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("director okafor adds the readiness check to the monthly staff mtg agenda", "Director Okafor"),
        ("superintendent lang puts the budget item on the march 9 board agenda", "Superintendent Lang"),
        ("supt. lang visits one site council mtg each semester", "Supt. Lang"),
        ("HR posts the bilingual counselor job by nov 6", "HR"),
        ("learning walks every other tuesday, AP + coach", "AP and coach"),
        ("check the PLC notes against the protocol once a month, our AP", "the AP"),
        ("newcomer intake review every month w/ the ELD team", "the ELD team"),
        ("new teachers get observed by their mentor every 4 weeks — dr. abara", "Dr. Abara"),
    ],
)
def test_titles_offices_and_roles_said_at_the_end_own_the_work(answer: str, owner: str) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner == owner


def test_a_date_in_a_closing_sentence_of_its_own_is_due_for_every_action() -> None:
    actions = read_answer("HR drafts the posting and our equity team reviews the wording. by feb 26", TODAY).actions
    assert actions and all(a.fields.due == date(2027, 2, 26) for a in actions)


@pytest.mark.parametrize(
    ("answer", "owner", "due"),
    [
        ("look at attendance growth by subgroup at EOY", None, date(2027, 6, 11)),
        ("new hires get the de-escalation training before the last day, mr. ocampo", "Mr. Ocampo", date(2027, 6, 10)),
        ("spot checks of the tier 2 groups 2x a month by our AP, mr haddad, thru EOY", "Mr. Haddad", date(2027, 6, 11)),
        ("the rubric will be written by dr. nguyen & the CAO by 12/18", "Dr. Nguyen and the CAO", date(2026, 12, 18)),
    ],
)
def test_the_end_of_the_year_the_day_before_the_last_and_people_after_their_role(
    answer: str, owner: str | None, due: date
) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert (action.fields.owner, action.fields.due) == (owner, due)


# ------------------------------------------------------------------ dates and rhythms as teams type them


@pytest.mark.parametrize(
    ("answer", "today", "due"),
    [
        (
            "KL + RM are doing the k-3 phonics refresher 9/24 in the high school library",
            date(2026, 9, 3),
            date(2026, 9, 24),
        ),
        ("all staff training on the attendance tiers at the 10/7 staff mtg", date(2026, 9, 22), date(2026, 10, 7)),
        ("the paras get the training too, they're in the 2nd session on oct. 8th", date(2026, 9, 3), date(2026, 10, 8)),
        ("mr chen sets up interpreters before the oct 22 conferences", date(2026, 8, 27), date(2026, 10, 21)),
        ("the director tests the new routes the week of oct 5", date(2026, 8, 18), date(2026, 10, 9)),
    ],
)
def test_a_day_said_in_the_middle_of_a_sentence_is_read(answer: str, today: date, due: date) -> None:
    [action] = read_answer(answer, today).actions
    assert action.fields.due == due


@pytest.mark.parametrize(
    "answer",
    [
        "recruit two bilingual teachers for next year - the principal",
        "ms. ruiz tells families what we're changing next year because of it",
        "3/4 in the class passed the quiz, ms. ruiz reteaches the unit",
        "ms. ruiz meets with the 9th grade team in the 2nd session",
    ],
)
def test_words_that_only_look_like_a_deadline_leave_the_date_open(answer: str) -> None:
    [action] = read_answer(answer, date(2026, 8, 27)).actions
    assert action.fields.due is None


def test_the_first_day_of_school_is_the_districts_coming_first_day() -> None:
    today = date(2026, 8, 6)
    answer = "every first-year teacher gets a mentor by the first day of school, the induction coordinator matches them"
    [action] = read_answer(answer, today).actions
    from assistant.understanding.calendar import school_calendar

    first_day = school_calendar(2026).first_day
    assert first_day > today
    assert action.fields.due == first_day


@pytest.mark.parametrize(
    ("answer", "recurrence"),
    [
        (
            "a restorative conversation with the student within 48 hours of each incident, the deans",
            "after each incident",
        ),
        (
            "exit interview for any new teacher who leaves, within 2 weeks of each resignation - HR",
            "after each resignation",
        ),
        (
            "route changes get texted to families within a day of each route change — the office",
            "after each route change",
        ),
        ("coach dana models a circle for any teacher who asks, within a week of the request", "after each request"),
        ("feedback to advisory teachers two days after each walkthrough, the AP does it", "after each walkthrough"),
        ("coach lin gives each para feedback within 2 days of every coaching visit", "after each coaching visit"),
        ("the counselor checks that check in check out happens for every kid on the list twice a week", "twice a week"),
        ("schedule circles into advisory on tuesdays & thursdays", "twice a week"),
        ("survey new teachers at MOY and EOY about the support they got", "twice a year"),
    ],
)
def test_lags_and_rhythms_are_recurrences_never_due_dates(answer: str, recurrence: str) -> None:
    [action] = read_answer(answer, date(2026, 9, 14)).actions
    assert (action.fields.recurrence, action.fields.due) == (recurrence, None)


def test_a_rhythm_someone_sets_up_once_is_due_not_recurring() -> None:
    answer = "paras get 20 min at the start of each day to read the sub plans — principal sets that up by monday"
    [action] = read_answer(answer, date(2026, 9, 10)).actions
    assert (action.fields.recurrence, action.fields.due) == (None, date(2026, 9, 14))


def test_asking_someone_to_do_the_work_is_an_action_with_its_rhythm() -> None:
    [action] = read_answer("ask the county workforce board to meet with us quarterly (lead: mr. ortega)", TODAY).actions
    assert action.fields.recurrence == "quarterly"
    assert read_answer("ask the principal", TODAY).kind == "unsure"


@pytest.mark.parametrize(
    ("answer", "title", "recurrence"),
    [
        (
            "the 2 behavior coaches coach paras in the classroom every 3 weeks",
            "Coach paras in the classroom",
            "every 3 weeks",
        ),
        ("mr. okafor meets with new teachers weekly", "Meet with new teachers", "weekly"),
        ("the data team meets the 1st wed of every month", "Meet the 1st wed of every month", "monthly"),
    ],
)
def test_how_often_is_the_rhythm_column_not_part_of_the_title(answer: str, title: str, recurrence: str) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert (action.title, action.fields.recurrence) == (title, recurrence)


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("classroom-by-classroom attendance report every 2 weeks — front desk", "front desk"),
        ("pay the parent helpers for the career fair from the title money - Darlene, before feb break", "Darlene"),
        (
            "pick the 2 intervention-block teachers for semester 2 by end of semester — Okafor + Baines",
            "Okafor and Baines",
        ),
        ("Family advisory board stipends, $100 per meeting — CFO to build it into the budget by 10/30", "CFO"),
        ("Hank calls the employers every other month", "Hank"),
        ("Rosa logs every referral in the tracker", "Rosa"),
    ],
)
def test_an_owner_written_at_the_end_or_by_first_name_is_found(answer: str, owner: str) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner == owner


# Dates and rhythms as phones, dictation and English learners type them.


@pytest.mark.parametrize(
    ("answer", "due"),
    [
        ("we need two more circle keepers mister hollis will pick them by october thirtieth", date(2026, 10, 30)),
        ("mister hollis is going to train the advisory teachers on circles on november fourth", date(2026, 11, 4)),
        ("miss carter can set that up by december eleventh", date(2026, 12, 11)),
        ("ms. petrova make report until end of semester", school_calendar(2026).fall_semester_end),
        (
            "she's said she'll have it done by the first day back in january",
            school_calendar(2026).school_day_after(school_calendar(2026).winter_break.end),
        ),
    ],
)
def test_spelled_out_days_and_school_calendar_words_are_due_dates(answer: str, due: date) -> None:
    [action] = read_answer(answer, date(2026, 10, 21)).actions
    assert action.fields.due == due


@pytest.mark.parametrize(
    "answer",
    [
        "send the welcome letter home — English, Spanish and Somali",
        "share what we changed at the family night — families",
        "ms pruitt, secondary math coordinator",
        "principal johnson holds listening sessions w/ families, with interpreters, before thanksgiving",
        "ms wallace nominates 2 pairs for the board shoutout - Ms. Wallace nominates by feb 26",
    ],
)
def test_a_closing_language_audience_or_role_of_the_named_person_is_not_a_second_owner(answer: str) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner not in {
        "English and Spanish and Somali",
        "families",
        "interpreters",
        "secondary math coordinator",
    }
    assert "nominates" not in (action.fields.owner or "")


@pytest.mark.parametrize(
    "answer",
    [
        "Community listening sessions in Q2 with interpreters — Communications",
        "Board policy on retention gets a race equity impact review before Q2 ends — general counsel",
        "pay the parent helpers for the career fair - Darlene, before feb break",
        "march first graders to the gym for the assembly - the PE teacher",
    ],
)
def test_a_period_without_its_day_leaves_the_date_open(answer: str) -> None:
    [action] = read_answer(answer, date(2026, 10, 21)).actions
    assert action.fields.due is None


@pytest.mark.parametrize(
    ("answer", "recurrence"),
    [
        ("AP -> attendance mtg every mon", "weekly"),
        ("**coach:** Mr. Abebe — co-plans with 7th math every Wed ✅", "weekly"),
        ("principal clears the gym thursday nights for family programming", "weekly"),
        ("We will do it the walkthrough for SIOP in classroom, one time in month, the assistant principal", "monthly"),
        ("CFA data broken out by SPED, EL, and race -> me, every PLC", "each PLC meeting"),
        ("DDI protocol after each CFA, PLC leads facilitate", "after each CFA"),
        ("re-teach days scheduled within 2 days of each CFA, teachers own it", "after each CFA"),
        ("after each CLASS observation, the ed manager sits down with the teacher", "after each observation"),
    ],
)
def test_rhythms_as_teams_abbreviate_them(answer: str, recurrence: str) -> None:
    [action] = read_answer(answer, date(2026, 10, 21)).actions
    assert (action.fields.recurrence, action.fields.due) == (recurrence, None)


def test_the_first_of_a_repeating_event_is_when_it_starts() -> None:
    answer = (
        "Family math nights: the PTA (they've done it before) is running them twice a year, with Spanish and "
        "Vietnamese interpreters at every one, and the first one is December 10th."
    )
    [action] = read_answer(answer, date(2026, 10, 5)).actions
    fields = action.fields
    assert (fields.recurrence, fields.start, fields.due) == ("twice a year", date(2026, 12, 10), None)


def test_work_with_each_plc_keeps_its_own_rhythm() -> None:
    answer = "math coach (Fitz) does lesson study with each PLC every 3 weeks starting after MOY"
    [action] = read_answer(answer, date(2027, 1, 6)).actions
    assert action.fields.recurrence == "every 3 weeks"


def test_same_day_in_brackets_points_at_the_day_just_said() -> None:
    assert same_day("SPED + EL co-teachers get the CFA training too (same day)")
    assert not same_day("we turn the referrals around same-day when we can")


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("DR pulls absence list by race + EL + IEP 2x a month", "DR"),
        ("RT + LB spot check home calls monthly", "RT and LB"),
        ("we need two more circle keepers mister hollis will pick them by october thirtieth", "Mr. Hollis"),
        ("case managers call each family within 2 days of each notice", "case managers"),
        ("Family Supports Office books interpreters for every IEP meeting", "Family Supports Office"),
    ],
)
def test_initials_spoken_titles_and_offices_as_typed(answer: str, owner: str) -> None:
    [action] = read_answer(answer, date(2026, 10, 10)).actions
    assert action.fields.owner == owner


def test_data_broken_down_by_several_groups_is_one_action() -> None:
    [action] = read_answer("ms kim pulls absence list by race + EL + IEP 2x a month", TODAY).actions
    assert action.fields.recurrence == "twice a month" and "IEP" in action.title


@pytest.mark.parametrize(
    ("answer", "owner"),
    [
        ("- Owner: CAO / Action: MTSS update to the board / Frequency: each board meeting", "CAO"),
        (
            "- Action: discipline dashboard by race; Owner: Research & Accountability; Due: 12/4",
            "Research & Accountability",
        ),
        ("**owner:** Ms. Kaur ✅ — PD on number talks, 3/17", "Ms. Kaur"),
    ],
)
def test_an_owner_label_in_plan_bullets_or_markdown_is_read(answer: str, owner: str) -> None:
    [action] = read_answer(answer, TODAY).actions
    assert action.fields.owner == owner
