"""政银通办 bank-branch terminal channel: teller-assisted pages under /bank
(`bank_terminal.registry.register`), the signed partner API for banks' own software
(`partner_api`) and its Python client (`client/`). Importing the package loads no UI, so the
client works without Reflex."""
