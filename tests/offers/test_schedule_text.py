"""Schedules in words: whole translatable phrases, so that every language can inflect them
(Russian "в первую среду" but "во второй понедельник") and join lists its own way."""

import pytest
from django.utils import translation

from offers.templatetags.offers_public import rrule_in_words, text_list


def in_words(rule: str, language: str) -> str:
    with translation.override(language):
        return rrule_in_words(rule)


def test_first_wednesday_of_the_month_in_russian_agrees_with_the_feminine_weekday():
    assert in_words("FREQ=MONTHLY;BYDAY=1WE", "ru") == "ежемесячно в первую среду"


def test_second_monday_of_the_month_in_russian_agrees_with_the_masculine_weekday():
    assert in_words("FREQ=MONTHLY;BYDAY=2MO", "ru") == "ежемесячно во второй понедельник"


def test_two_weekdays_of_the_month_in_arabic_form_one_phrase():
    assert (
        in_words("FREQ=MONTHLY;BYDAY=1WE,-1FR", "ar")
        == "في أول يوم أربعاء وفي آخر يوم جمعة من كل شهر"
    )


def test_weekdays_of_the_month_in_german_are_listed_with_und():
    assert (
        in_words("FREQ=MONTHLY;BYDAY=1MO,3WE,-1FR", "de")
        == "monatlich am ersten Montag, am dritten Mittwoch und am letzten Freitag"
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "monatlich am 1. und 15."),
        ("en", "every month on days 1 and 15"),
        ("ru", "ежемесячно 1-го и 15-го числа"),
    ],
)
def test_days_of_the_month_are_listed_in_the_readers_language(language, expected):
    assert in_words("FREQ=MONTHLY;BYMONTHDAY=1,15", language) == expected


def test_a_single_day_of_the_month_in_english_is_singular():
    assert in_words("FREQ=MONTHLY;BYMONTHDAY=15", "en") == "every month on day 15"


def test_a_week_of_the_month_without_a_phrase_is_left_to_the_next_dates():
    assert in_words("FREQ=MONTHLY;BYDAY=-2FR", "de") == ""


def test_every_weekday_of_every_month_reads_as_weekly():
    assert in_words("FREQ=MONTHLY;BYDAY=MO,WE", "de") == "wöchentlich: Montag, Mittwoch"


def test_a_list_of_three_in_persian_uses_persian_commas():
    with translation.override("fa"):
        assert text_list(["الف", "ب", "پ"]) == "الف، ب و پ"
