using KanbanCustomer.Api.Auth;
using Microsoft.Extensions.Configuration;

namespace KanbanCustomer.Benchmarks;

/// <summary>The benchmarks' clearly-marked development key: the settings a benchmarked server gets, and tokens it accepts.</summary>
internal static class BenchmarkAuth
{
    public const string SigningKey = "BENCHMARK-ONLY-KEY-kanbancustomer-0123456789";
    public const string Issuer = "kanbancustomer-bench";

    private static readonly AuthSettings Settings = AuthSettings.From(new ConfigurationBuilder().AddInMemoryCollection(
        new Dictionary<string, string?> { ["Auth:SigningKey"] = SigningKey, ["Auth:Issuer"] = Issuer }).Build());

    /// <summary>Adds <c>Auth:SigningKey</c> and <c>Auth:Issuer</c> to a server's settings.</summary>
    public static Dictionary<string, string> WithAuth(this Dictionary<string, string> settings)
    {
        settings["Auth:SigningKey"] = SigningKey;
        settings["Auth:Issuer"] = Issuer;
        return settings;
    }

    public static string TokenFor(string user, TimeSpan lifetime) =>
        TokenIssuer.Issue(Settings, user, user, lifetime, TimeProvider.System.GetUtcNow());
}
