"""Paper for every channel: receipt and guide PDFs with embedded Chinese fonts and the status QR,
and the `Printer` that sends them to a CUPS queue or a spool folder."""
