using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace KanbanCustomer.Api.Auth;

/// <summary>What a bearer token check found: a principal with a <c>sub</c> and until when the token is accepted, or why not.</summary>
public sealed record TokenCheck(ClaimsPrincipal? Principal, DateTimeOffset? Expires, string? Problem)
{
    public string UserId => Principal?.FindFirst("sub")?.Value ?? "";
}

/// <summary>
/// Checks a bearer token exactly as the HTTP pipeline's JWT bearer handler does, with the same configured
/// <see cref="JwtBearerOptions"/> (issuer, audience, keys, lifetime, algorithms; an OpenID Connect issuer's keys
/// through its configuration manager), for transports that receive the token in a message, not a header.
/// </summary>
public sealed class BearerTokenValidator(IOptionsMonitor<JwtBearerOptions> monitor)
{
    public async Task<TokenCheck> ValidateAsync(string? authorization, CancellationToken cancellationToken)
    {
        const string prefix = "Bearer ";
        if (string.IsNullOrWhiteSpace(authorization) || !authorization.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ||
            authorization[prefix.Length..].Trim() is not { Length: > 0 } token)
        {
            return new TokenCheck(null, null, "send { \"authorization\": \"Bearer <token>\" } in connection_init");
        }

        var options = monitor.Get(JwtBearerDefaults.AuthenticationScheme);
        var parameters = options.TokenValidationParameters.Clone();
        if (options.ConfigurationManager is { } manager)
        {
            var configuration = await manager.GetConfigurationAsync(cancellationToken);
            string[] issuers = [configuration.Issuer];
            parameters.ValidIssuers = parameters.ValidIssuers?.Concat(issuers) ?? issuers;
            parameters.IssuerSigningKeys = parameters.IssuerSigningKeys?.Concat(configuration.SigningKeys) ?? configuration.SigningKeys;
        }

        Exception? failure = null;
        foreach (var handler in options.TokenHandlers)
        {
            var result = await handler.ValidateTokenAsync(token, parameters);
            if (result.IsValid && result.ClaimsIdentity is { } identity)
            {
                var (principal, problem) = Auth.TokenClaims.Normalize(new ClaimsPrincipal(identity));
                if (principal is null)
                    return new TokenCheck(null, null, problem);
                var validTo = result.SecurityToken?.ValidTo ?? DateTime.MinValue;
                // Valid until its expiry plus the clock skew the handler allows, exactly as over HTTP.
                DateTimeOffset? expires = validTo == DateTime.MinValue ? null : new DateTimeOffset(DateTime.SpecifyKind(validTo, DateTimeKind.Utc)) + parameters.ClockSkew;
                return new TokenCheck(principal, expires, null);
            }

            failure ??= result.Exception;
        }

        if (failure is SecurityTokenSignatureKeyNotFoundException && options.RefreshOnIssuerKeyNotFound)
            options.ConfigurationManager?.RequestRefresh();
        return new TokenCheck(null, null, failure is SecurityTokenExpiredException ? "the token has expired" : "the token is not valid");
    }
}
