using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KanbanCustomer.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CellIndexWithId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cards_BoardId_ColumnId_SwimlaneId_Rank",
                table: "Cards");

            migrationBuilder.CreateIndex(
                name: "IX_Cards_BoardId_ColumnId_SwimlaneId_Rank_Id",
                table: "Cards",
                columns: new[] { "BoardId", "ColumnId", "SwimlaneId", "Rank", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cards_BoardId_ColumnId_SwimlaneId_Rank_Id",
                table: "Cards");

            migrationBuilder.CreateIndex(
                name: "IX_Cards_BoardId_ColumnId_SwimlaneId_Rank",
                table: "Cards",
                columns: new[] { "BoardId", "ColumnId", "SwimlaneId", "Rank" });
        }
    }
}
