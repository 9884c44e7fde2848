using KanbanCustomer.Api.Execution;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// The GraphQL limits as configuration sets them: smaller limits, the defaults, and values that stop the start.
/// </summary>
public sealed class ConfiguredLimitTests(SqliteApp app, SmallLimitsApp small)
    : LimitTestBase(app), IClassFixture<SqliteApp>, IClassFixture<SmallLimitsApp>
{
    [Theory]
    [InlineData("{ a: viewer { id } b: viewer { id } c: viewer { id } }", "TOO_MANY_ALIASES")]
    [InlineData("{ viewer { id name id name id name id name } }", "TOO_MANY_FIELDS")]
    [InlineData("{ boards(first: 1) { nodes { columns { cards(first: 1) { totalCount } } } } }", "DEPTH_LIMIT_EXCEEDED")]
    // Within the depth, but a default page of 10 boards of 3 assumed columns of 2 fields costs 72.
    [InlineData("{ boards { nodes { columns { id name } } } }", "COST_LIMIT_EXCEEDED")]
    [InlineData("{ boards(first: 11) { nodes { id } } }", "VALIDATION")]
    [InlineData("{ boards(last: 11) { nodes { id } } }", "VALIDATION")]
    public async Task Each_limit_is_read_from_configuration(string query, string code)
    {
        var response = await small.ClientFor("alice").SendAsync(query);

        Assert.Equal(code, response.ErrorCode);
        AssertNotExecuted(response);
    }

    [Theory]
    [InlineData("{ a: viewer { id } b: viewer { id } }")]
    [InlineData("{ viewer { id name id name id name id } }")]
    [InlineData("{ boards(first: 1) { nodes { columns { id } } } }")]
    [InlineData("{ boards(first: 10) { nodes { id } } }")]
    public async Task What_is_within_configured_limits_runs(string query)
    {
        var response = await small.ClientFor("alice").SendAsync(query);

        Assert.True(response.Errors is null, response.Text);
    }

    [Fact]
    public async Task The_configured_query_length_is_enforced()
    {
        var client = small.ClientFor("alice");

        var within = await client.SendAsync("{ viewer { id } }" + new string(' ', SmallLimitsApp.MaxQueryLength - 17));
        var over = await client.SendAsync("{ viewer { id } }" + new string(' ', SmallLimitsApp.MaxQueryLength - 16));

        Assert.True(within.Errors is null, within.Text);
        Assert.Equal("QUERY_TOO_LONG", over.ErrorCode);
    }

    [Theory]
    [InlineData("Development", true)]
    [InlineData("Production", false)]
    [InlineData("Staging", false)]
    public void Introspection_and_suggestions_default_to_on_in_Development_only(string environment, bool expected)
    {
        var limits = GraphQLLimits.From(new ConfigurationBuilder().Build(), new Environment(environment));

        Assert.Equal(expected, limits.EnableIntrospection);
        Assert.Equal(expected, limits.ExposeSuggestions);
    }

    [Fact]
    public void The_defaults_are_the_documented_ones()
    {
        var limits = GraphQLLimits.From(new ConfigurationBuilder().Build(), new Environment("Production"));

        Assert.Equal(100_000, limits.MaxRequestBytes);
        Assert.Equal(20_000, limits.MaxQueryLength);
        Assert.Equal(12, limits.MaxDepth);
        Assert.Equal(5_000, limits.MaxComplexity);
        Assert.Equal(5, limits.AssumedListSize);
        Assert.Equal(500, limits.MaxPageSize);
        Assert.Equal(50, limits.DefaultPageSize);
        Assert.Equal(30, limits.MaxAliases);
        Assert.Equal(400, limits.MaxFields);
        Assert.Equal(TimeSpan.FromSeconds(10), limits.ExecutionTimeout);
        Assert.True(limits.RateLimit.Enabled);
        Assert.Equal(300, limits.RateLimit.PermitLimit);
        Assert.Equal(60, limits.RateLimit.WindowSeconds);
    }

    [Theory]
    [InlineData("GraphQL:MaxDepth", "0")]
    [InlineData("GraphQL:MaxPageSize", "-5")]
    [InlineData("GraphQL:ExecutionTimeout", "00:00:00")]
    [InlineData("GraphQL:RateLimit:PermitLimit", "0")]
    public void A_limit_that_is_not_positive_stops_the_server_from_starting(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        var error = Assert.Throws<InvalidOperationException>(() => GraphQLLimits.From(configuration, new Environment("Production")));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "KanbanCustomer.Api";

        public string ContentRootPath { get; set; } = "";

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
