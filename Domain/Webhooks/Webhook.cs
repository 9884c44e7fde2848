using KanbanCustomer.Domain.Boards;
using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Webhooks;

/// <summary>
/// Where a board's stale-card digests go, and the board events it asks for (<see cref="EventTypes"/>): an HTTP endpoint
/// and the secret that signs each delivery.
/// </summary>
public sealed class Webhook : AggregateRoot
{
    public const int UrlMaxLength = 2000;
    public const int SecretMinLength = 16;
    public const int SecretMaxLength = 200;

    /// <summary>In <see cref="EventTypes"/>: every board event type, those added later included.</summary>
    public const string AllEvents = "*";

    public const int DisabledReasonMaxLength = 600;

    private Webhook() { }

    public Webhook(Guid boardId, string url, string secret, bool enabled, string createdBy, DateTimeOffset now, IReadOnlyList<string>? eventTypes = null)
    {
        Id = Guid.CreateVersion7();
        BoardId = boardId;
        Url = CheckUrl(url);
        Secret = CheckSecret(secret);
        EventTypes = CheckEventTypes(eventTypes ?? []);
        Enabled = enabled;
        CreatedBy = createdBy;
        CreatedAt = now;
        Record(new WebhookAdded(BoardId, Id, Enabled));
    }

    public Guid Id { get; private set; }

    public Guid BoardId { get; private set; }

    public string Url { get; private set; } = "";

    /// <summary>Signs deliveries (HMAC-SHA256); never shown again after it is set.</summary>
    public string Secret { get; private set; } = "";

    public bool Enabled { get; private set; }

    /// <summary>The board event types delivered one by one (<see cref="AllEvents"/>: all); empty: digests only.</summary>
    public IReadOnlyList<string> EventTypes { get; private set; } = [];

    /// <summary>Why deliveries stopped, when the server disabled the webhook after a delivery failed for good; null otherwise.</summary>
    public string? DisabledReason { get; private set; }

    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Whether a board event of this type goes out as its own delivery.</summary>
    public bool Wants(string eventType) => EventTypes.Contains(AllEvents) || EventTypes.Contains(eventType);

    /// <summary>
    /// Changes what is given (null keeps a value); records which fields changed, never their values. Enabling clears
    /// the reason the server disabled it for.
    /// </summary>
    public void Change(string? url, string? secret, bool? enabled, IReadOnlyList<string>? eventTypes = null)
    {
        var changed = new List<string>(4);
        if (url is not null && CheckUrl(url) is var newUrl && newUrl != Url)
        {
            Url = newUrl;
            changed.Add("url");
        }

        if (secret is not null && CheckSecret(secret) != Secret)
        {
            Secret = secret;
            changed.Add("secret");
        }

        if (eventTypes is not null && CheckEventTypes(eventTypes) is var types && !types.SequenceEqual(EventTypes))
        {
            EventTypes = types;
            changed.Add("eventTypes");
        }

        if (enabled is { } on && on != Enabled)
        {
            Enabled = on;
            changed.Add("enabled");
        }

        if (enabled == true)
            DisabledReason = null;

        if (changed.Count > 0)
            Record(new WebhookUpdated(BoardId, Id, changed, Enabled));
    }

    /// <summary>Records the removal; the caller deletes the row (and with it the webhook's delivery log).</summary>
    public void Remove() => Record(new WebhookRemoved(BoardId, Id));

    private static string CheckUrl(string url)
    {
        url = url?.Trim() ?? "";
        if (url.Length is 0 or > UrlMaxLength ||
            !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) ||
            !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw DomainException.Invalid("url", $"The webhook URL must be an absolute http or https URL of at most {UrlMaxLength} characters, without credentials.");
        }

        return uri.AbsoluteUri;
    }

    /// <summary>Known board event type names (<see cref="BoardChanges.TypeNames"/>) or <see cref="AllEvents"/>, each once, in order.</summary>
    private static List<string> CheckEventTypes(IReadOnlyList<string> eventTypes)
    {
        var unknown = eventTypes.FirstOrDefault(t => t != AllEvents && !BoardChanges.TypeNames.Contains(t));
        if (unknown is not null)
        {
            // Named back at most as long as a real type name can be: the refusal does not echo a flood.
            var named = unknown.Length > BoardEvent.TypeMaxLength ? unknown[..BoardEvent.TypeMaxLength] + "..." : unknown;
            throw new DomainException(ErrorCodes.UnknownEventType,
                $"Unknown event type '{named}'; use \"{AllEvents}\" or some of: {string.Join(", ", BoardChanges.TypeNames.Order(StringComparer.Ordinal))}.", "eventTypes");
        }

        return eventTypes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    private static string CheckSecret(string secret) =>
        secret is { Length: >= SecretMinLength and <= SecretMaxLength } && !secret.Any(char.IsControl)
            ? secret
            : throw DomainException.Invalid("secret", $"The secret must be {SecretMinLength}-{SecretMaxLength} printable characters.");
}
