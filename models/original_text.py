from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models import db
from models.types import BigId, EncryptedText


class OriginalText(db.Model):
    """Free text as it was typed, when it held an ID number or a mobile: the row it belongs to
    (`owner_type` is its table) stores the text with them masked; this keeps the whole text,
    encrypted with DATA_KEY (server/operations/core/free_text.py)."""

    __tablename__ = "original_text"
    __table_args__ = (UniqueConstraint("owner_type", "owner_id", "field"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    owner_type: Mapped[str] = mapped_column(String(32))
    owner_id: Mapped[int] = mapped_column(BigId)
    field: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(EncryptedText)
