"""Personal-data encryption: authenticated (Fernet), rotatable, with keyed hashes for lookups."""

import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class Keyring:
    """Encrypts with DATA_KEY; decrypts with DATA_KEY or DATA_KEY_PREVIOUS during a rotation."""

    def __init__(self, data_key, previous_key=None):
        keys = [data_key] + ([previous_key] if previous_key else [])
        self._fernet = MultiFernet([Fernet(k) for k in keys])
        self._lookup_keys = [hmac.new(k.encode(), b"lookup-hash", hashlib.sha256).digest() for k in keys]

    def encrypt(self, text):
        return self._fernet.encrypt(text.encode()).decode()

    def decrypt(self, token):
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken as exc:
            raise InvalidToken("stored value cannot be decrypted with DATA_KEY or DATA_KEY_PREVIOUS") from exc

    def encrypt_bytes(self, data):
        return self._fernet.encrypt(data)

    def decrypt_bytes(self, token):
        return self._fernet.decrypt(token)

    def rotate(self, token):
        """Re-encrypt a value under the current key."""
        return self._fernet.rotate(token.encode()).decode()

    def lookup_hash(self, value):
        """A keyed hash under the current key, for unique lookups without storing the value."""
        return self.lookup_hashes(value)[0]

    def lookup_hashes(self, value):
        """Hashes under every key, current first: lookups match rows not yet rotated."""
        return [hmac.new(k, value.encode(), hashlib.sha256).hexdigest() for k in self._lookup_keys]
