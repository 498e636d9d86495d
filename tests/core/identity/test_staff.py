"""Staff log in with password + TOTP; failures lock the account; roles gate actions."""

import pyotp
import pytest

from core.identity.permissions import Permission, PermissionDenied
from core.identity.staff import StaffAccounts, StaffAuthError

PASSWORD = "correct horse battery staple"


@pytest.fixture
def accounts(engine, audit, clock) -> StaffAccounts:
    return StaffAccounts(engine, audit, clock)


@pytest.fixture
def editor(accounts):
    return accounts.create("li.editor", "李编辑", PASSWORD, ["editor"])


def _code(new, clock) -> str:
    return pyotp.TOTP(new.totp_secret).at(clock())


def test_password_and_totp_log_in(accounts, editor, clock) -> None:
    principal = accounts.authenticate("li.editor", PASSWORD, _code(editor, clock))
    assert principal.can(Permission.EDIT_GUIDE)
    assert not principal.can(Permission.PUBLISH_GUIDE)
    with pytest.raises(PermissionDenied):
        principal.require(Permission.MANAGE_STAFF)
    assert "otpauth://totp/" in editor.provisioning_uri


def test_wrong_totp_or_password_or_user_look_the_same(accounts, editor, clock) -> None:
    for user, password, code in (
        ("li.editor", PASSWORD, "000000"),
        ("li.editor", "wrong-password-x", _code(editor, clock)),
        ("nobody", PASSWORD, "123456"),
    ):
        with pytest.raises(StaffAuthError) as refused:
            accounts.authenticate(user, password, code)
        assert refused.value.code == "invalid_credentials"


def test_five_failures_lock_the_account_for_a_while(accounts, editor, clock) -> None:
    for _ in range(5):
        with pytest.raises(StaffAuthError):
            accounts.authenticate("li.editor", "wrong-password-x", _code(editor, clock))
    with pytest.raises(StaffAuthError, match="locked"):
        accounts.authenticate("li.editor", PASSWORD, _code(editor, clock))
    clock.advance(minutes=16)
    assert accounts.authenticate("li.editor", PASSWORD, _code(editor, clock)).username == "li.editor"


def test_weak_password_unknown_role_and_duplicates_are_refused(accounts, editor) -> None:
    with pytest.raises(StaffAuthError, match="weak_password"):
        accounts.create("a", "A", "short", ["editor"])
    with pytest.raises(StaffAuthError, match="unknown_role"):
        accounts.create("b", "B", PASSWORD, ["superuser"])
    with pytest.raises(StaffAuthError, match="exists"):
        accounts.create("li.editor", "X", PASSWORD, ["editor"])


def test_logins_are_audited_without_secrets(accounts, editor, clock, audit) -> None:
    accounts.authenticate("li.editor", PASSWORD, _code(editor, clock))
    with pytest.raises(StaffAuthError):
        accounts.authenticate("li.editor", "wrong-password-x", "000000")
    events = audit.events("staff.login")
    assert [e.outcome for e in events] == ["refused", "ok"]
    assert PASSWORD not in repr([e.model_dump() for e in events])


def test_denials_are_audited(accounts, editor, clock, audit) -> None:
    from core.identity.permissions import authorize

    principal = accounts.authenticate("li.editor", PASSWORD, _code(editor, clock))
    assert authorize(principal, Permission.EDIT_GUIDE, audit) is principal
    with pytest.raises(PermissionDenied):
        authorize(principal, Permission.PUBLISH_GUIDE, audit, channel="editor")
    with pytest.raises(PermissionDenied):
        authorize(None, Permission.MANAGE_STAFF, audit)
    denied = audit.events("permission.denied")
    assert [(e.actor, e.detail["permission"]) for e in denied] == [
        ("anonymous", "staff.manage"),
        ("li.editor", "guide.publish"),
    ]


def test_a_totp_code_works_once(accounts, editor, clock) -> None:
    code = _code(editor, clock)
    accounts.authenticate("li.editor", PASSWORD, code)
    with pytest.raises(StaffAuthError, match="invalid_credentials"):
        accounts.authenticate("li.editor", PASSWORD, code)
    clock.advance(seconds=30)
    assert accounts.authenticate("li.editor", PASSWORD, _code(editor, clock)).username == "li.editor"


def test_one_client_cannot_walk_through_many_accounts(accounts, editor, clock, audit) -> None:
    from core.settings import RateLimits

    for n in range(RateLimits().staff_failures_per_client):
        with pytest.raises(StaffAuthError) as refused:
            accounts.authenticate(f"guess{n}", PASSWORD, "123456", client="203.0.113.7")
        assert refused.value.code == "invalid_credentials"
    with pytest.raises(StaffAuthError) as limited:
        accounts.authenticate("li.editor", PASSWORD, _code(editor, clock), client="203.0.113.7")
    assert limited.value.code == "rate_limited"
    assert accounts.authenticate("li.editor", PASSWORD, _code(editor, clock), client="198.51.100.2")
    assert any(event.detail.get("reason") == "rate_limited" for event in audit.events("staff.login"))
    assert all("203.0.113.7" not in str(event.detail) for event in audit.events("staff.login"))
