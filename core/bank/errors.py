"""One error type for every refusal of the bank channel; `.code` is stable for translation,
problem JSON and the audit log."""

from __future__ import annotations

BANK_ERROR_CODES = frozenset(
    {
        "not_for_bank",  # the item is not offered at bank branches
        "not_in_form",  # an answer the item's own form does not ask (no extra materials or fees)
        "invalid_answers",
        "incomplete",
        "in_progress",  # the same submission is being stored right now (a double click, a retry)
        "consent_required",
        "consent_not_found",
        "consent_expired",
        "consent_closed",
        "commitment_unsigned",
        "commitment_text_changed",  # the phone showed a 告知承诺 text that has changed since
        "no_account",  # the customer has no real-name account to consent with
        "bad_code",
        "bad_card",
        "not_found",
        "other_branch",
        "customer_required",
        "teller_required",
        "teller_login_failed",
        "teller_locked",
        "teller_rate_limited",
        "not_a_teller",
        "printer_unavailable",  # the branch printer (CUPS) failed; nothing else is lost
    }
)


class BankRuleError(Exception):
    def __init__(self, code: str, message: str = "", fields: dict[str, str] | None = None) -> None:
        assert code in BANK_ERROR_CODES, code
        super().__init__(message or code)
        self.code = code
        self.fields = fields or {}
