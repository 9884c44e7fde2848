using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KanbanCustomer.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class WebhookEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WebhookDeliveries_WebhookId",
                table: "WebhookDeliveries");

            migrationBuilder.AddColumn<string>(
                name: "DisabledReason",
                table: "Webhooks",
                type: "nvarchar(600)",
                maxLength: 600,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EventTypes",
                table: "Webhooks",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<long>(
                name: "EventSeq",
                table: "WebhookDeliveries",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EventType",
                table: "WebhookDeliveries",
                type: "nvarchar(60)",
                maxLength: 60,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_WebhookId_Status_EventSeq",
                table: "WebhookDeliveries",
                columns: new[] { "WebhookId", "Status", "EventSeq" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WebhookDeliveries_WebhookId_Status_EventSeq",
                table: "WebhookDeliveries");

            migrationBuilder.DropColumn(
                name: "DisabledReason",
                table: "Webhooks");

            migrationBuilder.DropColumn(
                name: "EventTypes",
                table: "Webhooks");

            migrationBuilder.DropColumn(
                name: "EventSeq",
                table: "WebhookDeliveries");

            migrationBuilder.DropColumn(
                name: "EventType",
                table: "WebhookDeliveries");

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_WebhookId",
                table: "WebhookDeliveries",
                column: "WebhookId");
        }
    }
}
