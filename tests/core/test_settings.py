import pytest

from core.settings import DEV_SECRET, Settings, SettingsError


def test_prod_refuses_the_development_secret() -> None:
    with pytest.raises(SettingsError, match="YIWANG_SECRET_KEY"):
        Settings.from_env({"YIWANG_ENV": "prod"})


def test_prod_accepts_a_real_secret_and_reads_every_variable() -> None:
    settings = Settings.from_env(
        {
            "YIWANG_ENV": "prod",
            "YIWANG_SECRET_KEY": "s3cret-from-vault",
            "YIWANG_OIDC_CLIENT_SECRET": "oidc-secret-from-vault",
            "YIWANG_DATABASE_URL": "postgresql://db/yiwang",
            "YIWANG_PUBLIC_URL": "https://zwfw.example.gov.cn/",
        }
    )
    assert settings.secret_key != DEV_SECRET
    assert settings.database_url == "postgresql://db/yiwang"
    assert settings.public_url == "https://zwfw.example.gov.cn"


def test_unknown_environment_is_refused() -> None:
    with pytest.raises(SettingsError):
        Settings.from_env({"YIWANG_ENV": "staging"})


def test_cors_origins_are_a_list_of_http_origins_never_a_wildcard() -> None:
    assert Settings.from_env({}).cors_origins == ()
    assert Settings.from_env({"YIWANG_CORS_ORIGINS": "https://h5.pds.gov.cn/"}).cors_origins == (
        "https://h5.pds.gov.cn",
    )
    for bad in ("*", "h5.pds.gov.cn"):
        with pytest.raises(SettingsError):
            Settings.from_env({"YIWANG_CORS_ORIGINS": bad})


def test_the_mobile_oidc_redirect_is_the_apps_own() -> None:
    assert Settings.from_env({}).oidc_mobile_redirect == "cn.gov.pingdingshan.yiwang:/oidc/callback"
    link = "https://m.pds.gov.cn/app/oidc/callback"
    assert Settings.from_env({"YIWANG_MOBILE_OIDC_REDIRECT": link}).oidc_mobile_redirect == link
    web = {"YIWANG_OIDC_REDIRECT": link, "YIWANG_MOBILE_OIDC_REDIRECT": link}
    for env in (
        web,
        {"YIWANG_MOBILE_OIDC_REDIRECT": "http://m.pds.gov.cn/cb"},
        {"YIWANG_MOBILE_OIDC_REDIRECT": "yiwang:/cb"},
    ):
        with pytest.raises(SettingsError, match="YIWANG_MOBILE_OIDC_REDIRECT"):
            Settings.from_env(env)
