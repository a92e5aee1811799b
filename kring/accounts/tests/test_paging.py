import pytest

from kring.accounts.models import Municipality
from kring.core.paging import capped_count, keyset_page

pytestmark = pytest.mark.django_db


def test_keyset_pages_walk_every_row_once(region):
    Municipality.objects.bulk_create(
        [
            Municipality(code=f"GM{n:04d}", name=f"Plaats {n % 7}", region=region)
            for n in range(1, 24)
        ]
    )
    seen: list[str] = []
    cursor = None
    while True:
        page = keyset_page(Municipality.objects.all(), order_field="name", cursor=cursor, size=5)
        seen.extend(m.code for m in page.items)
        if not page.has_next:
            break
        cursor = page.next_cursor
    assert len(seen) == 23
    assert len(set(seen)) == 23


def test_bad_cursor_falls_back_to_first_page(region):
    Municipality.objects.create(code="GM0001", name="A", region=region)
    page = keyset_page(Municipality.objects.all(), order_field="name", cursor="%%%", size=5)
    assert [m.code for m in page.items] == ["GM0001"]


def test_capped_count(region):
    Municipality.objects.bulk_create(
        [Municipality(code=f"GM{n:04d}", name="X", region=region) for n in range(1, 8)]
    )
    assert capped_count(Municipality.objects.all(), cap=10) == "7"
    assert capped_count(Municipality.objects.all(), cap=5) == "5+"


@pytest.mark.parametrize(
    "cursor",
    [
        "%%%",
        "WyJ4IiwgImFiYyJd",  # ["x", "abc"]: an id that is not a number
        "WyJ4IiwgOTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OV0",  # an id beyond any column
        "W251bGwsIDFd",  # [null, 1]
        "WzEsIDFd",  # [1, 1]: a number where the sort field is text
        "e30",  # {}
    ],
)
def test_a_tampered_cursor_shows_the_first_page(region, cursor):
    Municipality.objects.create(code="GM0001", name="A", region=region)
    page = keyset_page(Municipality.objects.all(), order_field="name", cursor=cursor, size=5)
    assert [m.code for m in page.items] == ["GM0001"]
    assert not page.has_previous
