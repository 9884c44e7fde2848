using System.Diagnostics;
using System.Globalization;
using System.Text;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// Documents whose fragments spread each other twice: n lines that stand for 2^n fields. Every check before execution
/// is linear in the document, so each is refused within 50 ms (the best of five tries, after one to warm up), with a
/// code, and the server answers the next request as usual.
/// </summary>
public sealed class HostileDocumentTests(ProductionApp production) : IClassFixture<ProductionApp>
{
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(50);

    private GraphQLClient Mallory => production.ClientFor("mallory-" + Guid.NewGuid().ToString("N")[..8], "Mallory");

    [Fact]
    public async Task The_reported_document_of_300_doubling_fragments_is_refused_at_once_as_TOO_MANY_TOKENS()
    {
        var document = Doubling(300, i => $"...F{i + 1} ...F{i + 1}");
        Assert.InRange(document.Length, 10_000, 20_000);

        await AssertRefusedQuicklyAsync(document, "TOO_MANY_TOKENS");
    }

    [Theory]
    [InlineData("spreads", 100)]
    [InlineData("inline fragments", 60)]
    [InlineData("directives", 60)]
    [InlineData("variables in directives", 60)]
    [InlineData("fields beside the spreads", 60)]
    public async Task Doubling_fragments_under_the_token_limit_are_refused_at_once_as_COST_LIMIT_EXCEEDED(string variant, int levels)
    {
        var document = Doubling(levels, variant switch
        {
            "spreads" => i => $"...F{i + 1} ...F{i + 1}",
            "inline fragments" => i => $"... on Query {{ ...F{i + 1} }} ... @include(if: true) {{ ...F{i + 1} }}",
            "directives" => i => $"...F{i + 1} @include(if: true) ...F{i + 1} @skip(if: false)",
            "variables in directives" => i => $"...F{i + 1} @include(if: $yes) ...F{i + 1} @skip(if: $no)",
            _ => i => $"viewer {{ id }} ...F{i + 1} viewer {{ name }} ...F{i + 1}",
        }, variant == "variables in directives" ? "($yes: Boolean! = true, $no: Boolean! = false)" : "");

        await AssertRefusedQuicklyAsync(document, "COST_LIMIT_EXCEEDED");
    }

    [Fact]
    public async Task Doubling_with_aliases_is_refused_at_once()
    {
        // 25 levels took the old analysis about 20 s; the alias limit (30) leaves room for that many.
        var document = Doubling(25, i => $"a{i}: __typename ...F{i + 1} ...F{i + 1}");

        await AssertRefusedQuicklyAsync(document, "COST_LIMIT_EXCEEDED");
    }

    [Fact]
    public async Task Doubling_through_nested_fields_is_refused_at_once()
    {
        // Each level a field deeper: the depth limit refuses it, after a walk that did not expand the spreads.
        // Two identical fields per level, so field merging compares them too.
        var builder = new StringBuilder("query { card(id: \"Q2FyZDowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA=\") { ...C0 } }\n");
        const int levels = 40;
        for (var i = 0; i < levels; i++)
            builder.Append(CultureInfo.InvariantCulture, $"fragment C{i} on Card {{ column {{ cards(first: 2) {{ nodes {{ ...C{i + 1} }} }} }} column {{ cards(first: 2) {{ nodes {{ ...C{i + 1} }} }} }} }}\n");
        builder.Append(CultureInfo.InvariantCulture, $"fragment C{levels} on Card {{ id }}\n");

        await AssertRefusedQuicklyAsync(builder.ToString(), "DEPTH_LIMIT_EXCEEDED", "GRAPHQL_VALIDATION_FAILED");
    }

    [Fact]
    public async Task A_document_over_the_token_limit_is_TOO_MANY_TOKENS_and_one_at_it_runs()
    {
        // 12 tokens around 220 fields of 9 tokens and the plain ones; comments do not count.
        static string WithFields(int plain) =>
            $"query Q($y: Boolean = true) {{ {string.Join(" ", Enumerable.Repeat("__typename @include(if: $y)", 220))} " +
            $"{string.Join(" ", Enumerable.Repeat("__typename", plain))} }} # {new string('x', 500)}";

        var refused = await Mallory.SendAsync(WithFields(9));
        var accepted = await Mallory.SendAsync(WithFields(8));

        Assert.Equal("TOO_MANY_TOKENS", refused.ErrorCode);
        Assert.False(refused.Root.TryGetProperty("data", out _));
        Assert.Null(accepted.Errors);
        Assert.Equal("Query", accepted.Data.Str("__typename"));
    }

    private static string Doubling(int levels, Func<int, string> body, string variables = "")
    {
        var builder = new StringBuilder($"query Q{variables} {{ ...F0 }}\n");
        for (var i = 0; i < levels; i++)
            builder.Append(CultureInfo.InvariantCulture, $"fragment F{i} on Query {{ {body(i)} }}\n");
        builder.Append(CultureInfo.InvariantCulture, $"fragment F{levels} on Query {{ viewer {{ id }} }}\n");
        return builder.ToString();
    }

    private async Task AssertRefusedQuicklyAsync(string document, params string[] codes)
    {
        var client = Mallory;
        var best = TimeSpan.MaxValue;
        for (var attempt = 0; attempt < 6; attempt++)
        {
            var clock = Stopwatch.StartNew();
            var response = await client.SendAsync(document);
            clock.Stop();

            Assert.Contains(response.ErrorCode, codes);
            Assert.False(response.Root.TryGetProperty("data", out _), response.Text);
            if (attempt > 0 && clock.Elapsed < best)
                best = clock.Elapsed;
        }

        Assert.True(best < Budget, $"Refused in {best.TotalMilliseconds:0.0} ms at best; the budget is {Budget.TotalMilliseconds} ms.");
        var data = await client.DataAsync("{ viewer { userId } }");
        Assert.StartsWith("mallory-", data.Str("viewer.userId"), StringComparison.Ordinal);
    }
}
