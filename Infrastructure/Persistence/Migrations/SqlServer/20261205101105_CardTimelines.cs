using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KanbanCustomer.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CardTimelines : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CardTimelines",
                columns: table => new
                {
                    CardId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    BoardId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SwimlaneId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CustomerKind = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    ColumnId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    IsArchived = table.Column<bool>(type: "bit", nullable: false),
                    LastStepAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Steps = table.Column<byte[]>(type: "varbinary(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CardTimelines", x => x.CardId);
                    table.ForeignKey(
                        name: "FK_CardTimelines_Cards_CardId",
                        column: x => x.CardId,
                        principalTable: "Cards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CardTimelines_BoardId_LastStepAt",
                table: "CardTimelines",
                columns: new[] { "BoardId", "LastStepAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CardTimelines_ColumnId_IsArchived",
                table: "CardTimelines",
                columns: new[] { "ColumnId", "IsArchived" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CardTimelines");
        }
    }
}
