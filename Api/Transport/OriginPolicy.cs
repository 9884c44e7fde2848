namespace KanbanCustomer.Api.Transport;

/// <summary>
/// Which browser origins may open a WebSocket. Browsers apply no CORS to WebSockets, so the handshake's Origin
/// header is the only sign of a page on another site; clients that are not browsers send none and are let in.
/// </summary>
public sealed class OriginPolicy(IEnumerable<string> allowed)
{
    private readonly string[] _allowed = allowed.Select(a => a.Trim().TrimEnd('/')).Where(a => a.Length > 0).ToArray();

    public bool Allows(string? origin)
    {
        if (string.IsNullOrEmpty(origin))
            return true;
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
            return false;
        foreach (var pattern in _allowed)
        {
            if (pattern == "*")
                return true;
            if (pattern.EndsWith(":*", StringComparison.Ordinal))
            {
                // scheme://host:* : that scheme and host, any port.
                if (Uri.TryCreate(pattern[..^2], UriKind.Absolute, out var any) &&
                    string.Equals(any.Scheme, uri.Scheme, StringComparison.OrdinalIgnoreCase) &&
                    string.Equals(any.Host, uri.Host, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
            else if (Uri.TryCreate(pattern, UriKind.Absolute, out var exact) &&
                     string.Equals(exact.Scheme, uri.Scheme, StringComparison.OrdinalIgnoreCase) &&
                     string.Equals(exact.Host, uri.Host, StringComparison.OrdinalIgnoreCase) &&
                     exact.Port == uri.Port)
            {
                return true;
            }
        }

        return false;
    }
}
