"""Staff roles and what each may do. Every action checks its permission here, in core,
whatever channel it came from."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    EDITOR = "editor"
    REVIEWER = "reviewer"
    ADMIN = "admin"
    TELLER = "teller"
    BRANCH_MANAGER = "branch_manager"


class Permission(StrEnum):
    EDIT_GUIDE = "guide.edit"
    REVIEW_GUIDE = "guide.review"
    PUBLISH_GUIDE = "guide.publish"
    MANAGE_STAFF = "staff.manage"
    MANAGE_TERMINALS = "terminals.manage"
    ASSIST_CUSTOMER = "bank.assist"
    VIEW_BRANCH_REPORT = "bank.report"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.EDITOR: frozenset({Permission.EDIT_GUIDE}),
    Role.REVIEWER: frozenset({Permission.EDIT_GUIDE, Permission.REVIEW_GUIDE, Permission.PUBLISH_GUIDE}),
    Role.ADMIN: frozenset({Permission.MANAGE_STAFF, Permission.MANAGE_TERMINALS, Permission.PUBLISH_GUIDE}),
    Role.TELLER: frozenset({Permission.ASSIST_CUSTOMER}),
    Role.BRANCH_MANAGER: frozenset({Permission.ASSIST_CUSTOMER, Permission.VIEW_BRANCH_REPORT}),
}


class PermissionDenied(Exception):
    def __init__(self, who: str, permission: Permission) -> None:
        super().__init__(f"{who} may not {permission.value}")
        self.permission = permission


@dataclass(frozen=True)
class StaffPrincipal:
    username: str
    display_name: str
    roles: frozenset[Role]

    def can(self, permission: Permission) -> bool:
        return any(permission in ROLE_PERMISSIONS[role] for role in self.roles)

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise PermissionDenied(self.username, permission)


def authorize(
    principal: StaffPrincipal | None, permission: Permission, audit, channel: str = ""
) -> StaffPrincipal:
    """Every staff action starts here: refuses (and audits the refusal) unless allowed."""
    if principal is None or not principal.can(permission):
        who = principal.username if principal else "anonymous"
        audit.record("permission.denied", "refused", actor=who, channel=channel, permission=permission.value)
        raise PermissionDenied(who, permission)
    return principal
