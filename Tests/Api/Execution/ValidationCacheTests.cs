using System.Text;
using System.Text.Json;
using GraphQL;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;
using KanbanCustomer.Api.Execution;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// A kept document's request rules pass once per operation, variable values and rules; what they wrote to the user
/// context (the cost) comes with the kept result. Anything else (other values, other rules, a failure, a document that is
/// not kept) is validated again.
/// </summary>
public sealed class ValidationCacheTests(SqliteApp app) : ApiTestBase(app), IClassFixture<SqliteApp>
{
    private static readonly IValidationRule RuleA = new NamedRule();
    private static readonly IValidationRule RuleB = new NamedRule();

    [Fact]
    public async Task The_same_values_under_the_same_rules_are_validated_once_and_bring_back_what_the_rules_wrote()
    {
        var (cache, inner, document) = Kept("query Q($n: Int) { viewer { id } }");

        var first = await ValidateAsync(cache, document, new Dictionary<string, object?> { ["n"] = 3 }, [RuleA]);
        var again = new Dictionary<string, object?>();
        var second = await ValidateAsync(cache, document, new Dictionary<string, object?> { ["n"] = 3 }, [RuleA], again);

        Assert.Equal(1, inner.Calls);
        Assert.Same(first, second);
        Assert.Equal(1, again["written"]);
    }

    [Theory]
    [InlineData("other value")]
    [InlineData("same text, other type")]
    [InlineData("other rules")]
    public async Task Other_values_or_rules_are_validated_again(string change)
    {
        var (cache, inner, document) = Kept("query Q($n: Int) { viewer { id } }");
        await ValidateAsync(cache, document, new Dictionary<string, object?> { ["n"] = 3 }, [RuleA]);

        await (change switch
        {
            "other value" => ValidateAsync(cache, document, new Dictionary<string, object?> { ["n"] = 4 }, [RuleA]),
            "same text, other type" => ValidateAsync(cache, document, new Dictionary<string, object?> { ["n"] = "3" }, [RuleA]),
            _ => ValidateAsync(cache, document, new Dictionary<string, object?> { ["n"] = 3 }, [RuleB]),
        });

        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task A_failure_is_not_kept_and_a_document_that_is_not_kept_is_always_validated()
    {
        var (cache, inner, document) = Kept("query Q($n: Int) { viewer { id } }");
        inner.Fail = true;
        await ValidateAsync(cache, document, new Dictionary<string, object?> { ["n"] = 3 }, [RuleA]);
        inner.Fail = false;
        var passed = await ValidateAsync(cache, document, new Dictionary<string, object?> { ["n"] = 3 }, [RuleA]);
        var loose = Parser.Parse("query Q { viewer { id } }");
        await ValidateAsync(cache, loose, [], [RuleA]);
        await ValidateAsync(cache, loose, [], [RuleA]);

        Assert.True(passed.IsValid);
        Assert.Equal(4, inner.Calls);
    }

    [Fact]
    public async Task Values_too_large_for_the_bound_are_validated_each_time_and_small_ones_are_kept()
    {
        // The bound counts the document's characters and the variable values': 300 keeps the small set, not the large one.
        var (cache, inner, document) = Kept("query Q($s: String) { viewer { id } }", sizeLimit: 300);
        var large = new Dictionary<string, object?> { ["s"] = new string('x', 400) };
        var small = new Dictionary<string, object?> { ["s"] = "x" };

        for (var i = 0; i < 2; i++)
        {
            await ValidateAsync(cache, document, large, [RuleA]);
            await ValidateAsync(cache, document, small, [RuleA]);
        }

        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public async Task A_kept_result_still_reports_the_cost_and_the_limits_still_refuse_other_values()
    {
        var document = "query Sized($n: Int!) { boards(first: $n) { nodes { name columns { id } } } } # " + Guid.NewGuid();

        var costs = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var response = await SendWithCostAsync(document, new { n = 10 });
            Assert.True(response.Errors is null, response.Text);
            costs.Add(response.Root.At("extensions.cost.total").GetDouble());
        }

        var tooBig = await SendWithCostAsync(document, new { n = 100_000 });

        Assert.Equal([72, 72, 72], costs);
        Assert.Equal("VALIDATION", tooBig.ErrorCode);
    }

    private async Task<GraphQLResponse> SendWithCostAsync(string query, object variables)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation(CostHeader.Name, "report");
        return await Alice.SendAsync(request);
    }

    private static (ValidationCache Cache, CountingValidator Inner, GraphQLDocument Document) Kept(string text, long sizeLimit = 1_000_000)
    {
        var inner = new CountingValidator();
        var cache = new ValidationCache(sizeLimit, inner);
        var document = Parser.Parse(text);
        cache.Keep(document);
        return (cache, inner, document);
    }

    private static Task<IValidationResult> ValidateAsync(ValidationCache cache, GraphQLDocument document, Dictionary<string, object?> variables,
        IValidationRule[] rules, Dictionary<string, object?>? userContext = null) =>
        cache.ValidateAsync(new ValidationOptions
        {
            Document = document,
            Operation = (GraphQLOperationDefinition)document.Definitions[0],
            Rules = rules,
            Variables = new Inputs(variables),
            UserContext = userContext ?? [],
        });

    /// <summary>The engine's validator stand-in: counts its calls, passes or fails as told, writes to the user context.</summary>
    private sealed class CountingValidator : IDocumentValidator
    {
        public int Calls { get; private set; }

        public bool Fail { get; set; }

        public Task<IValidationResult> ValidateAsync(in ValidationOptions options)
        {
            Calls++;
            options.UserContext["written"] = Calls;
            IValidationResult result = Fail ? new ValidationResult([new ValidationError("refused")]) : new ValidationResult();
            return Task.FromResult(result);
        }
    }

    private sealed class NamedRule : ValidationRuleBase;
}
