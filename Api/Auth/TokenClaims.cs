using System.Security.Claims;
using KanbanCustomer.Domain.Users;

namespace KanbanCustomer.Api.Auth;

/// <summary>
/// The claims the server stores, made safe at authentication for every transport: a token whose <c>sub</c> cannot be a
/// user id (one, 1-128 characters, no control characters or surrounding spaces) is refused; a <c>name</c> that cannot be
/// a display name (over 200 characters, blank, control characters) is replaced by the user id, so no write later
/// fails on a column's length.
/// </summary>
public static class TokenClaims
{
    /// <summary>Where the HTTP pipeline leaves the reason a signed token was refused, for the 401 answer.</summary>
    public const string ProblemKey = "KanbanCustomer.TokenProblem";

    /// <summary>The principal requests run as, or why the token is refused.</summary>
    public static (ClaimsPrincipal? Principal, string? Problem) Normalize(ClaimsPrincipal principal)
    {
        var subs = principal.FindAll("sub").ToList();
        if (subs.Count > 1)
            return (null, "the token has more than one 'sub' claim");
        var sub = subs.FirstOrDefault()?.Value;
        if (User.IdProblem(sub) is { } problem)
            return (null, $"the token's 'sub' claim {problem}");

        var names = principal.FindAll("name").ToList();
        var display = User.DisplayName(names.FirstOrDefault()?.Value, sub!);
        if (names.Count == 1 && names[0].Value == display)
            return (principal, null);

        var identity = new ClaimsIdentity(principal.Claims.Where(c => c.Type != "name"), principal.Identity?.AuthenticationType, "name", "role");
        identity.AddClaim(new Claim("name", display));
        return (new ClaimsPrincipal(identity), null);
    }
}
