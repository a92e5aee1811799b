import datetime

from kring.core.workdays import add_working_days, is_working_day, working_days_between


def test_weekend_is_skipped():
    friday = datetime.date(2026, 11, 27)
    assert add_working_days(friday, 1) == datetime.date(2026, 11, 30)
    assert add_working_days(friday, 3) == datetime.date(2026, 12, 2)


def test_dutch_public_holidays_are_skipped():
    # Christmas 2026: Friday 25 and Saturday 26 December; New Year Friday 1 January 2027.
    assert not is_working_day(datetime.date(2026, 12, 25))
    assert add_working_days(datetime.date(2026, 12, 24), 1) == datetime.date(2026, 12, 28)
    assert add_working_days(datetime.date(2026, 12, 31), 1) == datetime.date(2027, 1, 4)
    # King's Day 2027 is Tuesday 27 April.
    assert not is_working_day(datetime.date(2027, 4, 27))


def test_working_days_between_counts_both_ways():
    monday = datetime.date(2026, 11, 23)
    assert working_days_between(monday, datetime.date(2026, 11, 27)) == 4
    assert working_days_between(datetime.date(2026, 11, 27), monday) == -4
