using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ToolBridge.Data.Migrations
{
    /// <inheritdoc />
    public partial class MembershipInvitations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "invited_at",
                table: "memberships",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "work_os_invitation_id",
                table: "memberships",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "invited_at",
                table: "memberships");

            migrationBuilder.DropColumn(
                name: "work_os_invitation_id",
                table: "memberships");
        }
    }
}
