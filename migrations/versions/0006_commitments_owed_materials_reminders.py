"""告知承诺: signed commitments, the materials they owe with deadlines, and the reminders sent

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 11:48:48.859998
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "commitment",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("owner_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("draft_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("item_code", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("scenario_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("text_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("signer_name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("signed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("application_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("draft_id", "item_code"),
    )
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commitment_application_id"), ["application_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_commitment_draft_id"), ["draft_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_commitment_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "commitment_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("days_before", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("application_id", "due_on", "days_before"),
    )
    op.create_table(
        "owed_material",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("commitment_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("item_code", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("material_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("supplied_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("upload_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("application_id", "item_code", "material_id"),
    )
    with op.batch_alter_table("owed_material", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_owed_material_application_id"), ["application_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_owed_material_due_on"), ["due_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("owed_material", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_owed_material_due_on"))
        batch_op.drop_index(batch_op.f("ix_owed_material_application_id"))

    op.drop_table("owed_material")
    op.drop_table("commitment_reminder")
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_owner_id"))
        batch_op.drop_index(batch_op.f("ix_commitment_draft_id"))
        batch_op.drop_index(batch_op.f("ix_commitment_application_id"))

    op.drop_table("commitment")
