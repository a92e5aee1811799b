"""A software passkey for HTTP tests: what a phone's authenticator sends, made with a real key.

It builds the WebAuthn JSON a browser posts (attestation "none" at registration, a signed
assertion at sign-in) with an ECDSA P-256 key, so the server's checks (challenge, origin,
relying party, signature, sign count) run for real. The browser stage uses Chromium's own
virtual authenticator instead.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import struct
from typing import Any

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class SoftPasskey:
    """One passkey on one device."""

    def __init__(self, rp_id: str, origin: str) -> None:
        self.rp_id = rp_id
        self.origin = origin
        self.credential_id = secrets.token_bytes(32)
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.sign_count = 0

    def _client_data(self, kind: str, challenge: str, origin: str | None = None) -> bytes:
        return json.dumps(
            {"type": kind, "challenge": challenge, "origin": origin or self.origin}
        ).encode()

    def _cose_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        return cbor2.dumps(
            {
                1: 2,  # EC2
                3: -7,  # ES256
                -1: 1,  # P-256
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )

    def _rp_hash(self) -> bytes:
        return hashlib.sha256(self.rp_id.encode()).digest()

    def create(self, options: dict[str, object], origin: str | None = None) -> dict[str, Any]:
        """The browser's answer to navigator.credentials.create() with these options."""
        challenge = str(options["challenge"])
        attested = (
            bytes(16)  # AAGUID: none
            + struct.pack(">H", len(self.credential_id))
            + self.credential_id
            + self._cose_key()
        )
        # Flags: user present (0x01), user verified (0x04), attested credential data (0x40).
        auth_data = self._rp_hash() + bytes([0x45]) + struct.pack(">I", 0) + attested
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return {
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(self._client_data("webauthn.create", challenge, origin)),
                "attestationObject": b64url(attestation),
                "transports": ["internal"],
            },
            "clientExtensionResults": {"credProps": {"rk": True}},
            "authenticatorAttachment": "platform",
        }

    def get(self, options: dict[str, object], origin: str | None = None) -> dict[str, Any]:
        """The browser's answer to navigator.credentials.get() with these options."""
        challenge = str(options["challenge"])
        self.sign_count += 1
        auth_data = self._rp_hash() + bytes([0x05]) + struct.pack(">I", self.sign_count)
        client_data = self._client_data("webauthn.get", challenge, origin)
        signature = self.key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return {
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(auth_data),
                "signature": b64url(signature),
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }
