"""The fixed list of ISO 639 languages is built once; callers get their own copy."""

from kring.core.languages import language_choices, language_name


def test_language_names_by_code():
    assert language_name("nl") == "Nederlands"
    assert language_name("ti") == "ትግርኛ (Tigrinya)"
    assert language_name("xx") == "xx"


def test_dutch_and_english_first_then_by_name():
    codes = [code for code, _name in language_choices()]
    assert codes[:2] == ["nl", "en"]
    names = [name.lower() for _code, name in language_choices()[2:]]
    assert names == sorted(names)


def test_a_caller_that_adds_a_choice_changes_only_its_own_list():
    mine = language_choices()
    mine.append(("zz", "Zz"))
    assert ("zz", "Zz") not in language_choices()
    assert language_name("zz") == "zz"
