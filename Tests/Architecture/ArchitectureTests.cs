using System.Reflection;
using KanbanCustomer.Api.Auth;
using KanbanCustomer.Domain.Common;
using KanbanCustomer.Infrastructure.Persistence;
using NetArchTest.Rules;

namespace KanbanCustomer.Tests.Architecture;

/// <summary>
/// The shape the code keeps (docs/layout.md): Domain depends on nothing, Infrastructure never on Api; inside Api,
/// Transport -> Execution -> SchemaRoot -> features -> Common, one way, and no two Api folders depend on each other.
/// </summary>
public sealed class ArchitectureTests
{
    private const string Api = "KanbanCustomer.Api";
    private static readonly Assembly ApiAssembly = typeof(AuthSettings).Assembly;

    /// <summary>The features: each with its types, queries, mutations and inputs.</summary>
    private static readonly string[] Features = ["Boards", "Cards", "Customers", "Members", "Insights", "Flow", "Comments", "Watching", "Notifications", "Events", "Webhooks", "Nodes"];

    [Fact]
    public void Domain_references_nothing_but_the_runtime()
    {
        var references = typeof(DomainException).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.All(references, name => Assert.True(name is "netstandard" || name.StartsWith("System", StringComparison.Ordinal), $"Domain references {name}"));
    }

    [Fact]
    public void Infrastructure_never_references_the_Api()
    {
        var references = typeof(KanbanDbContext).Assembly.GetReferencedAssemblies().Select(a => a.Name);

        Assert.DoesNotContain(ApiAssembly.GetName().Name, references);
    }

    [Fact]
    public void Persistence_references_no_other_infrastructure_module()
    {
        // Persistence declares what it needs (ICommittedEvents, ICurrentActor); the other modules implement it.
        AssertNone(Types.InAssembly(typeof(KanbanDbContext).Assembly).That().ResideInNamespace("KanbanCustomer.Infrastructure.Persistence")
            .Should().NotHaveDependencyOnAny("KanbanCustomer.Infrastructure.Events", "KanbanCustomer.Infrastructure.Jobs", "KanbanCustomer.Infrastructure.Webhooks",
                "KanbanCustomer.Infrastructure.Limits", "KanbanCustomer.Infrastructure.Redis"));
    }

    [Fact]
    public void Transports_do_not_reach_persistence()
    {
        AssertNone(Types.InAssembly(ApiAssembly).That().ResideInNamespace($"{Api}.Transport")
            .Should().NotHaveDependencyOnAny("KanbanCustomer.Infrastructure.Persistence", "Microsoft.EntityFrameworkCore"));
    }

    [Fact]
    public void Transports_run_requests_only_through_Execution()
    {
        AssertNone(Types.InAssembly(ApiAssembly).That().ResideInNamespace($"{Api}.Transport")
            .Should().NotHaveDependencyOnAny([.. Features.Append("SchemaRoot").Select(f => $"{Api}.{f}")]));
    }

    [Fact]
    public void Common_GraphQL_helpers_import_no_feature_and_no_outer_layer()
    {
        AssertNone(Types.InAssembly(ApiAssembly).That().ResideInNamespace($"{Api}.Common")
            .Should().NotHaveDependencyOnAny([.. Features.Concat(["SchemaRoot", "Execution", "Transport", "Hosting"]).Select(f => $"{Api}.{f}")]));
    }

    [Fact]
    public void Features_and_the_schema_root_never_reach_outward()
    {
        AssertNone(Types.InAssembly(ApiAssembly).That().ResideInNamespaceMatching($@"^{Api.Replace(".", @"\.", StringComparison.Ordinal)}\.({string.Join("|", Features)}|SchemaRoot)(\..*)?$")
            .Should().NotHaveDependencyOnAny($"{Api}.Execution", $"{Api}.Transport", $"{Api}.Hosting"));
    }

    [Fact]
    public void Execution_never_reaches_a_transport()
    {
        AssertNone(Types.InAssembly(ApiAssembly).That().ResideInNamespace($"{Api}.Execution")
            .Should().NotHaveDependencyOnAny($"{Api}.Transport", $"{Api}.Hosting"));
    }

    [Fact]
    public void No_two_Api_folders_depend_on_each_other_even_through_others()
    {
        var graph = FolderGraph();

        var cycle = FindCycle(graph);

        Assert.True(cycle is null, $"Api folders in a cycle: {string.Join(" -> ", cycle ?? [])}\nAll edges:\n" +
            string.Join("\n", graph.SelectMany(g => g.Value.Select(to => $"  {g.Key} -> {to}"))));
    }

    /// <summary>Which top-level Api folder (namespace) uses which, from the compiled types.</summary>
    internal static Dictionary<string, SortedSet<string>> FolderGraph()
    {
        var folders = ApiAssembly.GetTypes()
            .Select(t => t.Namespace)
            .Where(n => n is not null && n.StartsWith(Api + ".", StringComparison.Ordinal))
            .Select(n => n![(Api.Length + 1)..].Split('.')[0])
            .ToHashSet();
        var graph = folders.ToDictionary(f => f, _ => new SortedSet<string>(StringComparer.Ordinal));
        foreach (var from in folders)
        {
            foreach (var to in folders.Where(to => to != from))
            {
                var users = Types.InAssembly(ApiAssembly).That().ResideInNamespace($"{Api}.{from}").And().HaveDependencyOn($"{Api}.{to}").GetTypes();
                if (users.Any())
                    graph[from].Add(to);
            }
        }

        return graph;
    }

    internal static List<string>? FindCycle(Dictionary<string, SortedSet<string>> graph)
    {
        var state = new Dictionary<string, int>();
        var path = new List<string>();

        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph[node])
            {
                if (state.GetValueOrDefault(next) == 1)
                    return [.. path.SkipWhile(n => n != next), next];
                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found)
                    return found;
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle)
                return cycle;
        }

        return null;
    }

    private static void AssertNone(ConditionList rule)
    {
        var result = rule.GetResult();
        Assert.True(result.IsSuccessful, "Breaks the layering: " + string.Join(", ", result.FailingTypeNames ?? []));
    }
}
