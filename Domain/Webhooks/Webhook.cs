using KanbanCustomer.Domain.Common;

namespace KanbanCustomer.Domain.Webhooks;

/// <summary>Where a board's stale-card digests go: an HTTP endpoint and the secret that signs each delivery.</summary>
public sealed class Webhook : AggregateRoot
{
    public const int UrlMaxLength = 2000;
    public const int SecretMinLength = 16;
    public const int SecretMaxLength = 200;

    private Webhook() { }

    public Webhook(Guid boardId, string url, string secret, bool enabled, string createdBy, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        BoardId = boardId;
        Url = CheckUrl(url);
        Secret = CheckSecret(secret);
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

    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Changes what is given (null keeps a value); records which fields changed, never their values.</summary>
    public void Change(string? url, string? secret, bool? enabled)
    {
        var changed = new List<string>(3);
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

        if (enabled is { } on && on != Enabled)
        {
            Enabled = on;
            changed.Add("enabled");
        }

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

    private static string CheckSecret(string secret) =>
        secret is { Length: >= SecretMinLength and <= SecretMaxLength } && !secret.Any(char.IsControl)
            ? secret
            : throw DomainException.Invalid("secret", $"The secret must be {SecretMinLength}-{SecretMaxLength} printable characters.");
}
