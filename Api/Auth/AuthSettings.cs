using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace KanbanCustomer.Api.Auth;

/// <summary>
/// Who issues the bearer tokens, under <c>Auth:</c> in configuration: an OpenID Connect issuer (<c>Authority</c> +
/// <c>Audience</c>) or a shared key (<c>SigningKey</c> + <c>Issuer</c>). An empty value counts as not set.
/// </summary>
public sealed class AuthSettings
{
    /// <summary>The OpenID Connect issuer; when set, its own keys verify tokens and no shared key is used.</summary>
    public string? Authority { get; set; }

    /// <summary>The API's audience: required at an OpenID Connect issuer, checked if set with a shared key.</summary>
    public string? Audience { get; set; }

    /// <summary>The <c>iss</c> of tokens signed with the shared key.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>The shared key's text (<c>Auth:SigningKey</c>), at least <see cref="AuthSetup.MinKeyBytes"/> bytes of UTF-8; null under an OpenID Connect issuer.</summary>
    [ConfigurationKeyName("SigningKey")]
    public string? SigningKeyText { get; set; }

    /// <summary>The shared key that signs and verifies tokens; null under an OpenID Connect issuer.</summary>
    public SymmetricSecurityKey? SigningKey { get; private set; }

    /// <summary>The settings from <c>Auth:</c>; neither an issuer nor a shared key stops the start.</summary>
    public static AuthSettings From(IConfiguration configuration)
    {
        var settings = new AuthSettings();
        configuration.GetSection("Auth").Bind(settings);
        settings.Authority = NullIfEmpty(settings.Authority);
        settings.Audience = NullIfEmpty(settings.Audience);
        settings.SigningKeyText = NullIfEmpty(settings.SigningKeyText);
        settings.Validate();
        if (settings.Authority is not null)
        {
            settings.SigningKeyText = null;
            settings.Issuer = "";
        }
        else
        {
            settings.SigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(settings.SigningKeyText!));
        }

        return settings;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private void Validate()
    {
        var problems = new List<string>();
        if (Authority is not null)
        {
            if (Audience is null) problems.Add("Auth:Authority needs Auth:Audience (the API's audience at the issuer).");
        }
        else if (SigningKeyText is null)
        {
            problems.Add("No token issuer is configured: set Auth:Authority + Auth:Audience (OpenID Connect) or Auth:SigningKey + Auth:Issuer.");
        }
        else
        {
            if (Encoding.UTF8.GetByteCount(SigningKeyText) < AuthSetup.MinKeyBytes) problems.Add($"Auth:SigningKey must be at least {AuthSetup.MinKeyBytes} bytes.");
            if (Issuer.Length == 0) problems.Add("Auth:SigningKey needs Auth:Issuer.");
        }

        if (problems.Count > 0)
            throw new InvalidOperationException(string.Join(" ", problems));
    }
}
