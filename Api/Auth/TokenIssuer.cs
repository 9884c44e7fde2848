using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KanbanCustomer.Api.Auth;

/// <summary>Signs tokens with the configured symmetric key: the <c>token</c> verb and the development start-up log.</summary>
public static class TokenIssuer
{
    public static string Issue(AuthSettings settings, string userId, string? name, TimeSpan lifetime, DateTimeOffset now)
    {
        if (settings.SigningKey is null)
            throw new InvalidOperationException("Tokens can only be printed for a symmetric key (Auth:SigningKey); ask your OpenID Connect issuer instead.");
        var claims = new Dictionary<string, object> { ["sub"] = userId };
        if (!string.IsNullOrWhiteSpace(name))
            claims["name"] = name;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(settings.SigningKey, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary><c>token &lt;userId&gt; [--name "Display Name"] [--hours N]</c>; returns the exit code.</summary>
    public static int RunVerb(string[] args, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var rest = args.Skip(1).ToList();
        string? name = null;
        var hours = 12.0;
        for (var i = 0; i < rest.Count; i++)
        {
            if (rest[i] == "--name" && i + 1 < rest.Count) { name = rest[i + 1]; rest.RemoveRange(i, 2); i--; }
            else if (rest[i] == "--hours" && i + 1 < rest.Count && double.TryParse(rest[i + 1], System.Globalization.CultureInfo.InvariantCulture, out var h) && h > 0) { hours = h; rest.RemoveRange(i, 2); i--; }
        }

        var userId = rest.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        if (string.IsNullOrWhiteSpace(userId))
        {
            error.WriteLine("usage: token <userId> [--name \"Display Name\"] [--hours N]");
            return 2;
        }

        if (Domain.Users.User.IdProblem(userId) is { } problem)
        {
            error.WriteLine($"The user id {problem}; the server would refuse the token.");
            return 2;
        }

        try
        {
            output.WriteLine(Issue(AuthSettings.From(configuration), userId, name, TimeSpan.FromHours(hours), TimeProvider.System.GetUtcNow()));
            return 0;
        }
        catch (InvalidOperationException ex)
        {
            error.WriteLine(ex.Message);
            return 1;
        }
    }
}

public sealed class HttpCurrentActor(IHttpContextAccessor accessor) : Infrastructure.Persistence.ICurrentActor
{
    private ClaimsPrincipal? User => accessor.HttpContext?.User;

    // Outside a request (start-up seeding) the system acts; inside one, the transport has made sure there is a sub.
    public string Id => accessor.HttpContext is null
        ? Infrastructure.Persistence.SystemActor.Instance.Id
        : User?.FindFirstValue("sub") ?? throw new InvalidOperationException("A request without a 'sub' claim reached a write.");

    public string Name => accessor.HttpContext is null
        ? Infrastructure.Persistence.SystemActor.Instance.Name
        : User?.FindFirstValue("name") ?? Id;
}
