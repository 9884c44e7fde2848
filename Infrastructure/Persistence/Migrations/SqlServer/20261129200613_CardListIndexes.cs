using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KanbanCustomer.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CardListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Cards_BoardId_CreatedAt_Id",
                table: "Cards",
                columns: new[] { "BoardId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Cards_BoardId_LastActivityAt_Id",
                table: "Cards",
                columns: new[] { "BoardId", "LastActivityAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cards_BoardId_CreatedAt_Id",
                table: "Cards");

            migrationBuilder.DropIndex(
                name: "IX_Cards_BoardId_LastActivityAt_Id",
                table: "Cards");
        }
    }
}
