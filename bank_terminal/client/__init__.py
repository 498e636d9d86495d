"""Python client of the yiwang 政银通办 partner API, for banks' own terminal software.

from bank_terminal.client import BankClient
with BankClient("https://yiwang.example", "bank-xinhua-01", TERMINAL_KEY) as bank:
    bank.log_in("li.teller", password, totp_code)
    customer = bank.identify(eid_code=scanned_text)
    consent = bank.ask_consent(["010090002002"])   # show consent["code"] as a QR
    bank.wait_for_consent(consent["id"])             # the customer confirms on their phone
    draft = bank.start_draft("010090002002")
    bank.fill(draft["id"], {"business_name": "..."})
    receipt = bank.submit(draft["id"])
    bank.customer_leaves()
"""

from bank_terminal.client.api import BankApiError, BankClient

__all__ = ["BankApiError", "BankClient"]
