using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Boards;

/// <summary>What a column's stale threshold measures.</summary>
public enum StaleBasis
{
    /// <summary>Time since the card's last real activity (edits, moves, evidence, votes, experiments).</summary>
    LastActivity = 0,

    /// <summary>Time since the card entered the column; edits do not reset it.</summary>
    TimeInColumn = 1,

    /// <summary>Time since the newest evidence (since the card was reported, while it has none): "no new evidence for N days".</summary>
    LastEvidence = 2,
}

/// <summary>A stage of the flow.</summary>
public sealed class Column
{
    public const int NameMaxLength = 60;
    public const int WipLimitMax = 999;
    public static readonly TimeSpan StaleAfterMax = TimeSpan.FromDays(365);

    /// <summary>Seconds are allowed so a demo or an end-to-end test can watch a card go stale.</summary>
    public static readonly TimeSpan StaleAfterMin = TimeSpan.FromSeconds(1);

    private Column() { }

    internal Column(Guid boardId, string name, int position, int? wipLimit, TimeSpan? staleAfter, bool isCommitmentPoint, bool isDone,
        StaleBasis staleBasis = StaleBasis.LastActivity, bool autoStaleAfter = false)
    {
        StaleBasis = CheckBasis(staleBasis);
        AutoStaleAfter = autoStaleAfter;
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

    /// <summary>How long a card may sit here before it is stale; null = the board's default (a done column is never stale).</summary>
    public TimeSpan? StaleAfter { get; private set; }

    public StaleBasis StaleBasis { get; private set; }

    /// <summary>Learn the threshold: the 85th percentile of how long cards stayed here, once there are enough of them.</summary>
    public bool AutoStaleAfter { get; private set; }

    /// <summary>Entering this column starts the work (the clock for cycle time).</summary>
    public bool IsCommitmentPoint { get; internal set; }

    public bool IsDone { get; private set; }

    /// <summary>
    /// The threshold in force: none for a done column; the learned one for an automatic column that has it;
    /// else the column's own, else the board's default.
    /// </summary>
    public TimeSpan? EffectiveStaleAfter(TimeSpan? boardDefault, TimeSpan? learned) =>
        IsDone ? null : AutoStaleAfter && learned is not null ? learned : StaleAfter ?? boardDefault;

    internal List<string> Update(string name, int? wipLimit, TimeSpan? staleAfter, bool isCommitmentPoint, bool isDone,
        StaleBasis staleBasis, bool autoStaleAfter)
    {
        staleBasis = CheckBasis(staleBasis);
        name = Guard.Text(name, NameMaxLength, "name");
        wipLimit = CheckWipLimit(wipLimit);
        staleAfter = CheckStaleAfter(staleAfter);
        var changed = new List<string>();
        if (name != Name) { Name = name; changed.Add("name"); }
        if (wipLimit != WipLimit) { WipLimit = wipLimit; changed.Add("wipLimit"); }
        if (staleAfter != StaleAfter) { StaleAfter = staleAfter; changed.Add("staleAfter"); }
        if (isCommitmentPoint != IsCommitmentPoint) { IsCommitmentPoint = isCommitmentPoint; changed.Add("isCommitmentPoint"); }
        if (isDone != IsDone) { IsDone = isDone; changed.Add("isDone"); }
        if (staleBasis != StaleBasis) { StaleBasis = staleBasis; changed.Add("staleBasis"); }
        if (autoStaleAfter != AutoStaleAfter) { AutoStaleAfter = autoStaleAfter; changed.Add("autoStaleAfter"); }
        return changed;
    }

    private static StaleBasis CheckBasis(StaleBasis basis) =>
        Enum.IsDefined(basis) ? basis : throw DomainException.Invalid("staleBasis", "Unknown stale basis.");

    private static int? CheckWipLimit(int? wipLimit) =>
        wipLimit is null or (>= 1 and <= WipLimitMax)
            ? wipLimit
            : throw DomainException.Invalid("wipLimit", $"WIP limit must be between 1 and {WipLimitMax}, or null for none.");

    internal static TimeSpan? CheckStaleAfter(TimeSpan? staleAfter, string field = "staleAfter") =>
        staleAfter is null || (staleAfter >= StaleAfterMin && staleAfter <= StaleAfterMax)
            ? staleAfter
            : throw DomainException.Invalid(field, "Stale threshold must be between 1 second and 365 days, or null.");
}
