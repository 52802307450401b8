"""Settings, read once (VNQI_ prefix) and passed down; nothing reads the environment elsewhere."""

from __future__ import annotations

from pathlib import Path

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    """Runtime configuration of the HTTP app."""

    model_config = SettingsConfigDict(env_prefix="VNQI_")

    root: Path = ROOT
    var_dir: Path | None = None
    store: str | None = None  # "oxigraph:<dir>" or "memory:"; default: the current build under var_dir
    base_iri: str = "https://w3id.org/vnqi/"

    @model_validator(mode="after")
    def _defaults(self) -> Settings:
        """Derive var_dir from root and check the base IRI."""
        if self.var_dir is None:
            self.var_dir = self.root / "var"
        if not self.base_iri.startswith(("http://", "https://")) or not self.base_iri.endswith("/"):
            raise ValueError("VNQI_BASE_IRI must be an http(s) IRI ending with '/'")
        return self
