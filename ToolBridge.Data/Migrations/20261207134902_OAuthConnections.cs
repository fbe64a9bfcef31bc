using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ToolBridge.Data.Migrations
{
    /// <inheritdoc />
    public partial class OAuthConnections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<byte[]>(
                name: "secret_hash",
                table: "api_tokens",
                type: "bytea",
                nullable: true,
                oldClrType: typeof(byte[]),
                oldType: "bytea");

            migrationBuilder.AddColumn<string>(
                name: "oauth_client_id",
                table: "api_tokens",
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_api_tokens_tenant_id_owner_user_id_oauth_client_id",
                table: "api_tokens",
                columns: new[] { "tenant_id", "owner_user_id", "oauth_client_id" },
                unique: true,
                filter: "oauth_client_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_api_tokens_tenant_id_owner_user_id_oauth_client_id",
                table: "api_tokens");

            migrationBuilder.DropColumn(
                name: "oauth_client_id",
                table: "api_tokens");

            migrationBuilder.AlterColumn<byte[]>(
                name: "secret_hash",
                table: "api_tokens",
                type: "bytea",
                nullable: false,
                defaultValue: new byte[0],
                oldClrType: typeof(byte[]),
                oldType: "bytea",
                oldNullable: true);
        }
    }
}
