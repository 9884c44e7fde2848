using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KanbanCustomer.Api.Execution;
using KanbanCustomer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KanbanCustomer.Tests.Api;

/// <summary>
/// The persisted operation files: the ids of the shipped ones, and what in a folder of them stops the start.
/// </summary>
public sealed class PersistedOperationFileTests(SqliteApp app) : PersistedOperationTestBase(app), IClassFixture<SqliteApp>
{
    [Fact]
    public void The_shipped_operations_hash_to_the_ids_the_docs_list()
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "persisted-operations.md"));
        var loaded = App.Services.GetRequiredService<PersistedOperations>();
        var files = Directory.GetFiles(ShippedFolder(), "*.graphql");

        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            // Without a BOM and with LF line endings, the id is what sha256sum prints for the file.
            var bytes = File.ReadAllBytes(file);
            var id = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
            Assert.Equal(id, PersistedOperations.IdOf(PersistedOperations.Normalise(Encoding.UTF8.GetString(bytes))));
            Assert.Contains(readme, line => line.Contains($"`{name}`", StringComparison.Ordinal) && line.Contains($"`{id}`", StringComparison.Ordinal));
            Assert.Equal(name, loaded.Sources[id]);
        }
    }

    [Fact]
    public void A_Windows_checkout_gives_the_same_id()
    {
        var lf = "query Viewer {\n  viewer { id }\n}\n";
        var crlf = "\uFEFFquery Viewer {\r\n  viewer { id }\r\n}\r\n";

        Assert.Equal(PersistedOperations.IdOf(lf), PersistedOperations.IdOf(PersistedOperations.Normalise(crlf)));
    }

    [Fact]
    public void A_malformed_file_stops_the_start_and_names_the_file()
    {
        using var folder = new TempFolder();
        folder.Write("Broken.graphql", "query { viewer { id ");

        var error = Assert.Throws<InvalidOperationException>(() => folder.Load());

        Assert.Contains("Broken.graphql", error.Message, StringComparison.Ordinal);
        Assert.Contains("GraphQL:PersistedOperations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operation_the_schema_cannot_run_stops_the_start_and_names_the_file_and_the_fault()
    {
        using var folder = new TempFolder();
        folder.Write("Fine.graphql", "query Fine($id: ID!) { board(id: $id) { id name } }");
        folder.Write("Stale.graphql", "query Stale { viewer { id shoeSize } }");
        var schema = App.Services.GetRequiredService<GraphQL.Types.ISchema>();
        var check = new PersistedOperationsCheck(folder.Load(), schema);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => check.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Stale.graphql", error.Message, StringComparison.Ordinal);
        Assert.Contains("shoeSize", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Fine.graphql", error.Message, StringComparison.Ordinal); // a missing variable value is the request's business
        Assert.Empty(await App.Services.GetRequiredService<PersistedOperations>().ProblemsAgainstAsync(schema, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void A_file_without_an_operation_stops_the_start()
    {
        using var folder = new TempFolder();
        folder.Write("OnlyFragment.graphql", "fragment F on Viewer { id }");

        var error = Assert.Throws<InvalidOperationException>(() => folder.Load());

        Assert.Contains("OnlyFragment.graphql", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_Apollo_manifest_is_read_and_an_id_that_is_not_its_bodys_hash_stops_the_start()
    {
        const string body = "query Me { viewer { id } }";
        var hex = PersistedOperations.IdOf(body)["sha256:".Length..];
        using var good = new TempFolder();
        good.Write(PersistedOperations.ManifestFileName, JsonSerializer.Serialize(new { format = "apollo-persisted-query-manifest", version = 1, operations = new[] { new { id = hex, name = "Me", type = "query", body } } }));
        using var bad = new TempFolder();
        bad.Write(PersistedOperations.ManifestFileName, JsonSerializer.Serialize(new { operations = new[] { new { id = new string('a', 64), body } } }));

        var loaded = good.Load();
        var error = Assert.Throws<InvalidOperationException>(() => bad.Load());

        Assert.Equal(body, loaded.Find("sha256:" + hex));
        Assert.Contains("operations[0]", error.Message, StringComparison.Ordinal);
        Assert.Contains("not the SHA-256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_folder_that_is_missing_stops_the_start_and_the_default_one_may_be_absent()
    {
        using var root = new TempFolder();
        var settings = new PersistedOperationSettings { Path = "Nowhere" };

        Assert.Throws<InvalidOperationException>(() => PersistedOperations.Load(root.Path, settings, pathConfigured: true));
        Assert.Empty(PersistedOperations.Load(root.Path, settings, pathConfigured: false).Sources);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("kanban-persisted-").FullName;

        public void Write(string name, string text) => File.WriteAllText(System.IO.Path.Combine(Path, name), text);

        public PersistedOperations Load() => PersistedOperations.Load(Path, new PersistedOperationSettings { Path = "." }, pathConfigured: true);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
