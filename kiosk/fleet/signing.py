"""Ed25519 signatures on the province's documents, with the `cryptography` package.

A signed document is JSON: `{"payload": "<the document's JSON text>", "signature": "<base64>"}`. The signature is
over the payload's exact UTF-8 bytes, so nothing is re-serialised before it is checked. The province keeps its
private key (PEM, made by `kiosk fleet keygen`); each kiosk knows only the public key (`fleet.province_key`).
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


class Refused(Exception):
    """A document the kiosk will not use; `code` is the catalogue key of why (`fleet.refused.*`)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def new_key() -> Ed25519PrivateKey:
    """A fresh province key."""
    return Ed25519PrivateKey.generate()


def private_pem(key: Ed25519PrivateKey) -> bytes:
    """The private key as unencrypted PKCS#8 PEM (the file `kiosk fleet keygen` writes, mode 0600)."""
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def public_text(key: Ed25519PrivateKey) -> str:
    """The public key as the kiosks' `fleet.province_key` holds it: 32 raw bytes in base64."""
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def load_private(path: Path) -> Ed25519PrivateKey:
    """The province key from its PEM file."""
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 key")
    return key


def sign(key: Ed25519PrivateKey, payload: dict[str, Any]) -> bytes:
    """The signed document of `payload`."""
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True)
    signature = key.sign(text.encode("utf-8"))
    return json.dumps({"payload": text, "signature": base64.b64encode(signature).decode("ascii")}).encode("utf-8")


def verify(public_key: str, document: bytes) -> dict[str, Any]:
    """The payload of a document signed by `public_key`; raises `Refused` for an unsigned, malformed or
    wrongly signed one."""
    try:
        envelope = json.loads(document)
        text, signature = envelope["payload"], base64.b64decode(envelope["signature"], validate=True)
    except (ValueError, KeyError, TypeError):
        raise Refused("fleet.refused.unsigned") from None
    if not isinstance(text, str):
        raise Refused("fleet.refused.unsigned")
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key)).verify(signature, text.encode("utf-8"))
    except (InvalidSignature, ValueError):
        raise Refused("fleet.refused.signature") from None
    payload = json.loads(text)
    if not isinstance(payload, dict):
        raise Refused("fleet.refused.unsigned")
    return payload
