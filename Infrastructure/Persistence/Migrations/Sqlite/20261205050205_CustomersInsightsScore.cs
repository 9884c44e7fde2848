using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KanbanCustomer.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CustomersInsightsScore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "CustomerId",
                table: "Evidence",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Proximity",
                table: "Evidence",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "SecondHand");

            migrationBuilder.AddColumn<int>(
                name: "CustomerCount",
                table: "Cards",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "DirectEvidenceCount",
                table: "Cards",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<double>(
                name: "EvidenceLog",
                table: "Cards",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastEvidenceAt",
                table: "Cards",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "MergedInto",
                table: "Cards",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "ScoreKey",
                table: "Cards",
                type: "REAL",
                nullable: false,
                defaultValue: -1000000.0);

            migrationBuilder.AddColumn<int>(
                name: "SecondHandEvidenceCount",
                table: "Cards",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "SelfEvidenceCount",
                table: "Cards",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "VoteCount",
                table: "Cards",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "Customers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    BoardId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SegmentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ExternalRef = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    IsArchived = table.Column<bool>(type: "INTEGER", nullable: false),
                    ArchivedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Customers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Customers_Boards_BoardId",
                        column: x => x.BoardId,
                        principalTable: "Boards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Insights",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    BoardId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Proximity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    SubmittedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CardId = table.Column<Guid>(type: "TEXT", nullable: true),
                    EvidenceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DismissReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    TriagedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    TriagedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Insights", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Insights_Boards_BoardId",
                        column: x => x.BoardId,
                        principalTable: "Boards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Insights_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateIndex(
                name: "IX_Evidence_CustomerId_CardId",
                table: "Evidence",
                columns: new[] { "CustomerId", "CardId" });

            migrationBuilder.CreateIndex(
                name: "IX_Cards_BoardId_ScoreKey_Id",
                table: "Cards",
                columns: new[] { "BoardId", "ScoreKey", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Customers_BoardId_ExternalRef",
                table: "Customers",
                columns: new[] { "BoardId", "ExternalRef" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Customers_BoardId_Name_Id",
                table: "Customers",
                columns: new[] { "BoardId", "Name", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Insights_BoardId_Status_SubmittedAt_Id",
                table: "Insights",
                columns: new[] { "BoardId", "Status", "SubmittedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Insights_BoardId_SubmittedBy_SubmittedAt",
                table: "Insights",
                columns: new[] { "BoardId", "SubmittedBy", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Insights_CustomerId",
                table: "Insights",
                column: "CustomerId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Insights");

            migrationBuilder.DropTable(
                name: "Customers");

            migrationBuilder.DropIndex(
                name: "IX_Evidence_CustomerId_CardId",
                table: "Evidence");

            migrationBuilder.DropIndex(
                name: "IX_Cards_BoardId_ScoreKey_Id",
                table: "Cards");

            migrationBuilder.DropColumn(
                name: "CustomerId",
                table: "Evidence");

            migrationBuilder.DropColumn(
                name: "Proximity",
                table: "Evidence");

            migrationBuilder.DropColumn(
                name: "CustomerCount",
                table: "Cards");

            migrationBuilder.DropColumn(
                name: "DirectEvidenceCount",
                table: "Cards");

            migrationBuilder.DropColumn(
                name: "EvidenceLog",
                table: "Cards");

            migrationBuilder.DropColumn(
                name: "LastEvidenceAt",
                table: "Cards");

            migrationBuilder.DropColumn(
                name: "MergedInto",
                table: "Cards");

            migrationBuilder.DropColumn(
                name: "ScoreKey",
                table: "Cards");

            migrationBuilder.DropColumn(
                name: "SecondHandEvidenceCount",
                table: "Cards");

            migrationBuilder.DropColumn(
                name: "SelfEvidenceCount",
                table: "Cards");

            migrationBuilder.DropColumn(
                name: "VoteCount",
                table: "Cards");
        }
    }
}
