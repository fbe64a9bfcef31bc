using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ToolBridge.Data.Migrations
{
    /// <inheritdoc />
    public partial class Toolsets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "oauth_client_toolset",
                table: "tenants",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,

                // OAuth clients are shown the core tools unless the tenant's owners choose otherwise.
                defaultValue: "core");

            migrationBuilder.AddColumn<string>(
                name: "toolset",
                table: "api_tokens",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,

                // Tokens issued before toolsets keep showing every tool they may call; new ones default to core.
                defaultValue: "all");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "oauth_client_toolset",
                table: "tenants");

            migrationBuilder.DropColumn(
                name: "toolset",
                table: "api_tokens");
        }
    }
}
