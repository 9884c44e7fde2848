namespace KanbanCustomer.Api.Transport.Ide;

/// <summary>
/// The GraphQL IDE (<c>GraphQL:Ide:</c>): whether a browser opening GET /graphql gets GraphiQL, and whether the page
/// carries a token for the demo user. The token only ever comes in Development with a shared signing key.
/// </summary>
public sealed class GraphQLIdeSettings
{
    /// <summary><c>GraphQL:Ide:Enabled</c>: on in Development, off elsewhere, unless set.</summary>
    public bool Enabled { get; init; }

    /// <summary>The page fills the headers editor with a development token and the demo query: Development only, whatever the settings say.</summary>
    public bool PrefillDevelopmentToken { get; init; }

    public static GraphQLIdeSettings From(IConfiguration configuration, IHostEnvironment environment) => new()
    {
        Enabled = configuration.GetValue<bool?>("GraphQL:Ide:Enabled") ?? environment.IsDevelopment(),
        PrefillDevelopmentToken = environment.IsDevelopment(),
    };
}
