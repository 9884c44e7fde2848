using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KanbanCustomer.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CardWatches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CardWatches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    BoardId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CardId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    UserId = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    Since = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CardWatches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CardWatches_Cards_CardId",
                        column: x => x.CardId,
                        principalTable: "Cards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CardWatches_BoardId_UserId",
                table: "CardWatches",
                columns: new[] { "BoardId", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_CardWatches_CardId_UserId",
                table: "CardWatches",
                columns: new[] { "CardId", "UserId" },
                unique: true);

            migrationBuilder.Sql(SqlServerNames.Bracketed(CardWatchBackfill.Sql));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CardWatches");
        }
    }
}
