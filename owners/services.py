"""Writes to owner roles: another name for a role (an alias), checked and saved."""

from django.db import transaction

from owners.models import OwnerRole, OwnerRoleAlias


@transaction.atomic
def owner_role_alias_create(*, role: OwnerRole, text: str) -> OwnerRoleAlias:
    """Record text as another way plans write role (a no-op if some role already has it)."""
    text = " ".join(text.split())
    existing = OwnerRoleAlias.objects.filter(text__iexact=text).first()
    if existing:
        return existing
    alias = OwnerRoleAlias(role=role, text=text)
    alias.full_clean()
    alias.save()
    return alias
