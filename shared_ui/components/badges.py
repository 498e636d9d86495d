"""Labels for service flags, channels and how a material is obtained."""

from __future__ import annotations

import reflex as rx

from shared_ui.i18n import N_, msg

FLAG_LABELS = {
    "fully_online": N_("Fully online"),
    "no_certificate": N_("No certificate needed"),
    "instant": N_("Instant approval"),
    "commitment": N_("Approval on commitment"),
    "cross_province": N_("Cross-province"),
}

CHANNEL_LABELS = {
    "pc": N_("Website"),
    "mobile": N_("Mobile app"),
    "kiosk": N_("Self-service kiosk"),
    "bank": N_("Bank branch"),
    "window": N_("Service hall window"),
}

OBTAIN_LABELS = {
    "A": (N_("Fetched for you"), N_("We fetch it from the e-licence library with your consent.")),
    "B": (N_("Reused"), N_("Checked once before; we reuse the verified copy.")),
    "C": (N_("Upload"), N_("Upload a photo or scan; bring the original if asked.")),
    "D": (N_("Your commitment"), N_("Sign a commitment instead of bringing it.")),
}


def _match(value: rx.Var[str], labels: dict[str, str]) -> rx.Component:
    return rx.match(value, *((key, msg(label)) for key, label in labels.items()), value)


def flag_badges(flags: rx.Var[list[str]]) -> rx.Component:
    return rx.el.ul(
        rx.foreach(flags, lambda flag: rx.el.li(_match(flag, FLAG_LABELS), class_name="badge")),
        class_name="badges",
        aria_label=msg("Service features"),
    )


def channel_list(channels: rx.Var[list[str]]) -> rx.Component:
    return rx.el.ul(
        rx.foreach(channels, lambda c: rx.el.li(_match(c, CHANNEL_LABELS))),
        class_name="inline-list",
    )


def obtain_label(obtain: rx.Var[str]) -> rx.Component:
    return rx.match(
        obtain,
        *(
            (key, rx.el.span(msg(label), class_name=f"obtain obtain-{key}"))
            for key, (label, _) in OBTAIN_LABELS.items()
        ),
        rx.el.span(obtain),
    )


def obtain_explanation(obtain: rx.Var[str]) -> rx.Component:
    return rx.match(obtain, *((key, msg(text)) for key, (_, text) in OBTAIN_LABELS.items()), "")
