"""Factories and fakes shared by test suites: a settable clock, recording department
systems. Never used by the running product."""
