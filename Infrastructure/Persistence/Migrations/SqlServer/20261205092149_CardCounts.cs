using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KanbanCustomer.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CardCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CardCounts",
                columns: table => new
                {
                    BoardId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SwimlaneId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CustomerKind = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    ColumnId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    IsArchived = table.Column<bool>(type: "bit", nullable: false),
                    Count = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CardCounts", x => new { x.BoardId, x.SwimlaneId, x.CustomerKind, x.ColumnId, x.IsArchived });
                    table.ForeignKey(
                        name: "FK_CardCounts_Boards_BoardId",
                        column: x => x.BoardId,
                        principalTable: "Boards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.Sql(SqlServerNames.Bracketed(CardCountBackfill.Sql));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CardCounts");
        }
    }
}
