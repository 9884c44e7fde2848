using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Cards;

public enum EvidenceKind
{
    Quote = 0,
    Observation = 1,
    Metric = 2,
    Link = 3,
}

/// <summary>How close to the customer a piece of evidence came from; the closer, the more it weighs in the score.</summary>
public enum EvidenceProximity
{
    /// <summary>Heard from someone who heard it from the customer, or read in a report.</summary>
    SecondHand = 0,

    /// <summary>Heard from the customer directly.</summary>
    DirectContact = 1,

    /// <summary>The person recording it is the customer (an employee with an internal problem, say).</summary>
    SelfIsCustomer = 2,
}

/// <summary>What backs a problem, recorded by someone close to the customer.</summary>
public sealed class Evidence
{
    public const int ContentMaxLength = 4000;
    public const int SourceMaxLength = 300;

    private Evidence() { }

    internal Evidence(Guid cardId, EvidenceKind kind, string content, string? source, string recordedBy, DateTimeOffset now)
        : this(cardId, kind, content, source, null, EvidenceProximity.SecondHand, recordedBy, now)
    {
    }

    internal Evidence(Guid cardId, EvidenceKind kind, string content, string? source, Guid? customerId, EvidenceProximity proximity,
        string recordedBy, DateTimeOffset recordedAt)
    {
        if (!Enum.IsDefined(kind))
            throw DomainException.Invalid("kind", "Unknown evidence kind.");
        if (!Enum.IsDefined(proximity))
            throw DomainException.Invalid("proximity", "Unknown proximity.");
        content = Guard.Text(content, ContentMaxLength, "content");
        if (kind == EvidenceKind.Link &&
            !(Uri.TryCreate(content, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            throw DomainException.Invalid("content", "Link evidence must be an absolute http or https URL.");
        }

        Id = Guid.CreateVersion7();
        CardId = cardId;
        Kind = kind;
        Content = content;
        Source = Guard.OptionalText(source, SourceMaxLength, "source");
        CustomerId = customerId;
        Proximity = proximity;
        RecordedBy = recordedBy;
        RecordedAt = recordedAt;
    }

    public Guid Id { get; private set; }

    public Guid CardId { get; private set; }

    public EvidenceKind Kind { get; private set; }

    /// <summary>The quote, observation, metric, or the URL of a link.</summary>
    public string Content { get; private set; } = "";

    /// <summary>Where it comes from: a person, a ticket, a report.</summary>
    public string Source { get; private set; } = "";

    /// <summary>The customer who has the problem, from the board's directory; null when not known.</summary>
    public Guid? CustomerId { get; private set; }

    public EvidenceProximity Proximity { get; private set; }

    public string RecordedBy { get; private set; } = "";

    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>A merge moves the evidence to the card it was merged into.</summary>
    internal void MoveTo(Guid cardId) => CardId = cardId;
}
