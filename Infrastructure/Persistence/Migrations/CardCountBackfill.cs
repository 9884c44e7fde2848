namespace KanbanCustomer.Infrastructure.Persistence.Migrations;

/// <summary>
/// The counts the CardCounts migration gives existing boards: their cards as they stand, per swimlane, customer kind,
/// column and archived or not (what <see cref="CardCounts"/> keeps from then on). Plain SQL that SQLite, PostgreSQL
/// and SQL Server all read.
/// </summary>
public static class CardCountBackfill
{
    public const string Sql = """
        INSERT INTO "CardCounts" ("BoardId", "SwimlaneId", "CustomerKind", "ColumnId", "IsArchived", "Count")
        SELECT "BoardId", "SwimlaneId", "CustomerKind", "ColumnId", "IsArchived", COUNT(*) FROM "Cards"
        GROUP BY "BoardId", "SwimlaneId", "CustomerKind", "ColumnId", "IsArchived"
        """;
}
