namespace KanbanCustomer.Domain.Cards;

/// <summary>One member's vote on a card; every vote weighs the same.</summary>
public sealed class Vote
{
    private Vote() { }

    internal Vote(Guid cardId, string voterId, DateTimeOffset now)
    {
        CardId = cardId;
        VoterId = voterId;
        CastAt = now;
    }

    public Guid CardId { get; private set; }

    public string VoterId { get; private set; } = "";

    public DateTimeOffset CastAt { get; private set; }
}
