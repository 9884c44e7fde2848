using KanbanCustomer.Domain.Boards;

namespace KanbanCustomer.Tests.Domain;

/// <summary>The clock and the new board shared by the board domain tests.</summary>
public abstract class BoardTestBase
{
    private protected static readonly DateTimeOffset Now = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);

    private protected static Board NewBoard() => Board.Create("Support team", "user-1", Now);
}
