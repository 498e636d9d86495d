"""Every refusal of the bank channel that can reach the teller's desk has a sentence there
(never a bare code on screen)."""

from __future__ import annotations

from bank_terminal.pages.desk import ERRORS, PRINTED
from core.bank.errors import BANK_ERROR_CODES

# Shown elsewhere or never reaching the desk's error line, with the reason.
ELSEWHERE = {
    "teller_login_failed": "the teller login page",
    "teller_locked": "the teller login page",
    "teller_rate_limited": "the teller login page",
    "not_a_teller": "the teller login page",
    "teller_required": "the desk sends tellers without a session to the login page",
    "printer_unavailable": "the desk's print line (PRINTED)",
    "other_branch": "the partner API only: the desk works within its own branch",
    "not_found": "the partner API only",
    "consent_not_found": "the partner API only: the desk holds the consent it asked for",
}


def test_every_bank_refusal_the_desk_can_show_has_a_sentence() -> None:
    assert set(ELSEWHERE) <= BANK_ERROR_CODES
    missing = BANK_ERROR_CODES - set(ERRORS) - set(ELSEWHERE)
    assert not missing, f"the desk would show these codes bare: {sorted(missing)}"
    assert "printer_unavailable" in PRINTED
