using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KanbanCustomer.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class FlowHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CardTransitions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    BoardId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CardId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    EventSeq = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ColumnId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    SwimlaneId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CustomerKind = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    IsBlocked = table.Column<bool>(type: "bit", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CardTransitions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CardTransitions_Boards_BoardId",
                        column: x => x.BoardId,
                        principalTable: "Boards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CardTransitions_BoardId_At",
                table: "CardTransitions",
                columns: new[] { "BoardId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_CardTransitions_BoardId_EventSeq_CardId",
                table: "CardTransitions",
                columns: new[] { "BoardId", "EventSeq", "CardId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CardTransitions_CardId",
                table: "CardTransitions",
                column: "CardId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CardTransitions");
        }
    }
}
