using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ToolBridge.Data.Migrations
{
    /// <inheritdoc />
    public partial class TenantOAuthClientTools : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "oauth_client_tools",
                table: "tenants",
                type: "text[]",
                nullable: false,

                // Tenants made before this setting keep what they could do: no list, every tool.
                defaultValueSql: "'{}'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "oauth_client_tools",
                table: "tenants");
        }
    }
}
