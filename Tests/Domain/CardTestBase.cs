using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Cards;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Tests.Domain;

/// <summary>The board, clock and card factories shared by the card domain tests.</summary>
public abstract class CardTestBase
{
    private protected static readonly DateTimeOffset Now = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);

    private protected static readonly DateTimeOffset Later = Now.AddHours(2);

    private protected readonly Board _board = Board.Create("Support team", "user-1", Now);

    private protected static CardDetails Details(
        string title = "Checkout times out",
        string? problemStatement = "Customers give up paying after 30 seconds.",
        CustomerKind customerKind = CustomerKind.External,
        int impact = 4,
        int reach = 120,
        IReadOnlyList<string>? tags = null,
        IReadOnlyList<string>? assignees = null) =>
        new(title, problemStatement, customerKind, impact, reach, tags ?? ["checkout"], assignees ?? ["user-2"]);

    private protected Card Report(CardDetails? details = null) =>
        Card.Report(_board, _board.Columns[0], _board.Swimlanes[0], "i", details ?? Details(), "user-1", Now);

    private protected Card ReportedAndCleared()
    {
        var card = Report();
        card.ClearChanges();
        return card;
    }
}
