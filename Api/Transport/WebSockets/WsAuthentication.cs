using System.Security.Claims;
using System.Text.Json;
using KanbanCustomer.Api.Auth;
using KanbanCustomer.Api.Execution;

namespace KanbanCustomer.Api.Transport.WebSockets;

/// <summary>
/// Who a socket is: the bearer token in <c>connection_init</c>'s <c>authorization</c>, checked exactly as over HTTP
/// (4403 if it fails), one of the user's live connection slots (1008 when they are all taken), the person's row, and
/// a socket that lives no longer than its token (closed with 4403 at expiry; the client reconnects with a new one).
/// </summary>
public sealed class WsAuthentication(WsConnection connection, HttpContext http, WebSocketLimits limits, IServiceProvider services, ILogger logger) : IDisposable
{
    private IDisposable? _slot;
    private DateTimeOffset? _expires;

    /// <summary>The signed-in user, or null when the socket was closed instead.</summary>
    public async Task<ClaimsPrincipal?> SignInAsync(JsonElement? payload)
    {
        string? authorization = null;
        if (payload is { } body)
        {
            foreach (var property in body.EnumerateObject())
            {
                if (property.Name.Equals("authorization", StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
                    authorization = property.Value.GetString();
            }
        }

        var check = await services.GetRequiredService<BearerTokenValidator>().ValidateAsync(authorization, connection.Closed);
        if (check.Principal is null)
        {
            await connection.CloseAsync(WsCloseCodes.Forbidden, "Forbidden: " + check.Problem);
            return null;
        }

        _slot = await services.GetRequiredService<LiveConnections>().TryEnterAsync(check.UserId, limits.MaxConnectionsPerUser, connection.Closed);
        if (_slot is null)
        {
            await connection.CloseAsync(WsCloseCodes.PolicyViolation, $"Too many connections: at most {limits.MaxConnectionsPerUser} per user");
            return null;
        }

        // Services that read the actor from the HTTP context (HttpCurrentActor) see the socket's user.
        http.User = check.Principal;
        try
        {
            await using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
            await RequestRunner.ProvisionAsync(check.Principal, scope.ServiceProvider, connection.Closed);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Provisioning the user of a WebSocket failed.");
            await connection.CloseAsync(WsCloseCodes.InternalServerError, "Internal server error");
            return null;
        }

        _expires = check.Expires;
        return check.Principal;
    }

    /// <summary>From now on the socket closes when its token expires (called once the connection is acknowledged).</summary>
    public void WatchExpiry()
    {
        if (_expires is { } expires)
            _ = connection.Track(ExpireAsync(expires));
    }

    public void Dispose() => _slot?.Dispose();

    private async Task ExpireAsync(DateTimeOffset expires)
    {
        var wait = expires - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.FromDays(24))
            return; // beyond what a timer can wait for; such tokens are not issued here
        try
        {
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, connection.Closed);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await connection.CloseAsync(WsCloseCodes.Forbidden, "Forbidden: the token has expired");
    }
}
