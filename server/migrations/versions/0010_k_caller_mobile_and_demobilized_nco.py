"""a caller's mobile on requests staff file for them; 转业士官 beside 转业军官

Revision ID: 0010_k
Revises: 0009_f
Create Date: 2026-12-04 14:00:00.000000

`service_request.caller_mobile`: the mobile number of someone who phoned or came in without being
registered, given when staff file the request for them (代为登记诉求); encrypted at rest like a
registration's mobile (EncryptedText, stored as text). The veteran categories gain 转业士官 (sergeants
transferred to civilian work), sorted just after 转业军官, unless a station added it by hand already.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_k'
down_revision = '0009_f'
branch_labels = None
depends_on = None

CATEGORY = "转业士官"


def upgrade():
    with op.batch_alter_table('service_request', recreate='never') as batch_op:
        batch_op.add_column(sa.Column('caller_mobile', sa.Text(), nullable=True))
    op.execute(
        sa.text(
            "INSERT INTO veteran_category (name, sort, active, served) "
            "SELECT :name, 25, :yes, :yes WHERE NOT EXISTS (SELECT 1 FROM veteran_category WHERE name = :name)"
        ).bindparams(name=CATEGORY, yes=True)
    )


def downgrade():
    op.execute(
        sa.text(
            "DELETE FROM veteran_category WHERE name = :name "
            "AND NOT EXISTS (SELECT 1 FROM veteran WHERE veteran.category_id = veteran_category.id)"
        ).bindparams(name=CATEGORY)
    )
    with op.batch_alter_table('service_request', recreate='never') as batch_op:
        batch_op.drop_column('caller_mobile')
