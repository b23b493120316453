"""template messages open a mini-program page: notification.template_url becomes template_page

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 11:00:00.000000

A template message about a request opens its detail page in the mini-program (WeChat's
`miniprogram.pagepath`); no web page was ever linked, so the unused `template_url` is renamed.
A rename in place (SQLite 3.25+ and PostgreSQL): rebuilding the table, as a batch operation does on
SQLite, would drop `notification` under the request events that point at it.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notification', recreate='never') as batch_op:
        batch_op.alter_column('template_url', new_column_name='template_page')


def downgrade():
    with op.batch_alter_table('notification', recreate='never') as batch_op:
        batch_op.alter_column('template_page', new_column_name='template_url')
