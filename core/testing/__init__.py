"""Factories and fakes shared by test suites: a settable clock, recording department
systems, a scripted OIDC provider. Never used by the running product."""
