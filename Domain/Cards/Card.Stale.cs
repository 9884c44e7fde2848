using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Cards;

/// <summary>The card's stale flag: set by the scan, cleared by real activity or a snooze.</summary>
public sealed partial class Card
{
    /// <summary>
    /// Flags the card stale if, at <paramref name="now"/>, it is past <paramref name="threshold"/> by the column's basis.
    /// Checks everything again (the scan's query may be stale itself): flags nothing twice, nothing archived or snoozed.
    /// Not an edit: no version, no activity.
    /// </summary>
    public bool FlagStaleIfOverdue(TimeSpan threshold, StaleBasis basis, DateTimeOffset now)
    {
        if (IsStale || IsArchived || SnoozedUntil > now)
            return false;
        var since = basis switch
        {
            StaleBasis.TimeInColumn => EnteredColumnAt,
            StaleBasis.LastEvidence => LastEvidenceAt ?? CreatedAt,
            _ => LastActivityAt,
        };
        if (now - since < threshold)
            return false;
        StaleSince = now;
        Record(new CardFlaggedStale(BoardId, Id, basis, threshold, since));
        return true;
    }

    /// <summary>Silences the stale scan for this card until <paramref name="until"/>, and clears a flag it has.</summary>
    public void Snooze(DateTimeOffset until, DateTimeOffset now)
    {
        EnsureActive();
        if (until <= now || until > now + MaxSnooze)
            throw DomainException.Invalid("until", $"Snooze until a time in the next {MaxSnooze.TotalDays:0} days.");
        SnoozedUntil = until;
        Record(new CardSnoozed(BoardId, Id, until));
        Unflag("snoozed");
    }

    /// <summary>Real activity (or a snooze) ends a stale spell.</summary>
    private void Unflag(string reason)
    {
        if (StaleSince is null)
            return;
        StaleSince = null;
        Record(new CardUnflagged(BoardId, Id, reason));
    }
}
