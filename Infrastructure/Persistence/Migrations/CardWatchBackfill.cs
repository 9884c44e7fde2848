namespace KanbanCustomer.Infrastructure.Persistence.Migrations;

/// <summary>
/// The watches the CardWatches migration gives existing cards, as the write path would have: each card's reporter, the
/// authors of its evidence and its voters, each pair once, watching since they first took part. Plain SQL that SQLite,
/// PostgreSQL and SQL Server all read.
/// </summary>
public static class CardWatchBackfill
{
    public const string Sql = """
        INSERT INTO "CardWatches" ("BoardId", "CardId", "UserId", "Since")
        SELECT "BoardId", "CardId", "UserId", MIN("Since") FROM (
            SELECT "BoardId", "Id" AS "CardId", "ReporterId" AS "UserId", "CreatedAt" AS "Since" FROM "Cards" WHERE "ReporterId" <> ''
            UNION ALL
            SELECT c."BoardId", e."CardId", e."RecordedBy", e."RecordedAt" FROM "Evidence" e JOIN "Cards" c ON c."Id" = e."CardId" WHERE e."RecordedBy" <> ''
            UNION ALL
            SELECT c."BoardId", v."CardId", v."VoterId", v."CastAt" FROM "Votes" v JOIN "Cards" c ON c."Id" = v."CardId"
        ) taking_part
        GROUP BY "BoardId", "CardId", "UserId"
        """;
}
