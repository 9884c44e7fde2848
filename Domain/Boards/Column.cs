using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Boards;

/// <summary>A stage of the flow.</summary>
public sealed class Column
{
    public const int NameMaxLength = 60;
    public const int WipLimitMax = 999;
    public static readonly TimeSpan StaleAfterMax = TimeSpan.FromDays(365);

    private Column() { }

    internal Column(Guid boardId, string name, int position, int? wipLimit, TimeSpan? staleAfter, bool isCommitmentPoint, bool isDone)
    {
        Id = Guid.CreateVersion7();
        BoardId = boardId;
        Name = Guard.Text(name, NameMaxLength, "name");
        Position = position;
        WipLimit = CheckWipLimit(wipLimit);
        StaleAfter = CheckStaleAfter(staleAfter);
        IsCommitmentPoint = isCommitmentPoint;
        IsDone = isDone;
    }

    public Guid Id { get; private set; }

    public Guid BoardId { get; private set; }

    public string Name { get; private set; } = "";

    public int Position { get; internal set; }

    /// <summary>Hard limit on unarchived cards in the column; null = no limit.</summary>
    public int? WipLimit { get; private set; }

    /// <summary>How long a card may sit without activity before it is stale; null = never stale.</summary>
    public TimeSpan? StaleAfter { get; private set; }

    /// <summary>Entering this column starts the work (the clock for cycle time).</summary>
    public bool IsCommitmentPoint { get; internal set; }

    public bool IsDone { get; private set; }

    internal List<string> Update(string name, int? wipLimit, TimeSpan? staleAfter, bool isCommitmentPoint, bool isDone)
    {
        name = Guard.Text(name, NameMaxLength, "name");
        wipLimit = CheckWipLimit(wipLimit);
        staleAfter = CheckStaleAfter(staleAfter);
        var changed = new List<string>();
        if (name != Name) { Name = name; changed.Add("name"); }
        if (wipLimit != WipLimit) { WipLimit = wipLimit; changed.Add("wipLimit"); }
        if (staleAfter != StaleAfter) { StaleAfter = staleAfter; changed.Add("staleAfter"); }
        if (isCommitmentPoint != IsCommitmentPoint) { IsCommitmentPoint = isCommitmentPoint; changed.Add("isCommitmentPoint"); }
        if (isDone != IsDone) { IsDone = isDone; changed.Add("isDone"); }
        return changed;
    }

    private static int? CheckWipLimit(int? wipLimit) =>
        wipLimit is null or (>= 1 and <= WipLimitMax)
            ? wipLimit
            : throw DomainException.Invalid("wipLimit", $"WIP limit must be between 1 and {WipLimitMax}, or null for none.");

    private static TimeSpan? CheckStaleAfter(TimeSpan? staleAfter) =>
        staleAfter is null || (staleAfter >= TimeSpan.FromMinutes(1) && staleAfter <= StaleAfterMax)
            ? staleAfter
            : throw DomainException.Invalid("staleAfter", "Stale threshold must be between 1 minute and 365 days, or null for never.");
}
