using System.Runtime.CompilerServices;
using KanbanCustomer.Tests.Support;

namespace KanbanCustomer.Tests.Api;

/// <summary>The printed schema is the API's contract: a change to it shows up in review as a diff of schema.graphql.</summary>
public sealed class SchemaTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private const string UpdateVariable = "UPDATE_SCHEMA_SNAPSHOT";

    [Fact]
    public async Task The_served_schema_matches_the_checked_in_schema_graphql()
    {
        var printed = (await app.CreateClient().GetStringAsync("/graphql/schema.graphql", TestContext.Current.CancellationToken)).ReplaceLineEndings("\n").TrimEnd() + "\n";
        var path = SnapshotPath();
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
            await File.WriteAllTextAsync(path, printed, TestContext.Current.CancellationToken);

        var expected = (await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken)).ReplaceLineEndings("\n");
        Assert.True(expected == printed,
            $"The schema changed. If that is intended, run the tests once with {UpdateVariable}=1 and commit Tests/Api/SchemaRoot/schema.graphql.");
    }

    [Fact]
    public async Task Every_type_and_field_is_described()
    {
        var sdl = await app.CreateClient().GetStringAsync("/graphql/schema.graphql", TestContext.Current.CancellationToken);
        var lines = sdl.ReplaceLineEndings("\n").Split('\n');
        var undescribed = new List<string>();
        var inSchemaBlock = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd();
            if (line.StartsWith("schema", StringComparison.Ordinal))
                inSchemaBlock = true;
            if (inSchemaBlock)
            {
                inSchemaBlock = line != "}";
                continue;
            }

            var isField = line.StartsWith("  ", StringComparison.Ordinal) && !line.StartsWith("   ", StringComparison.Ordinal)
                && line.Contains(':', StringComparison.Ordinal) && !line.TrimStart().StartsWith('"');
            var isType = line.StartsWith("type ", StringComparison.Ordinal) || line.StartsWith("input ", StringComparison.Ordinal)
                || line.StartsWith("enum ", StringComparison.Ordinal) || line.StartsWith("scalar ", StringComparison.Ordinal);
            if ((isField || isType) && (i == 0 || !lines[i - 1].TrimEnd().EndsWith('"')))
                undescribed.Add(line.Trim());
        }

        Assert.Empty(undescribed);
    }

    [Fact]
    public void Every_kind_of_board_change_has_an_event_type_and_no_event_type_names_a_change_that_does_not_exist()
    {
        var changes = typeof(KanbanCustomer.Domain.Common.BoardChange).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(KanbanCustomer.Domain.Common.BoardChange)) && !t.IsAbstract)
            .Select(t => t.Name).Order(StringComparer.Ordinal).ToList();
        var named = typeof(KanbanCustomer.Api.Events.BoardEventObjectType).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(KanbanCustomer.Api.Events.BoardEventObjectType)) && !t.IsAbstract)
            .SelectMany(t => ((KanbanCustomer.Api.Events.BoardEventObjectType)Activator.CreateInstance(t)!).Types)
            .Order(StringComparer.Ordinal).ToList();

        Assert.Contains("ExperimentUpdated", changes);
        Assert.Equal(changes, named);
    }

    private static string SnapshotPath([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "schema.graphql");
}
