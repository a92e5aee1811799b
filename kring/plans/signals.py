"""Removing a plan PDF from storage when its version row goes.

A version is deleted with its case (retention, erasure) through a database cascade, which
never calls a model method; a receiver is the one place that sees every such deletion. The
file goes after the commit, so a rolled-back deletion keeps it.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from kring.plans.models import PlanVersion


@receiver(post_delete, sender=PlanVersion, dispatch_uid="plans.delete_version_pdf")
def delete_version_pdf(sender: type[PlanVersion], instance: PlanVersion, **kwargs: object) -> None:
    """Delete the version's cached PDF once the deletion is committed."""
    name = instance.pdf_file.name
    if name:
        storage = instance.pdf_file.storage
        transaction.on_commit(lambda: storage.delete(name))
