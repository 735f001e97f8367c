"""A team can name a driver or stage the way its documents do; a name we do not know is a clear, one-line error."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.errors import InputError
from assistant.knowledge.curated import drivers, match_driver, resolve_driver, resolve_stage, stages
from assistant.models import Driver, Stage


@pytest.mark.parametrize(
    ("name", "driver"),
    [
        ("data systems", Driver.decision_support_data),
        ("DIDM", Driver.decision_support_data),
        ("Data-Informed Decision-Making", Driver.decision_support_data),
        ("data informed decision making", Driver.decision_support_data),
        ("Decision Support Data System", Driver.decision_support_data),
        ("Data Support Systems", Driver.decision_support_data),
        ("fidelity assessment", Driver.fidelity),
        ("Implementation & Fidelity Assessment", Driver.fidelity),
        ("Implementation Assessment & Fidelity Assessment", Driver.fidelity),
        ("External Systems", Driver.systems_intervention),
        ("systems intervention", Driver.systems_intervention),
        ("internal systems", Driver.facilitative_administration),
        ("Facilitative Administration", Driver.facilitative_administration),
        ("facilitative_administration", Driver.facilitative_administration),
        ("  Coaching  ", Driver.coaching),
        ("SELECTION", Driver.selection),
        ("professional development", Driver.training),
        ("Leadership", Driver.leadership),
    ],
)
def test_aliases_resolve(name: str, driver: Driver) -> None:
    assert resolve_driver(name) is driver
    assert match_driver(name) is driver


@pytest.mark.parametrize(
    "heading",
    ["Coaching Best Practices", "Data-Informed Decision-Making Considerations", "Facilitative Administration"],
)
def test_source_headings_name_their_driver(heading: str) -> None:
    assert match_driver(heading) is not None


@pytest.mark.parametrize(
    ("name", "stage"),
    [
        ("installation", Stage.installation),
        ("Installation", Stage.installation),
        ("initial implementation", Stage.initial_implementation),
        ("initial_implementation", Stage.initial_implementation),
        ("Full Implementation", Stage.full_implementation),
        ("exploration", Stage.exploration),
        ("getting ready", Stage.installation),
    ],
)
def test_stages_resolve(name: str, stage: Stage) -> None:
    assert resolve_stage(name) is stage


def test_every_driver_and_stage_has_curated_data() -> None:
    assert {info.key for info in drivers()} == set(Driver)
    assert {info.key for info in stages()} == set(Stage)
    assert all(
        info.definition.strip() and info.category in {"competency", "organization", "leadership"} for info in drivers()
    )


def _message(call: Callable[[str], object], text: str) -> str:
    with pytest.raises(InputError) as caught:
        call(text)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_unknown_driver_lists_the_choices() -> None:
    message = _message(resolve_driver, "astrology")
    assert message.startswith("Unknown driver 'astrology'.")
    assert "Did you mean" not in message
    for driver in Driver:
        assert driver.value in message


@pytest.mark.parametrize(
    ("typo", "suggestion"),
    [("coachin", "coaching"), ("selction", "selection"), ("facilitative adminstration", "facilitative_administration")],
)
def test_a_driver_typo_suggests_the_close_match(typo: str, suggestion: str) -> None:
    message = _message(resolve_driver, typo)
    assert f"Did you mean '{suggestion}'?" in message
    assert "Choose one of:" in message


def test_unknown_stage_lists_the_choices() -> None:
    message = _message(resolve_stage, "sunset")
    assert message.startswith("Unknown stage 'sunset'.")
    for stage in Stage:
        assert stage.value in message


@pytest.mark.parametrize(
    ("typo", "suggestion"), [("instalation", "installation"), ("full implmentation", "full_implementation")]
)
def test_a_stage_typo_suggests_the_close_match(typo: str, suggestion: str) -> None:
    message = _message(resolve_stage, typo)
    assert f"Did you mean '{suggestion}'?" in message
    assert "Choose one of:" in message


def test_no_alias_names_two_drivers() -> None:
    seen: dict[str, Driver] = {}
    for info in drivers():
        for alias in [info.name, *info.aliases]:
            key = alias.lower()
            assert seen.setdefault(key, info.key) is info.key, alias
