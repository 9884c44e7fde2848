using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace KanbanCustomer.Api.Auth;

/// <summary>
/// Bearer tokens from an OpenID Connect issuer (<c>Auth:Authority</c> + <c>Auth:Audience</c>) or signed with a
/// shared key (<c>Auth:SigningKey</c> + <c>Auth:Issuer</c>, for development and tests). Neither: no start.
/// </summary>
public static class AuthSetup
{
    public const int MinKeyBytes = 32;

    public static IServiceCollection AddKanbanAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = AuthSettings.From(configuration);
        services.AddSingleton(settings);
        services.AddHttpContextAccessor();
        services.AddSingleton<BearerTokenValidator>();
        services.AddScoped<Infrastructure.Persistence.ICurrentActor, HttpCurrentActor>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters.NameClaimType = "name";
            o.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
            o.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    var (principal, problem) = TokenClaims.Normalize(context.Principal!);
                    if (problem is null)
                    {
                        context.Principal = principal;
                    }
                    else
                    {
                        context.HttpContext.Items[TokenClaims.ProblemKey] = problem;
                        context.Fail(problem);
                    }

                    return Task.CompletedTask;
                },
            };
            if (settings.Authority is not null)
            {
                o.Authority = settings.Authority;
                o.Audience = settings.Audience;
                o.TokenValidationParameters.ValidateAudience = settings.Audience is not null;
            }
            else
            {
                o.TokenValidationParameters.IssuerSigningKey = settings.SigningKey;
                o.TokenValidationParameters.ValidIssuer = settings.Issuer;
                o.TokenValidationParameters.ValidateIssuer = true;
                o.TokenValidationParameters.ValidAudience = settings.Audience;
                o.TokenValidationParameters.ValidateAudience = settings.Audience is not null;
                o.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            }
        });
        services.AddAuthorization();
        return services;
    }
}
