"""free text as typed, encrypted, when it held an ID number or a mobile

Revision ID: 0012_d
Revises: 0011_e
Create Date: 2026-12-04 14:00:00.000000

Requests, their timeline entries and ratings store their text with ID numbers and mobiles masked
from here on; `original_text` keeps the text as typed, encrypted with DATA_KEY, by its row and
field. Text stored before this revision stays as it was.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_d'
down_revision = '0011_e'
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade():
    op.create_table(
        'original_text',
        sa.Column('id', BIG_ID, nullable=False),
        sa.Column('owner_type', sa.String(length=32), nullable=False),
        sa.Column('owner_id', BIG_ID, nullable=False),
        sa.Column('field', sa.String(length=32), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_original_text')),
        sa.UniqueConstraint('owner_type', 'owner_id', 'field', name=op.f('uq_original_text_owner_type')),
    )


def downgrade():
    op.drop_table('original_text')
