using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Cards;

public enum EvidenceKind
{
    Quote = 0,
    Observation = 1,
    Metric = 2,
    Link = 3,
}

/// <summary>What backs a problem, recorded by someone close to the customer.</summary>
public sealed class Evidence
{
    public const int ContentMaxLength = 4000;
    public const int SourceMaxLength = 300;

    private Evidence() { }

    internal Evidence(Guid cardId, EvidenceKind kind, string content, string? source, string recordedBy, DateTimeOffset now)
    {
        if (!Enum.IsDefined(kind))
            throw DomainException.Invalid("kind", "Unknown evidence kind.");
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
        RecordedBy = recordedBy;
        RecordedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid CardId { get; private set; }

    public EvidenceKind Kind { get; private set; }

    /// <summary>The quote, observation, metric, or the URL of a link.</summary>
    public string Content { get; private set; } = "";

    /// <summary>Where it comes from: a person, a ticket, a report.</summary>
    public string Source { get; private set; } = "";

    public string RecordedBy { get; private set; } = "";

    public DateTimeOffset RecordedAt { get; private set; }
}
