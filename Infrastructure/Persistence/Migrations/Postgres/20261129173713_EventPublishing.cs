using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KanbanCustomer.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EventPublishing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PublishedAt",
                table: "BoardEvents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_BoardEvents_PublishedAt",
                table: "BoardEvents",
                column: "PublishedAt");
            // Events older than publishing were delivered by nothing; the relay must not replay history.
            migrationBuilder.Sql("UPDATE \"BoardEvents\" SET \"PublishedAt\" = \"OccurredAt\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_BoardEvents_PublishedAt",
                table: "BoardEvents");

            migrationBuilder.DropColumn(
                name: "PublishedAt",
                table: "BoardEvents");
        }
    }
}
