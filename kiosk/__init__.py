"""Qt-free core of the commune self-service kiosk: config, session, i18n, admin PINs, logging."""

APP_NAME = "commune-kiosk"
__version__ = "0.1.0"
