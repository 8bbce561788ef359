#!/usr/bin/env python3
"""Sign a Limpet affinity token (X-Backend cookie) from a non-Java backend.

Implements docs/affinity-token.md with the Python standard library only.
Usage: limpet_token.py SECRET_FILE ROUTE [MAX_AGE_SECONDS] [COOKIE_NAME] [NOW_SECONDS]
Prints the cookie value. The first secret in the file signs.
"""
import base64, hashlib, hmac, sys, time


def hkdf_sha256(secret: bytes, info: bytes, length: int) -> bytes:
    prk = hmac.new(b"\0" * 32, secret, hashlib.sha256).digest()          # RFC 5869 extract, empty salt
    okm, block, counter = b"", b"", 1
    while len(okm) < length:                                              # RFC 5869 expand
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        okm, counter = okm + block, counter + 1
    return okm[:length]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def sign(secret: bytes, route: str, created: int, expires: int,
         cookie_name: str = "X-Backend", purpose: str = "backend-cookie") -> str:
    key = hkdf_sha256(secret, b"limpet/v1/" + purpose.encode(), 32)
    key_id = b64url(hkdf_sha256(secret, b"limpet/v1/key-id", 6))
    payload = f"1.{key_id}.{route}.{created}.{expires}"
    mac = hmac.new(key, f"{cookie_name}={payload}".encode("ascii"), hashlib.sha256).digest()
    return f"{payload}.{b64url(mac)}"


def first_secret(path: str) -> bytes:
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                return line.encode("utf-8")
    raise SystemExit(f"no secret in {path}")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    max_age = int(sys.argv[3]) if len(sys.argv) > 3 else 1800
    name = sys.argv[4] if len(sys.argv) > 4 else "X-Backend"
    now = int(sys.argv[5]) if len(sys.argv) > 5 else int(time.time())
    print(sign(first_secret(sys.argv[1]), sys.argv[2], now, now + max_age, name))
