"""The kiosk's settings: one typed schema, layered TOML files, problems reported with file and line."""

from kiosk.config.loader import ConfigProblem, LoadedConfig, check_file, load_layers
from kiosk.config.schema import Config, Role

__all__ = ["Config", "ConfigProblem", "LoadedConfig", "Role", "check_file", "load_layers"]
