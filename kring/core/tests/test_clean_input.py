"""One clean-up for free text at the door; an undecodable post is a 400, never a 500."""

import pytest
from django.test import Client

from kring.core.text import clean_text, is_clean


def test_clean_text_removes_controls_and_bidi_overrides_but_keeps_line_breaks():
    assert clean_text("Ayten\u202efdp.exe") == "Aytenfdp.exe"
    assert clean_text("a\x00b\x1bc\x7f") == "abc"
    assert clean_text("regel 1\nregel 2\tklaar") == "regel 1\nregel 2\tklaar"
    assert clean_text("e\u0301") == "é"  # NFC
    assert is_clean("Gewone tekst, ook in het Arabisch: مرحبا")
    assert not is_clean("\u2067x\u2069")


@pytest.mark.django_db
@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "utf-7", "cp500", "base64", "bogus"])
@pytest.mark.parametrize("url", ["/inloggen/", "/aanvraag/", "/wachtwoord-vergeten/"])
def test_an_odd_charset_never_gives_a_server_error(charset, url):
    client = Client(raise_request_exception=False)
    response = client.generic(
        "POST",
        url,
        b"username=%E9%E9&password=x&email=a%FF",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code < 500, (charset, url)
