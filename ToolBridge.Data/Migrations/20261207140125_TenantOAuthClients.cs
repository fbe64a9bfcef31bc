using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ToolBridge.Data.Migrations
{
    /// <inheritdoc />
    public partial class TenantOAuthClients : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "oauth_clients_allowed",
                table: "tenants",
                type: "boolean",
                nullable: false,

                // Tenants made before this setting keep what they could do: OAuth clients are allowed, as for new ones.
                defaultValue: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "oauth_clients_allowed",
                table: "tenants");
        }
    }
}
