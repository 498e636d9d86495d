"""The web and the mobile API label the same application timeline: a status one of them can
name, the other names too (a new status added to one channel only shows up bare on the other)."""

from __future__ import annotations

from mobile_api.status_labels import LABELS as MOBILE_LABELS
from web.pages.application import STATUS_LABELS as WEB_LABELS


def test_web_and_phone_label_the_same_statuses() -> None:
    assert set(WEB_LABELS) == set(MOBILE_LABELS)


def test_the_english_labels_agree() -> None:
    assert {status: MOBILE_LABELS[status][1] for status in WEB_LABELS} == WEB_LABELS
