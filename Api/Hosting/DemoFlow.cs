using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Infrastructure.Persistence;

namespace KanbanCustomer.Api.Hosting;

/// <summary>
/// Six weeks of past flow on the demo board, so flowMetrics has figures on first start: small problems reported,
/// understood, tried and solved at past times (saved one step at a time, so each step keeps its time), a few still in
/// flight, one blocked for a while. Fixed seed: every fresh start gets the same history.
/// </summary>
public static class DemoFlow
{
    private const int Cards = 24;
    private static readonly string[] Topics =
        ["Password reset mail lands in spam", "Export to Excel drops umlauts", "Search ignores order numbers", "Shift plan not on phones",
         "Delivery notes lack a QR code", "Expense form times out", "Price list is a month old", "Holiday requests need two logins"];

    public static async Task SeedAsync(KanbanDbContext db, Board board, DateTimeOffset now)
    {
        var random = new Random(12);
        var ranks = RankKey.Spread(Cards);
        var columns = board.Columns;
        for (var i = 0; i < Cards; i++)
        {
            var lane = board.Swimlanes[i % 2];
            var at = now.AddDays(-42 + i * 1.6);
            var card = Card.Report(board, columns[0], lane, ranks[i],
                new CardDetails($"{Topics[i % Topics.Length]} ({i + 1})", null, lane.CustomerKind, 1 + i % 3, 5 + i, ["demo-flow"], []),
                DemoData.DemoUser, at);
            db.Cards.Add(card);
            await db.SaveChangesAsync();
            foreach (var column in columns.Skip(1))
            {
                at = at.AddHours(random.Next(12, 24 * 5));
                if (at > now.AddHours(-1))
                    break;
                if (i % 7 == 3 && column.Position == 2 && at.AddDays(2) < now.AddHours(-1))
                {
                    card.Block("Waiting for a supplier's answer", at);
                    await db.SaveChangesAsync();
                    at = at.AddDays(2);
                    card.Unblock(at);
                }

                card.MoveTo(column, lane, card.Rank, at);
                await db.SaveChangesAsync();
            }
        }

        db.ChangeTracker.Clear();
    }
}
