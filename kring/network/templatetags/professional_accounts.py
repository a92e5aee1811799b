"""`{% professional_account person %}`: the account part of a professional's place in the circle."""

from django import template

from kring.network.invitations import account_state
from kring.network.models import Person

register = template.Library()


@register.inclusion_tag("network/_professional_account.html")
def professional_account(person: Person) -> dict[str, object]:
    """The invitation button and what is known of the professional's account."""
    return {"person": person, "account": account_state(person)}
