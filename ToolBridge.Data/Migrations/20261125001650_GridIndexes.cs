using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ToolBridge.Data.Migrations
{
    /// <inheritdoc />
    public partial class GridIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tasks_tenant_id_change_seq",
                table: "tasks");

            migrationBuilder.DropIndex(
                name: "ix_notes_tenant_id_change_seq",
                table: "notes");

            migrationBuilder.DropIndex(
                name: "ix_comments_tenant_id_change_seq",
                table: "comments");

            migrationBuilder.DropIndex(
                name: "ix_chats_tenant_id_change_seq",
                table: "chats");

            migrationBuilder.DropIndex(
                name: "ix_chat_messages_tenant_id_change_seq",
                table: "chat_messages");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_tags",
                table: "tasks",
                column: "tags")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_tenant_id_change_seq",
                table: "tasks",
                columns: new[] { "tenant_id", "change_seq" },
                descending: new[] { false, true })
                .Annotation("Npgsql:IndexInclude", new[] { "deleted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_tasks_tenant_id_due_at",
                table: "tasks",
                columns: new[] { "tenant_id", "due_at" });

            migrationBuilder.CreateIndex(
                name: "ix_tasks_tenant_id_status_change_seq",
                table: "tasks",
                columns: new[] { "tenant_id", "status", "change_seq" },
                descending: new[] { false, false, true })
                .Annotation("Npgsql:IndexInclude", new[] { "deleted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_tasks_tenant_id_title",
                table: "tasks",
                columns: new[] { "tenant_id", "title" });

            migrationBuilder.CreateIndex(
                name: "ix_tasks_trash",
                table: "tasks",
                columns: new[] { "tenant_id", "change_seq" },
                descending: new[] { false, true },
                filter: "deleted_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_notes_tags",
                table: "notes",
                column: "tags")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_notes_tenant_id_change_seq",
                table: "notes",
                columns: new[] { "tenant_id", "change_seq" },
                descending: new[] { false, true })
                .Annotation("Npgsql:IndexInclude", new[] { "deleted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_notes_tenant_id_status_change_seq",
                table: "notes",
                columns: new[] { "tenant_id", "status", "change_seq" },
                descending: new[] { false, false, true })
                .Annotation("Npgsql:IndexInclude", new[] { "deleted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_notes_tenant_id_title",
                table: "notes",
                columns: new[] { "tenant_id", "title" });

            migrationBuilder.CreateIndex(
                name: "ix_notes_trash",
                table: "notes",
                columns: new[] { "tenant_id", "change_seq" },
                descending: new[] { false, true },
                filter: "deleted_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_comments_tenant_id_change_seq",
                table: "comments",
                columns: new[] { "tenant_id", "change_seq" },
                descending: new[] { false, true })
                .Annotation("Npgsql:IndexInclude", new[] { "deleted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_comments_tenant_id_status_change_seq",
                table: "comments",
                columns: new[] { "tenant_id", "status", "change_seq" },
                descending: new[] { false, false, true })
                .Annotation("Npgsql:IndexInclude", new[] { "deleted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_comments_trash",
                table: "comments",
                columns: new[] { "tenant_id", "change_seq" },
                descending: new[] { false, true },
                filter: "deleted_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_chats_tags",
                table: "chats",
                column: "tags")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_chats_tenant_id_change_seq",
                table: "chats",
                columns: new[] { "tenant_id", "change_seq" },
                descending: new[] { false, true })
                .Annotation("Npgsql:IndexInclude", new[] { "deleted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_chats_tenant_id_status_change_seq",
                table: "chats",
                columns: new[] { "tenant_id", "status", "change_seq" },
                descending: new[] { false, false, true })
                .Annotation("Npgsql:IndexInclude", new[] { "deleted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_chats_tenant_id_title",
                table: "chats",
                columns: new[] { "tenant_id", "title" });

            migrationBuilder.CreateIndex(
                name: "ix_chats_trash",
                table: "chats",
                columns: new[] { "tenant_id", "change_seq" },
                descending: new[] { false, true },
                filter: "deleted_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_chat_messages_tenant_id_change_seq",
                table: "chat_messages",
                columns: new[] { "tenant_id", "change_seq" },
                descending: new[] { false, true })
                .Annotation("Npgsql:IndexInclude", new[] { "deleted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_chat_messages_trash",
                table: "chat_messages",
                columns: new[] { "tenant_id", "change_seq" },
                descending: new[] { false, true },
                filter: "deleted_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_tenant_id_actor_kind_actor_id_id",
                table: "audit_events",
                columns: new[] { "tenant_id", "actor_kind", "actor_id", "id" },
                descending: new[] { false, false, false, true });

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_tenant_id_at",
                table: "audit_events",
                columns: new[] { "tenant_id", "at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tasks_tags",
                table: "tasks");

            migrationBuilder.DropIndex(
                name: "ix_tasks_tenant_id_change_seq",
                table: "tasks");

            migrationBuilder.DropIndex(
                name: "ix_tasks_tenant_id_due_at",
                table: "tasks");

            migrationBuilder.DropIndex(
                name: "ix_tasks_tenant_id_status_change_seq",
                table: "tasks");

            migrationBuilder.DropIndex(
                name: "ix_tasks_tenant_id_title",
                table: "tasks");

            migrationBuilder.DropIndex(
                name: "ix_tasks_trash",
                table: "tasks");

            migrationBuilder.DropIndex(
                name: "ix_notes_tags",
                table: "notes");

            migrationBuilder.DropIndex(
                name: "ix_notes_tenant_id_change_seq",
                table: "notes");

            migrationBuilder.DropIndex(
                name: "ix_notes_tenant_id_status_change_seq",
                table: "notes");

            migrationBuilder.DropIndex(
                name: "ix_notes_tenant_id_title",
                table: "notes");

            migrationBuilder.DropIndex(
                name: "ix_notes_trash",
                table: "notes");

            migrationBuilder.DropIndex(
                name: "ix_comments_tenant_id_change_seq",
                table: "comments");

            migrationBuilder.DropIndex(
                name: "ix_comments_tenant_id_status_change_seq",
                table: "comments");

            migrationBuilder.DropIndex(
                name: "ix_comments_trash",
                table: "comments");

            migrationBuilder.DropIndex(
                name: "ix_chats_tags",
                table: "chats");

            migrationBuilder.DropIndex(
                name: "ix_chats_tenant_id_change_seq",
                table: "chats");

            migrationBuilder.DropIndex(
                name: "ix_chats_tenant_id_status_change_seq",
                table: "chats");

            migrationBuilder.DropIndex(
                name: "ix_chats_tenant_id_title",
                table: "chats");

            migrationBuilder.DropIndex(
                name: "ix_chats_trash",
                table: "chats");

            migrationBuilder.DropIndex(
                name: "ix_chat_messages_tenant_id_change_seq",
                table: "chat_messages");

            migrationBuilder.DropIndex(
                name: "ix_chat_messages_trash",
                table: "chat_messages");

            migrationBuilder.DropIndex(
                name: "ix_audit_events_tenant_id_actor_kind_actor_id_id",
                table: "audit_events");

            migrationBuilder.DropIndex(
                name: "ix_audit_events_tenant_id_at",
                table: "audit_events");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_tenant_id_change_seq",
                table: "tasks",
                columns: new[] { "tenant_id", "change_seq" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "ix_notes_tenant_id_change_seq",
                table: "notes",
                columns: new[] { "tenant_id", "change_seq" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "ix_comments_tenant_id_change_seq",
                table: "comments",
                columns: new[] { "tenant_id", "change_seq" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "ix_chats_tenant_id_change_seq",
                table: "chats",
                columns: new[] { "tenant_id", "change_seq" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "ix_chat_messages_tenant_id_change_seq",
                table: "chat_messages",
                columns: new[] { "tenant_id", "change_seq" },
                descending: new[] { false, true });
        }
    }
}
